/**
 * One message as WhatsApp shows it, from the Cloud API's message object (what the business sent, or
 * what a customer's webhook carried). Media are shown as cards (a link is not fetched: the page loads
 * nothing from outside this machine).
 */
import { h } from './dom.js';

/** The customer taps something: the inbound message it makes (type and payload). */
export type Tap = (payload: Record<string, unknown>) => void;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : String(v));

const MEDIA_ICON: Record<string, string> = { image: '🖼', video: '🎬', audio: '🎵', document: '📄', sticker: '🏷' };

function media(kind: string, m: Obj): HTMLElement {
  const source = text(m.link) || (m.id ? `media ${text(m.id)}` : '');
  return h(
    'div',
    { class: `media media-${kind}` },
    h('span', { class: 'media-icon', 'aria-hidden': 'true' }, MEDIA_ICON[kind] ?? '📎'),
    h('span', { class: 'media-kind' }, kind),
    m.filename ? h('span', { class: 'media-name' }, text(m.filename)) : undefined,
    source ? h('span', { class: 'media-source' }, source) : undefined,
    m.caption ? h('p', { class: 'caption' }, text(m.caption)) : undefined,
  );
}

function button(label: string, onTap: (() => void) | undefined, note?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'chat-button', disabled: !onTap, title: note }, label);
  if (onTap) b.addEventListener('click', onTap);
  return b;
}

/** A template's parameter as shown: its text, or the fallback of a currency or date. */
function paramText(p: Obj): string {
  if (p.type === 'text') return text(p.text);
  if (p.type === 'currency') return text(obj(p.currency).fallback_value);
  if (p.type === 'date_time') return text(obj(p.date_time).fallback_value);
  return text(p[text(p.type)]);
}

function fill(pattern: string, params: Obj[]): string {
  return pattern.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) => {
    const p = /^\d+$/.test(key) ? params[Number(key) - 1] : params.find((x) => x.parameter_name === key);
    return p ? paramText(p) : whole;
  });
}

function template(body: Obj, definition: Obj | undefined, tap: Tap | undefined): HTMLElement {
  const t = obj(body.template);
  const sent = (Array.isArray(t.components) ? t.components : []).map(obj);
  const paramsOf = (type: string, index?: number) =>
    (sent.find((c) => text(c.type).toLowerCase() === type && (index === undefined || Number(c.index) === index))?.parameters as Obj[] | undefined) ?? [];
  const box = h('div', { class: 'template', 'data-template': text(t.name) });
  const defs = Array.isArray(definition?.components) ? definition.components.map(obj) : [];
  if (defs.length === 0) {
    box.append(h('p', { class: 'template-name' }, `Template ${text(t.name)}`), h('p', {}, paramsOf('body').map(paramText).join(' · ')));
    return box;
  }
  for (const c of defs) {
    const type = text(c.type).toUpperCase();
    if (type === 'HEADER') {
      const format = text(c.format).toLowerCase();
      if (format === 'text') box.append(h('p', { class: 'header' }, fill(text(c.text), paramsOf('header'))));
      else if (format === 'location') box.append(h('div', { class: 'media' }, '📍 location'));
      else box.append(media(format, obj(paramsOf('header')[0]?.[format])));
    } else if (type === 'BODY') box.append(h('p', { class: 'body' }, fill(text(c.text), paramsOf('body'))));
    else if (type === 'FOOTER') box.append(h('p', { class: 'footer' }, text(c.text)));
    else if (type === 'BUTTONS') {
      const row = h('div', { class: 'buttons' });
      (Array.isArray(c.buttons) ? c.buttons.map(obj) : []).forEach((b, index) => {
        const label = text(b.text);
        if (b.type === 'QUICK_REPLY') {
          const payload = text(paramsOf('button', index)[0]?.payload) || label;
          row.append(button(label, tap && (() => tap({ type: 'button', button: { payload, text: label } }))));
        } else row.append(button(label, undefined, text(b.url ?? b.phone_number ?? b.type)));
      });
      box.append(row);
    }
  }
  return box;
}

function interactive(i: Obj, tap: Tap | undefined): HTMLElement {
  const box = h('div', { class: 'interactive' });
  const header = obj(i.header);
  if (header.type === 'text') box.append(h('p', { class: 'header' }, text(header.text)));
  else if (header.type) box.append(media(text(header.type), obj(header[text(header.type)])));
  if (i.body) box.append(h('p', { class: 'body' }, text(obj(i.body).text)));
  if (i.footer) box.append(h('p', { class: 'footer' }, text(obj(i.footer).text)));
  const action = obj(i.action);
  const row = h('div', { class: 'buttons' });
  if (i.type === 'button') {
    for (const b of (Array.isArray(action.buttons) ? action.buttons : []).map(obj)) {
      const reply = obj(b.reply);
      row.append(button(text(reply.title), tap && (() => tap({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: reply.id, title: reply.title } } }))));
    }
  } else if (i.type === 'list') {
    const rows = h('ul', { class: 'list-rows', hidden: true });
    for (const section of (Array.isArray(action.sections) ? action.sections : []).map(obj)) {
      if (section.title) rows.append(h('li', { class: 'list-section' }, text(section.title)));
      for (const r of (Array.isArray(section.rows) ? section.rows : []).map(obj)) {
        const reply = { id: r.id, title: r.title, ...(r.description ? { description: r.description } : {}) };
        rows.append(h('li', {}, button(text(r.title), tap && (() => tap({ type: 'interactive', interactive: { type: 'list_reply', list_reply: reply } })))));
      }
    }
    const open = button(text(action.button) || 'Choose', () => (rows.hidden = !rows.hidden));
    open.setAttribute('aria-expanded', 'false');
    open.addEventListener('click', () => open.setAttribute('aria-expanded', String(!rows.hidden)));
    row.append(open);
    box.append(row, rows);
    return box;
  } else if (i.type === 'cta_url') {
    const p = obj(action.parameters);
    row.append(button(text(p.display_text), undefined, text(p.url)));
  } else if (i.type === 'flow') {
    row.append(button(text(obj(action.parameters).flow_cta) || 'Open', undefined, 'a flow opens on the phone'));
  } else if (i.type === 'location_request_message') {
    row.append(button('Send location', tap && (() => tap({ type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Customer location' } }))));
  } else if (i.type === 'button_reply' || i.type === 'list_reply') {
    box.append(h('p', { class: 'body' }, text(obj(i[text(i.type)]).title)));
  }
  if (row.childElementCount > 0) box.append(row);
  return box;
}

/** The content of a bubble, from a message object. `tap` is given when the customer may tap its buttons. */
export function renderMessage(m: Obj, definition: unknown, tap: Tap | undefined): HTMLElement {
  const type = text(m.type);
  const part = obj(m[type]);
  switch (type) {
    case 'text':
      return h('p', { class: 'body' }, text(part.body));
    case 'template':
      return template(m, definition as Obj | undefined, tap);
    case 'interactive':
      return interactive(part, tap);
    case 'button':
      return h('p', { class: 'body' }, text(part.text));
    case 'location':
      return h('div', { class: 'media' }, `📍 ${[part.name, part.address].filter(Boolean).map(text).join(', ') || 'location'} (${text(part.latitude)}, ${text(part.longitude)})`);
    case 'contacts':
      return h('div', { class: 'media' }, `👤 ${(Array.isArray(m.contacts) ? m.contacts : []).map((c) => text(obj(obj(c).name).formatted_name)).join(', ')}`);
    default:
      if (MEDIA_ICON[type]) return media(type, part);
      return h('p', { class: 'body' }, `(${type})`);
  }
}
