/**
 * The phone: the conversation with each customer as the customer sees it — the business's messages
 * (templates filled with their variables, media, interactive buttons to tap), the customer's own, the
 * reactions, and ticks from the status webhooks. What the customer does here goes to the sandbox, which
 * sends it as a signed webhook to the receiver; it shows up once the receiver handed it over.
 */
import { api, type Info } from './api.js';
import { h } from './dom.js';
import type { Bundle, PlaygroundEvent, SentMessage } from './types.js';
import { renderMessage } from './message-view.js';

interface Item {
  id: string;
  from: 'business' | 'customer';
  at: number;
  el: HTMLElement;
  reactions: HTMLElement;
  ticks?: HTMLElement;
}

interface Conversation {
  key: string;
  phoneNumberId: string;
  customer: string;
  name?: string;
  items: Item[];
  list: HTMLOListElement;
}

const STATUS_ORDER = ['sent', 'delivered', 'read', 'failed'];
const TICKS: Record<string, string> = { sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

export class Phone {
  private readonly conversations = new Map<string, Conversation>();
  private readonly items = new Map<string, { item: Item; conversation: Conversation }>();
  private readonly statuses = new Map<string, string>();
  private current: Conversation | undefined;
  private readonly picker = h('select', { id: 'chat-select' });
  private readonly screen = h('div', { class: 'screen' });
  private readonly title = h('p', { class: 'chat-title', id: 'chat-title' });
  private readonly compose = h('input', { id: 'reply-text', type: 'text', autocomplete: 'off' });
  private readonly composeError = h('p', { class: 'error', id: 'reply-error', hidden: true });

  constructor(
    private readonly root: HTMLElement,
    private readonly info: Info,
  ) {
    const number = h('input', { id: 'new-customer', type: 'tel', value: '+16315551234', autocomplete: 'off' });
    const business = h('select', { id: 'new-business' }, ...info.businessNumbers.map((n) => h('option', { value: n.id, selected: n.id === info.defaultSender }, `${n.display} (${n.id})`)));
    const open = h('button', { type: 'submit' }, 'Open chat');
    const newChat = h(
      'form',
      { class: 'new-chat' },
      h('label', { for: 'new-customer' }, 'Customer'),
      number,
      ...(info.businessNumbers.length > 0 ? [h('label', { for: 'new-business' }, 'Business number'), business] : []),
      open,
    );
    newChat.addEventListener('submit', (event) => {
      event.preventDefault();
      const digits = number.value.replace(/\D/g, '');
      if (!digits) return;
      this.show(this.conversation(business.value || info.defaultSender || '', digits));
    });
    this.picker.addEventListener('change', () => {
      const c = this.conversations.get(this.picker.value);
      if (c) this.show(c);
    });
    const send = h('button', { type: 'submit', id: 'reply-send' }, 'Send');
    const form = h('form', { class: 'compose' }, h('label', { for: 'reply-text' }, 'Reply as the customer'), h('div', { class: 'compose-row' }, this.compose, send), this.composeError);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.compose.value.trim();
      if (!text) return;
      void this.customer({ type: 'text', text: { body: text } }).then((ok) => ok && (this.compose.value = ''));
    });
    // The customer can send more than text: a photo (the sandbox stores a small image) or where they are.
    const photo = h('button', { type: 'button', class: 'small', id: 'reply-photo' }, 'Send a photo');
    photo.addEventListener('click', () => void this.customer({ type: 'image', image: { caption: this.compose.value.trim() || 'A photo' } }));
    const place = h('button', { type: 'button', class: 'small', id: 'reply-location' }, 'Share location');
    place.addEventListener('click', () => void this.customer({ type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Customer location' } }));
    form.append(h('div', { class: 'compose-row' }, photo, place));
    if (!info.canReplyAsCustomer) {
      photo.disabled = true;
      place.disabled = true;
      this.compose.disabled = true;
      send.disabled = true;
      this.composeError.hidden = false;
      this.composeError.textContent = 'With a real account the customer replies from their phone.';
    }
    root.append(newChat, h('label', { for: 'chat-select' }, 'Conversation'), this.picker, h('div', { class: 'device' }, this.title, this.screen, form));
  }

  take(event: PlaygroundEvent): void {
    if (event.kind === 'sent') this.sent(event.message, event.at);
    if (event.kind === 'bundle') this.bundle(event.bundle, event.at);
  }

  private conversation(phoneNumberId: string, customer: string, name?: string): Conversation {
    const key = `${phoneNumberId}:${customer}`;
    let c = this.conversations.get(key);
    if (!c) {
      c = { key, phoneNumberId, customer, name, items: [], list: h('ol', { class: 'chat', 'aria-label': `Messages with +${customer}`, 'aria-live': 'polite' }) };
      this.conversations.set(key, c);
      this.picker.append(h('option', { value: key }, `+${customer}${name ? ` (${name})` : ''}`));
      if (!this.current) this.show(c);
    }
    if (name && !c.name) c.name = name;
    return c;
  }

  private show(c: Conversation): void {
    this.current = c;
    this.picker.value = c.key;
    this.title.textContent = `+${c.customer}${c.name ? ` · ${c.name}` : ''} — business ${c.phoneNumberId}`;
    this.screen.replaceChildren(c.list);
  }

  /** The customer acts: the sandbox turns it into a signed webhook. */
  private async customer(payload: Record<string, unknown>): Promise<boolean> {
    const c = this.current;
    if (!c) return false;
    const answer = await api.customer({ from: `+${c.customer}`, to: c.phoneNumberId, ...payload }).catch((error: Error) => ({ error: { message: error.message } }));
    this.composeError.hidden = !answer.error;
    this.composeError.textContent = answer.error ? `Not sent: ${answer.error.message}` : '';
    return !answer.error;
  }

  /** A tap on a business message: the customer's answer carries it as its context. */
  private tap(payload: Record<string, unknown>, contextId: string): void {
    void this.customer({ ...payload, context: { id: contextId } });
  }

  private add(c: Conversation, item: Item): void {
    c.items.push(item);
    c.list.append(item.el);
    this.items.set(item.id, { item, conversation: c });
    item.el.scrollIntoView?.({ block: 'end' });
  }

  private bubble(id: string, from: Item['from'], content: HTMLElement, at: number): Item {
    const reactions = h('span', { class: 'reactions' });
    const time = h('time', { datetime: new Date(at).toISOString() }, new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
    const meta = h('span', { class: 'meta' }, time);
    const el = h('li', { class: `bubble from-${from}`, 'data-message-id': id }, content, reactions, meta);
    const item: Item = { id, from, at, el, reactions };
    if (from === 'business') {
      item.ticks = h('span', { class: 'ticks', role: 'img', 'aria-label': 'not yet sent' });
      meta.append(item.ticks);
      const react = h('button', { type: 'button', class: 'react', 'aria-label': 'React with a thumbs up as the customer' }, '👍');
      react.addEventListener('click', () => void this.customer({ type: 'reaction', reaction: { message_id: id, emoji: '👍' } }));
      el.append(react);
      this.tick(item, this.statuses.get(id));
    }
    return item;
  }

  private tick(item: Item, status: string | undefined): void {
    if (!item.ticks || !status) return;
    item.ticks.textContent = TICKS[status] ?? status;
    item.ticks.className = `ticks ticks-${status}`;
    item.ticks.setAttribute('aria-label', status);
    item.el.dataset.status = status;
  }

  private react(targetId: string, emoji: string, by: Item['from']): void {
    const target = this.items.get(targetId);
    if (!target) return;
    const mark = target.item.reactions.querySelector(`[data-by="${by}"]`) ?? h('span', { 'data-by': by, class: 'reaction' });
    mark.textContent = emoji;
    mark.setAttribute('aria-label', `${by === 'customer' ? 'customer' : 'business'} reacted ${emoji || '(removed)'}`);
    target.item.reactions.append(mark);
  }

  private sent(m: SentMessage, at: number): void {
    if (m.body.type === 'reaction') {
      const r = m.body.reaction as { message_id?: string; emoji?: string };
      if (r.message_id) this.react(r.message_id, r.emoji ?? '', 'business');
      return;
    }
    const c = this.conversation(m.phoneNumberId, m.to);
    this.add(c, this.bubble(m.id, 'business', renderMessage(m.body, m.template, this.info.canReplyAsCustomer ? (p) => this.tap(p, m.id) : undefined), at));
  }

  private bundle(b: Bundle, at: number): void {
    if (b.type === 'status' && b.status) {
      const previous = this.statuses.get(b.status.id);
      // Webhooks may arrive out of order: a tick never goes back.
      if (previous && STATUS_ORDER.indexOf(previous) > STATUS_ORDER.indexOf(b.status.status)) return;
      this.statuses.set(b.status.id, b.status.status);
      const target = this.items.get(b.status.id);
      if (target) this.tick(target.item, b.status.status);
      return;
    }
    if (b.type !== 'message' || !b.message || !b.from || !b.phoneNumberId) return;
    const message = b.message;
    if (message.type === 'reaction') {
      const r = message.reaction as { message_id?: string; emoji?: string };
      if (r.message_id) this.react(r.message_id, r.emoji ?? '', 'customer');
      return;
    }
    const c = this.conversation(b.phoneNumberId, b.from, b.contact?.profile?.name);
    const when = b.timestamp ? Number(b.timestamp) * 1000 : at;
    this.add(c, this.bubble(message.id, 'customer', renderMessage(message, undefined, undefined), when));
  }
}
