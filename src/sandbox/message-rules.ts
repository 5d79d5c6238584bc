/**
 * What Meta checks in a send body (cloud-api.md §2): required fields, lengths and counts. Each problem
 * answers code 100 with details naming the field, as Meta does.
 */
import { invalidParameter, graphError } from './meta-errors.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function req(o: unknown, path: string): Obj {
  if (!isObj(o)) throw graphError(100, 'The parameter is required', `The parameter ${path} is required.`);
  return o;
}
function text(v: unknown, path: string, max: number, required = true): void {
  if (v === undefined || v === null) {
    if (required) throw graphError(100, `The parameter ${path} is required.`, `The parameter ${path} is required.`);
    return;
  }
  if (typeof v !== 'string') throw invalidParameter(`Param ${path} must be a string.`);
  if (required && v.length === 0) throw invalidParameter(`Param ${path} must not be empty.`);
  if ([...v].length > max) throw invalidParameter(`Param ${path} must be at most ${max} characters long.`);
}

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'];

function media(o: unknown, path: string, caption: boolean, mediaExists: (id: string) => boolean): void {
  const m = req(o, path);
  const hasId = typeof m.id === 'string' && m.id !== '';
  const hasLink = typeof m.link === 'string' && m.link !== '';
  if (hasId === hasLink) throw invalidParameter(`${path} must have exactly one of id or link.`);
  if (hasLink && !/^https?:\/\//.test(m.link as string)) throw invalidParameter(`${path}['link'] must be an http(s) URL.`);
  if (hasId && !mediaExists(m.id as string)) throw graphError(131053, 'Media upload error', `Media ID ${String(m.id)} does not exist or has expired.`);
  if (caption) text(m.caption, `${path}['caption']`, 1024, false);
  else if (m.caption !== undefined) throw invalidParameter(`${path} does not take a caption.`);
}

function interactive(o: unknown, mediaExists: (id: string) => boolean): void {
  const i = req(o, 'interactive');
  const type = i.type;
  const body = i.body;
  if (type !== 'location_request_message' || body !== undefined) {
    const b = req(body, "interactive['body']");
    text(b.text, "interactive['body']['text']", type === 'list' ? 4096 : 1024);
  }
  if (i.footer !== undefined) text(req(i.footer, "interactive['footer']").text, "interactive['footer']['text']", 60);
  if (i.header !== undefined) {
    const h = req(i.header, "interactive['header']");
    if (h.type === 'text') text(h.text, "interactive['header']['text']", 60);
    else if (['image', 'video', 'document'].includes(h.type as string) && type !== 'list') media(h[h.type as string], `interactive['header']['${String(h.type)}']`, false, mediaExists);
    else throw invalidParameter(`interactive['header']['type'] ${String(h.type)} is not allowed for ${String(type)} messages.`);
  }
  const action = req(i.action, "interactive['action']");
  switch (type) {
    case 'button': {
      const buttons = action.buttons;
      if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) throw invalidParameter("interactive['action']['buttons'] must have 1 to 3 buttons.");
      const ids = new Set<unknown>();
      const titles = new Set<unknown>();
      buttons.forEach((b, n) => {
        const r = req(req(b, `buttons[${n}]`).reply, `buttons[${n}]['reply']`);
        text(r.id, `buttons[${n}]['reply']['id']`, 256);
        text(r.title, `buttons[${n}]['reply']['title']`, 20);
        if (ids.has(r.id)) throw invalidParameter('Reply button ids must be unique.');
        if (titles.has(r.title)) throw invalidParameter('Reply button titles must be unique.');
        ids.add(r.id);
        titles.add(r.title);
      });
      break;
    }
    case 'list': {
      text(action.button, "interactive['action']['button']", 20);
      const sections = action.sections;
      if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) throw invalidParameter("interactive['action']['sections'] must have 1 to 10 sections.");
      let rows = 0;
      const rowIds = new Set<unknown>();
      sections.forEach((s, n) => {
        const sec = req(s, `sections[${n}]`);
        text(sec.title, `sections[${n}]['title']`, 24, sections.length > 1);
        if (!Array.isArray(sec.rows) || sec.rows.length === 0) throw invalidParameter(`sections[${n}]['rows'] is required.`);
        for (const [k, r] of sec.rows.entries()) {
          const row = req(r, `rows[${k}]`);
          text(row.id, `rows[${k}]['id']`, 200);
          text(row.title, `rows[${k}]['title']`, 24);
          text(row.description, `rows[${k}]['description']`, 72, false);
          if (rowIds.has(row.id)) throw invalidParameter('Row ids must be unique across sections.');
          rowIds.add(row.id);
          rows++;
        }
      });
      if (rows > 10) throw invalidParameter('A list message may have at most 10 rows in total.');
      break;
    }
    case 'cta_url': {
      const p = req(action.parameters, "interactive['action']['parameters']");
      text(p.display_text, "parameters['display_text']", 20);
      text(p.url, "parameters['url']", 2000);
      break;
    }
    case 'flow': {
      const p = req(action.parameters, "interactive['action']['parameters']");
      if (!p.flow_id && !p.flow_name) throw invalidParameter('flow_id or flow_name is required.');
      text(p.flow_cta, "parameters['flow_cta']", 30);
      break;
    }
    case 'location_request_message':
      if (action.name !== 'send_location') throw invalidParameter("interactive['action']['name'] must be send_location.");
      break;
    case 'product':
    case 'product_list':
    case 'catalog_message':
      break;
    default:
      throw invalidParameter(`interactive['type'] ${String(type)} is not supported.`);
  }
}

/** Checks a non-template, non-status send body; the template is checked in template-rules.ts. */
export function checkMessageBody(body: Obj, mediaExists: (id: string) => boolean): void {
  const type = body.type ?? 'text';
  switch (type) {
    case 'text': {
      const t = req(body.text, 'text');
      text(t.body, "text['body']", 4096);
      if (t.preview_url !== undefined && typeof t.preview_url !== 'boolean') throw invalidParameter("text['preview_url'] must be a boolean.");
      return;
    }
    case 'location': {
      const l = req(body.location, 'location');
      for (const k of ['latitude', 'longitude']) {
        const n = Number(l[k]);
        if (l[k] === undefined || Number.isNaN(n) || Math.abs(n) > (k === 'latitude' ? 90 : 180)) throw invalidParameter(`location['${k}'] is required and must be a valid coordinate.`);
      }
      return;
    }
    case 'contacts': {
      const list = body.contacts;
      // [OAS] allows 1–5 contacts per message (cloud-api.md §2.5).
      if (!Array.isArray(list) || list.length === 0 || list.length > 5) throw invalidParameter('contacts must be an array of 1 to 5 contacts.');
      list.forEach((c, n) => text(req(req(c, `contacts[${n}]`).name, `contacts[${n}]['name']`).formatted_name, `contacts[${n}]['name']['formatted_name']`, 1000));
      return;
    }
    case 'interactive':
      return interactive(body.interactive, mediaExists);
    case 'reaction': {
      const r = req(body.reaction, 'reaction');
      text(r.message_id, "reaction['message_id']", 256);
      if (typeof r.emoji !== 'string') throw graphError(100, "The parameter reaction['emoji'] is required.", "The parameter reaction['emoji'] is required (an empty string removes the reaction).");
      return;
    }
    default:
      if (MEDIA_TYPES.includes(type as string)) return media(body[type as string], type as string, ['image', 'video', 'document'].includes(type as string), mediaExists);
      throw graphError(100, 'Invalid parameter', `Unsupported message type ${String(type)}.`);
  }
}
