/**
 * What a send of a message template has to carry, read by the sandbox from the template as
 * GET /{waba}/message_templates returns it (cloud-api.md §2.8, §9): the sandbox's own reading, written
 * from Meta's documentation and independent of the connector's, so that a mistake in the connector's
 * reading shows up as Meta's error here.
 */
import { PAGES } from './meta-limits.js';

export interface TemplateButton {
  type: string;
  text?: string;
  url?: string;
  otp_type?: string;
  [key: string]: unknown;
}

export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  buttons?: TemplateButton[];
  [key: string]: unknown;
}

/** A template of the sandbox's world, shaped as Meta lists it. */
export interface StoredTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format?: string;
  components?: TemplateComponent[];
}

export type HeaderSlot = { kind: 'text'; name: string } | { kind: 'image' | 'video' | 'document' | 'location' };

/** A button a send may (or must) give a parameter for: its `sub_type` and the parameter `type` Meta expects. */
export interface ButtonSlot {
  index: number;
  subType: 'url' | 'quick_reply' | 'copy_code' | 'flow' | 'catalog' | 'mpm';
  parameter: 'text' | 'payload' | 'coupon_code' | 'action';
  required: boolean;
  /** Where Meta documents it. */
  source: string;
}

export interface TemplateSlots {
  header?: HeaderSlot;
  /** Body variable names in the order a positional send fills them ({{1}}, {{2}}…), or as written when named. */
  body: string[];
  buttons: ButtonSlot[];
}

const VARIABLE = /\{\{\s*(\w+)\s*\}\}/g;

function variables(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  const seen: string[] = [];
  for (const m of text.matchAll(VARIABLE)) if (!seen.includes(m[1])) seen.push(m[1]);
  return seen;
}

function buttonSlot(b: TemplateButton, index: number): ButtonSlot | undefined {
  switch (b.type.toUpperCase()) {
    case 'URL':
      // Only a URL with a variable takes a parameter: the suffix (cloud-api.md §2.8).
      return variables(b.url).length > 0 ? { index, subType: 'url', parameter: 'text', required: true, source: 'cloud-api.md §2.8' } : undefined;
    case 'QUICK_REPLY':
      return { index, subType: 'quick_reply', parameter: 'payload', required: false, source: 'cloud-api.md §2.8' };
    case 'COPY_CODE':
      return { index, subType: 'copy_code', parameter: 'coupon_code', required: true, source: 'cloud-api.md §2.8' };
    case 'OTP':
      // Every one-time-password button carries the code as a `url` button parameter — zero-tap too: when the
      // code cannot be handed to the app, the message falls back to a copy-code or one-tap button.
      return { index, subType: 'url', parameter: 'text', required: true, source: PAGES.zeroTap };
    case 'FLOW':
      return { index, subType: 'flow', parameter: 'action', required: false, source: 'cloud-api.md §2.8' };
    // A catalog button may name its thumbnail product; a multi-product button must list its products
    // (cloud-api.md §2.8: the action parameter; [OAS] "Send Catalog Template Message").
    case 'CATALOG':
      return { index, subType: 'catalog', parameter: 'action', required: false, source: 'cloud-api.md §2.8' };
    case 'MPM':
      return { index, subType: 'mpm', parameter: 'action', required: true, source: 'cloud-api.md §2.8' };
    default:
      return undefined;
  }
}

export function templateSlots(t: StoredTemplate): TemplateSlots {
  const slots: TemplateSlots = { body: [], buttons: [] };
  for (const c of t.components ?? []) {
    const type = c.type.toUpperCase();
    if (type === 'HEADER') {
      const format = (c.format ?? 'TEXT').toUpperCase();
      const [name] = variables(c.text);
      if (format === 'TEXT') slots.header = name === undefined ? undefined : { kind: 'text', name };
      else if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT' || format === 'LOCATION') slots.header = { kind: format.toLowerCase() as 'image' };
    } else if (type === 'BODY') {
      const names = variables(c.text);
      // Positional variables are filled in their number's order, whatever order the text uses them in.
      slots.body = names.every((n) => /^\d+$/.test(n)) ? names.sort((a, b) => Number(a) - Number(b)) : names;
    } else if (type === 'BUTTONS') {
      (c.buttons ?? []).forEach((b, i) => {
        const slot = buttonSlot(b, i);
        if (slot) slots.buttons.push(slot);
      });
    }
  }
  return slots;
}
