/**
 * The playground's live feed: every event (receiver bundles, messages the page sent, counters) goes to
 * each open page as a server-sent event, and the recent ones are kept so a page opened later sees them.
 */
import type http from 'node:http';

export type PlaygroundEvent = { kind: 'bundle'; at: number; bundle: unknown } | { kind: 'sent'; at: number; message: SentMessageView } | { kind: 'counters'; at: number; counters: unknown };

/** A message sent from the playground, as the phone shows it. */
export interface SentMessageView {
  id: string;
  phoneNumberId: string;
  /** The customer's wa_id (digits). */
  to: string;
  body: Record<string, unknown>;
  /** For a template message: its definition (components), to show it as the customer sees it. */
  template?: unknown;
}

const KEPT = 1000;

export class EventHub {
  private readonly clients = new Set<http.ServerResponse>();
  private readonly recent: PlaygroundEvent[] = [];

  publish(event: PlaygroundEvent): void {
    // Counters change all the time: only the latest is worth replaying.
    if (event.kind === 'counters') {
      const i = this.recent.findIndex((e) => e.kind === 'counters');
      if (i >= 0) this.recent.splice(i, 1);
    }
    this.recent.push(event);
    if (this.recent.length > KEPT) this.recent.splice(0, this.recent.length - KEPT);
    const line = frame(event);
    for (const res of this.clients) res.write(line);
  }

  /** Opens a stream for one page: the recent events first, then each new one. */
  attach(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    for (const event of this.recent) res.write(frame(event));
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}

function frame(event: PlaygroundEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}
