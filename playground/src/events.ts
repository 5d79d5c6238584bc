/**
 * Every event in sight: the receiver's bundles as they arrive (filtered by kind and by text), and the
 * sandbox's counters — the window left per customer, the pair rate limit, the throughput — so 131047
 * or 131056 can be seen coming.
 */
import { h, json } from './dom.js';
import type { Bundle, Counters, PlaygroundEvent } from './types.js';

/** Each kind of bundle with its label in the filter. */
const KINDS = { message: 'messages', status: 'statuses', error: 'errors', other: 'others' } as const;
const kindOf = (b: Bundle) => (b.type === 'message' || b.type === 'status' || b.type === 'error' ? b.type : 'other');

function duration(ms: number): string {
  if (ms <= 0) return 'closed';
  const minutes = Math.floor(ms / 60000);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min left`;
}

export class EventsPanel {
  private readonly list = h('ol', { class: 'events', id: 'event-list', 'aria-live': 'polite', 'aria-label': 'Webhook events, newest first' });
  private readonly shown = new Set<string>(Object.keys(KINDS));
  private readonly search = h('input', { id: 'event-search', type: 'search', autocomplete: 'off' });
  private readonly count = h('p', { class: 'help', id: 'event-count' });

  constructor(
    root: HTMLElement,
    private readonly counters: HTMLElement,
  ) {
    const boxes = Object.entries(KINDS).map(([k, label]) => {
      const id = `filter-${k}`;
      const box = h('input', { type: 'checkbox', id, checked: true });
      box.addEventListener('change', () => {
        if (box.checked) this.shown.add(k);
        else this.shown.delete(k);
        this.filter();
      });
      return h('span', { class: 'check' }, box, h('label', { for: id }, label));
    });
    this.search.addEventListener('input', () => this.filter());
    root.append(h('fieldset', { class: 'filters' }, h('legend', {}, 'Show'), ...boxes, h('label', { for: 'event-search' }, 'Containing'), this.search), this.count, this.list);
    counters.append(h('p', { class: 'help' }, 'Counters appear with the sandbox.'));
  }

  take(event: PlaygroundEvent): void {
    if (event.kind === 'counters') this.showCounters(event.counters);
    if (event.kind === 'bundle') this.add(event.bundle, event.at);
  }

  private add(b: Bundle, at: number): void {
    const what = b.type === 'message' ? `${b.messageType ?? ''} from +${b.from ?? '?'}` : b.type === 'status' ? `${b.statusValue ?? ''} to +${b.recipientId ?? '?'}` : b.field;
    const item = h(
      'li',
      { class: `event event-${kindOf(b)}`, 'data-kind': kindOf(b), 'data-event-id': b.id },
      h('details', {}, h('summary', {}, h('time', {}, new Date(at).toLocaleTimeString()), ' ', h('strong', {}, b.type), ` ${what}`), h('pre', { class: 'json' }, json(b))),
    );
    this.list.prepend(item);
    while (this.list.childElementCount > 500) this.list.lastElementChild?.remove();
    this.filter();
  }

  private filter(): void {
    const needle = this.search.value.trim().toLowerCase();
    let visible = 0;
    for (const li of Array.from(this.list.children) as HTMLElement[]) {
      const show = this.shown.has(li.dataset.kind ?? '') && (!needle || (li.textContent ?? '').toLowerCase().includes(needle));
      li.hidden = !show;
      if (show) visible++;
    }
    this.count.textContent = `${visible} of ${this.list.childElementCount} events`;
  }

  private showCounters(c: Counters): void {
    const rows = c.conversations.map((x) =>
      h(
        'tr',
        { 'data-customer': x.customer },
        h('td', {}, `+${x.customer}`),
        h('td', {}, x.phoneNumberId),
        h('td', { class: x.windowLeftMs <= 0 ? 'warn' : '' }, duration(x.windowLeftMs)),
        h('td', { class: x.pairLeft <= 5 ? 'warn' : '' }, `${x.pairLeft} of ${x.pairBurst}`),
      ),
    );
    const busiest = c.throughput.reduce((a, b) => (b.lastSecond > a.lastSecond ? b : a), c.throughput[0] ?? { phoneNumberId: '', lastSecond: 0, perSecond: 0 });
    this.counters.replaceChildren(
      h('h3', {}, 'Sandbox counters'),
      h(
        'table',
        { class: 'counters' },
        h('caption', {}, 'Per customer: the 24-hour window (131047 when closed) and the pair rate limit (131056 at 0)'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'customer'), h('th', { scope: 'col' }, 'business'), h('th', { scope: 'col' }, 'window'), h('th', { scope: 'col' }, 'pair limit left'))),
        h('tbody', {}, ...rows),
      ),
      h('p', { id: 'throughput' }, `Throughput: ${busiest.lastSecond} messages in the last second (130429 above ${busiest.perSecond}/s per number)`),
      h(
        'p',
        { id: 'totals' },
        Object.entries(c.totals)
          .map(([k, v]) => `${k} ${v}`)
          .join(' · '),
      ),
    );
  }
}
