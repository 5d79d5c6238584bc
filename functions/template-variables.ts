/**
 * Reads a message template (as GET /{waba}/message_templates returns it) and lists the variables a send
 * must fill: header text / media / location, body variables (positional {{1}} or named {{first_name}}),
 * the offer expiry of a limited-time offer, per-button values, and the same for each carousel card.
 * One source of truth for both the form fields and the components built from them.
 */

import { frozenMemo } from './frozen-memo.js';

export interface TemplateButton {
  type: string;
  text?: string;
  url?: string;
  otp_type?: string;
}

export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  buttons?: TemplateButton[];
  cards?: Array<{ components?: TemplateComponent[] }>;
  limited_time_offer?: { text?: string; has_expiration?: boolean };
}

export interface MessageTemplate {
  id?: string;
  name: string;
  language: string;
  status?: string;
  category?: string;
  parameter_format?: string;
  components?: TemplateComponent[];
}

/** What a button variable holds; a button may have two (a flow's token and data, a multi-product's thumbnail and sections). */
export type ButtonValue = 'url' | 'otp' | 'quick_reply' | 'copy_code' | 'flow_token' | 'flow_action_data' | 'catalog' | 'mpm_thumbnail' | 'mpm_sections';
export type HeaderKind = 'image' | 'video' | 'document' | 'location' | 'product';

/** `card` is the carousel card (from 0) a variable belongs to; absent for the message's own components. */
export type Variable = { field: string; card?: number } & (
  | { where: 'header'; kind: 'text'; name?: string }
  | { where: 'header'; kind: HeaderKind }
  | { where: 'body'; name: string; positional: boolean }
  | { where: 'button'; index: number; value: ButtonValue; required: boolean }
  | { where: 'limited_time_offer' }
);

const VAR = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const numeric = (v: string) => /^\d+$/.test(v);

function variablesIn(text: string | undefined): string[] {
  return [...new Set([...(text ?? '').matchAll(VAR)].map((m) => m[1]))];
}

// A kept answer is frozen and searched for every send of a campaign: each template is found once.
const foundIn = new WeakMap<object, Map<unknown, MessageTemplate>>();

/** Picks the template named by a list-templates value (`name:language`) out of an API answer. */
export function findTemplate(list: unknown, templateId: unknown): MessageTemplate {
  const frozen = Array.isArray(list) && Object.isFrozen(list);
  const found = frozen ? foundIn.get(list) : undefined;
  const known = found?.get(templateId);
  if (known) return known;
  const template = searchTemplate(list, templateId);
  if (frozen) {
    if (!found) foundIn.set(list, new Map([[templateId, template]]));
    else found.set(templateId, template);
  }
  return template;
}

function searchTemplate(list: unknown, templateId: unknown): MessageTemplate {
  const [name, language] = String(templateId ?? '').split(':');
  const templates = (Array.isArray(list) ? list : []) as MessageTemplate[];
  const exact = templates.find((t) => t.name === name && t.language === language);
  if (exact) return exact;
  const languages = templates.filter((t) => t.name === name).map((t) => t.language);
  throw new Error(
    languages.length > 0
      ? `template "${name}" has no "${language}" version (it exists in: ${languages.join(', ')})`
      : `no template "${name}" in language "${language}" in this WhatsApp Business Account (wabc rpc list-templates shows the names and languages it has)`,
  );
}

/** The variables of a template, read once per kept (frozen) definition. */
export const templateVariables = frozenMemo((t: MessageTemplate): readonly Variable[] => Object.freeze(readComponents(t.components ?? [], undefined)));

function readComponents(components: readonly TemplateComponent[], card: number | undefined): Variable[] {
  const out: Variable[] = [];
  const prefix = card === undefined ? '' : `card_${card}_`;
  const at = card === undefined ? {} : { card };
  for (const c of components) {
    const type = c.type.toUpperCase();
    if (type === 'HEADER') {
      const format = (c.format ?? 'TEXT').toUpperCase();
      if (format === 'TEXT') {
        const [v] = variablesIn(c.text);
        if (v !== undefined) out.push({ field: `${prefix}header_text`, ...at, where: 'header', kind: 'text', name: numeric(v) ? undefined : v });
      } else if (['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION', 'PRODUCT'].includes(format)) {
        const kind = format.toLowerCase() as HeaderKind;
        out.push({ field: `${prefix}header_${kind}`, ...at, where: 'header', kind });
      }
    } else if (type === 'BODY') {
      // Meta fills {{1}} from the first parameter, {{2}} from the second…: positional variables go by number.
      const names = variablesIn(c.text);
      if (names.every(numeric)) names.sort((a, b) => Number(a) - Number(b));
      for (const v of names) out.push({ field: `${prefix}body_${v}`, ...at, where: 'body', name: v, positional: numeric(v) });
    } else if (type === 'LIMITED_TIME_OFFER') {
      if (c.limited_time_offer?.has_expiration) out.push({ field: 'limited_time_offer', where: 'limited_time_offer' });
    } else if (type === 'BUTTONS') {
      (c.buttons ?? []).forEach((b, index) => {
        const button = (value: ButtonValue, required: boolean, name: string = value) => out.push({ field: `${prefix}button_${index}_${name}`, ...at, where: 'button', index, value, required });
        const bt = b.type.toUpperCase();
        if (bt === 'URL' && variablesIn(b.url).length > 0) button('url', true);
        // Every kind of one-time-password button carries the code — zero-tap too, whose message falls back
        // to a copy-code or one-tap button when the code cannot be handed over in the background.
        else if (bt === 'OTP') button('otp', true);
        else if (bt === 'QUICK_REPLY') button('quick_reply', false, 'payload');
        else if (bt === 'COPY_CODE') button('copy_code', true, 'coupon_code');
        else if (bt === 'FLOW') {
          button('flow_token', false);
          button('flow_action_data', false);
        } else if (bt === 'CATALOG') button('catalog', false, 'thumbnail');
        else if (bt === 'MPM') {
          button('mpm_thumbnail', true, 'thumbnail');
          button('mpm_sections', true, 'sections');
        }
        // PHONE_NUMBER, VOICE_CALL and SPM buttons take nothing at send time.
      });
    } else if (type === 'CAROUSEL') {
      (c.cards ?? []).forEach((cardOf, i) => out.push(...readComponents(cardOf.components ?? [], i)));
    }
  }
  return out;
}

export function hasLimitedTimeOffer(t: MessageTemplate): boolean {
  return (t.components ?? []).some((c) => c.type.toUpperCase() === 'LIMITED_TIME_OFFER');
}
