/**
 * What Meta checks in the body of a send (cloud-api.md §2): required fields, lengths and counts, from
 * the sandbox's own table (meta-limits.ts). Each problem answers code 100 with details naming the
 * field, as Meta does.
 */
import { invalidParameter, graphError } from './meta-errors.js';
import { LIMITS, type MetaLimit } from './meta-limits.js';
import { MEDIA_KINDS } from './media-table.js';
import { checkCommerceAction, COMMERCE_TYPES } from './commerce-rules.js';
import type { Catalog } from './catalog.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const required = (path: string) => graphError(100, `The parameter ${path} is required.`, `The parameter ${path} is required.`);

function req(o: unknown, path: string): Obj {
  if (!isObj(o)) throw required(path);
  return o;
}

/** A string within `limit` (characters counted as code points); absent is fine unless the limit has a minimum. */
function text(v: unknown, path: string, limit: Pick<MetaLimit, 'min' | 'max'>): void {
  if (v === undefined || v === null) {
    if (limit.min) throw required(path);
    return;
  }
  if (typeof v !== 'string') throw invalidParameter(`Param ${path} must be a string.`);
  const length = [...v].length;
  if (limit.min && length < limit.min) throw invalidParameter(`Param ${path} must not be empty.`);
  if (length > limit.max) throw invalidParameter(`Param ${path} must be at most ${limit.max} characters long.`);
}

function count(list: unknown, path: string, limit: Pick<MetaLimit, 'min' | 'max'>, what: string): unknown[] {
  if (!Array.isArray(list) || list.length < (limit.min ?? 0) || list.length > limit.max) {
    throw invalidParameter(`${path} must have ${limit.min ?? 0} to ${limit.max} ${what}.`);
  }
  return list;
}

const MEDIA_TYPES = new Set<string>(MEDIA_KINDS.map((k) => k.kind));
const CAPTIONED = new Set(['image', 'video', 'document']);

/** A media object: exactly one of an uploaded `id` or an http(s) `link` ([OAS] MediaObject_1). */
function media(o: unknown, path: string, options: { caption: boolean; filename: boolean }, mediaExists: (id: string) => boolean): void {
  const m = req(o, path);
  const hasId = typeof m.id === 'string' && m.id !== '';
  const hasLink = typeof m.link === 'string' && m.link !== '';
  if (hasId === hasLink) throw invalidParameter(`${path} must have exactly one of id or link.`);
  if (hasLink && !/^https?:\/\//i.test(m.link as string)) throw invalidParameter(`${path}['link'] must be an http(s) URL.`);
  if (hasId && !mediaExists(m.id as string)) throw graphError(131053, 'Media upload error', `Media ID ${String(m.id)} does not exist or has expired.`);
  if (options.caption) text(m.caption, `${path}['caption']`, LIMITS.caption);
  else if (m.caption !== undefined) throw invalidParameter(`${path} does not take a caption.`);
  if (options.filename && m.filename !== undefined && typeof m.filename !== 'string') throw invalidParameter(`Param ${path}['filename'] must be a string.`);
}

/** Which header types each interactive type takes ([OAS] HeaderObject; list and product_list: text only). */
const HEADER_TYPES: Record<string, readonly string[]> = {
  button: ['text', 'image', 'video', 'document'],
  cta_url: ['text', 'image', 'video', 'document'],
  flow: ['text', 'image', 'video', 'document'],
  list: ['text'],
  product_list: ['text'],
  order_details: ['text', 'image', 'video', 'document'],
};

function header(i: Obj, type: string, mediaExists: (id: string) => boolean): void {
  if (i.header === undefined) {
    // [OAS] HeaderObject: "Required for 'product_list' type."
    if (type === 'product_list') throw required("interactive['header']");
    return;
  }
  const h = req(i.header, "interactive['header']");
  const allowed = HEADER_TYPES[type] ?? [];
  if (!allowed.includes(String(h.type))) throw invalidParameter(`interactive['header']['type'] ${String(h.type)} is not allowed for ${type} messages.`);
  if (h.type === 'text') {
    text(h.text, "interactive['header']['text']", { ...LIMITS.headerText, min: 1 });
    text(h.sub_text, "interactive['header']['sub_text']", LIMITS.headerSubText);
  } else media(h[h.type as string], `interactive['header']['${String(h.type)}']`, { caption: false, filename: h.type === 'document' }, mediaExists);
}

function unique(values: unknown[], message: string): void {
  if (new Set(values).size !== values.length) throw invalidParameter(message);
}

function replyButtons(action: Obj): void {
  const buttons = count(action.buttons, "interactive['action']['buttons']", LIMITS.replyButtons, 'buttons');
  const replies = buttons.map((b, n) => {
    const button = req(b, `buttons[${n}]`);
    if (button.type !== 'reply') throw invalidParameter(`buttons[${n}]['type'] must be reply.`);
    const r = req(button.reply, `buttons[${n}]['reply']`);
    text(r.id, `buttons[${n}]['reply']['id']`, LIMITS.replyId);
    if ((r.id as string).trim() !== r.id) throw invalidParameter(`buttons[${n}]['reply']['id'] must not start or end with spaces.`);
    text(r.title, `buttons[${n}]['reply']['title']`, LIMITS.replyTitle);
    return r;
  });
  unique(
    replies.map((r) => r.id),
    'Reply button ids must be unique.',
  );
  unique(
    replies.map((r) => r.title),
    'Reply button titles must be unique.',
  );
}

function list(action: Obj): void {
  text(action.button, "interactive['action']['button']", LIMITS.listButton);
  const sections = count(action.sections, "interactive['action']['sections']", LIMITS.sections, 'sections');
  const rows = sections.flatMap((s, n) => {
    const section = req(s, `sections[${n}]`);
    text(section.title, `sections[${n}]['title']`, { ...LIMITS.sectionTitle, min: sections.length > 1 ? 1 : 0 });
    if (!Array.isArray(section.rows) || section.rows.length === 0) throw required(`sections[${n}]['rows']`);
    return section.rows.map((r, k) => {
      const row = req(r, `sections[${n}]['rows'][${k}]`);
      text(row.id, `rows[${k}]['id']`, LIMITS.rowId);
      text(row.title, `rows[${k}]['title']`, LIMITS.rowTitle);
      text(row.description, `rows[${k}]['description']`, LIMITS.rowDescription);
      return row;
    });
  });
  if (rows.length > LIMITS.listRows.max) throw invalidParameter(`A list message may have at most ${LIMITS.listRows.max} rows in all sections together.`);
  unique(
    rows.map((r) => r.id),
    'Row ids must be unique across sections.',
  );
}

/** [OAS] ActionObject, the flow variant: version "3", exactly one of flow_id and flow_name, a flow_cta. */
function flow(action: Obj): void {
  const p = req(action.parameters, "interactive['action']['parameters']");
  if (p.flow_message_version !== '3') throw invalidParameter('parameters[\'flow_message_version\'] is required and must be "3".');
  if ((p.flow_id === undefined) === (p.flow_name === undefined)) throw invalidParameter('parameters: give exactly one of flow_id and flow_name.');
  text(p.flow_cta, "parameters['flow_cta']", LIMITS.flowCta);
  if (p.mode !== undefined && p.mode !== 'draft' && p.mode !== 'published') throw invalidParameter("parameters['mode'] must be draft or published.");
  if (p.flow_action !== undefined && p.flow_action !== 'navigate' && p.flow_action !== 'data_exchange') throw invalidParameter("parameters['flow_action'] must be navigate or data_exchange.");
}

function interactive(o: unknown, mediaExists: (id: string) => boolean, catalog: Catalog | undefined): void {
  const i = req(o, 'interactive');
  const type = String(i.type);
  // [OAS] BodyObject: "Optional for 'product' type, required for other interactive message types."
  if (type !== 'product' || i.body !== undefined) text(req(i.body, "interactive['body']").text, "interactive['body']['text']", type === 'list' ? LIMITS.listBody : LIMITS.body);
  if (i.footer !== undefined) text(req(i.footer, "interactive['footer']").text, "interactive['footer']['text']", { ...LIMITS.footer, min: 1 });
  if (type === 'product' && i.header !== undefined) throw invalidParameter("interactive['header'] cannot be set for product messages.");
  header(i, type, mediaExists);
  const action = req(i.action, "interactive['action']");
  switch (type) {
    case 'button':
      return replyButtons(action);
    case 'list':
      return list(action);
    case 'cta_url': {
      if (action.name !== 'cta_url') throw invalidParameter("interactive['action']['name'] must be cta_url.");
      const p = req(action.parameters, "interactive['action']['parameters']");
      text(p.display_text, "parameters['display_text']", LIMITS.ctaDisplayText);
      if (typeof p.url !== 'string' || !/^https?:\/\//i.test(p.url)) throw invalidParameter("parameters['url'] is required and must be an http(s) URL.");
      return;
    }
    case 'flow':
      if (action.name !== 'flow') throw invalidParameter("interactive['action']['name'] must be flow.");
      return flow(action);
    case 'location_request_message':
      if (action.name !== 'send_location') throw invalidParameter("interactive['action']['name'] must be send_location.");
      return;
    default:
      if (COMMERCE_TYPES.has(type) && catalog) return checkCommerceAction(type, action, catalog);
      throw invalidParameter(`interactive['type'] ${type} is not supported.`);
  }
}

// Made on first use: building this set of emoji sequences takes about 14 ms, which every import of
// the package (it exports the sandbox) would pay.
let emoji: RegExp | undefined;
const isOneEmoji = (value: string): boolean => (emoji ??= new RegExp('^\\p{RGI_Emoji}$', 'v')).test(value);

/** Checks a non-template, non-status send body; the template is checked in template-rules.ts. */
export function checkMessageBody(body: Obj, mediaExists: (id: string) => boolean, catalog?: Catalog): void {
  const type = String(body.type ?? 'text');
  switch (type) {
    case 'text': {
      const t = req(body.text, 'text');
      text(t.body, "text['body']", LIMITS.textBody);
      if (t.preview_url !== undefined && typeof t.preview_url !== 'boolean') throw invalidParameter("text['preview_url'] must be a boolean.");
      return;
    }
    case 'location': {
      const l = req(body.location, 'location');
      for (const [k, limit] of [
        ['latitude', LIMITS.latitude],
        ['longitude', LIMITS.longitude],
      ] as const) {
        // The page writes coordinates as strings of decimal degrees, [OAS] examples as numbers: both are read.
        const n = typeof l[k] === 'number' || (typeof l[k] === 'string' && l[k].trim() !== '') ? Number(l[k]) : NaN;
        if (!Number.isFinite(n) || n < limit.min || n > limit.max) throw invalidParameter(`location['${k}'] is required and must be decimal degrees from ${limit.min} to ${limit.max}.`);
      }
      return;
    }
    case 'contacts': {
      const list = count(body.contacts, 'contacts', LIMITS.contacts, 'contacts');
      list.forEach((c, n) => {
        const name = req(req(c, `contacts[${n}]`).name, `contacts[${n}]['name']`);
        text(name.formatted_name, `contacts[${n}]['name']['formatted_name']`, { min: 1, max: Infinity });
      });
      return;
    }
    case 'interactive':
      return interactive(body.interactive, mediaExists, catalog);
    case 'reaction': {
      const r = req(body.reaction, 'reaction');
      text(r.message_id, "reaction['message_id']", { min: 1, max: Infinity });
      if (typeof r.emoji !== 'string') throw graphError(100, "The parameter reaction['emoji'] is required.", "The parameter reaction['emoji'] is required (an empty string removes the reaction).");
      // The page: "Unicode escape sequence of the emoji, or the emoji itself" — one emoji.
      if (r.emoji !== '' && !isOneEmoji(r.emoji)) throw invalidParameter(`reaction['emoji'] must be one emoji; ${JSON.stringify(r.emoji)} is not.`);
      return;
    }
    default:
      if (MEDIA_TYPES.has(type)) return media(body[type], type, { caption: CAPTIONED.has(type), filename: type === 'document' }, mediaExists);
      throw graphError(100, 'Invalid parameter', `Unsupported message type ${type}.`);
  }
}
