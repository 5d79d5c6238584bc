/**
 * Webhooks to the configured callback, as Meta sends them: a GET handshake first, then signed POSTs
 * (`X-Hub-Signature-256: sha256=<hex HMAC of the exact bytes>`), retried with backoff when the callback
 * does not answer 200. Pending retries stop on close().
 */
import { createHmac, randomInt } from 'node:crypto';
import type { Delivery, SandboxState } from './state.js';
import type { Logger } from '../runtime/logger.js';

/**
 * The fields an override callback takes (cloud-api.md §6.6, §6.7: messages and the other messages-type
 * fields); template and account webhooks always go to the app's callback URL.
 */
const OVERRIDABLE = new Set([
  'messages',
  'calls',
  'group_lifecycle_update',
  'group_participants_update',
  'group_settings_update',
  'group_status_update',
  'message_echoes',
  'consumer_profile',
  'messaging_handovers',
  'standby',
  'account_settings_update',
]);

export interface WebhookOutOptions {
  appSecret?: string;
  maxAttempts: number;
  baseDelayMs: number;
}

export class WebhookOut {
  private timers = new Set<NodeJS.Timeout>();
  private inFlight = new Set<Promise<void>>();
  /** Aborts the requests still running when the sandbox closes, so close() never waits on a slow callback. */
  private readonly aborter = new AbortController();
  private closed = false;

  constructor(
    private readonly state: SandboxState,
    private readonly options: WebhookOutOptions,
    private readonly logger: Logger,
  ) {}

  /** Meta's verification request; true when the callback echoed the challenge. */
  async handshake(url: string, verifyToken: string): Promise<boolean> {
    const challenge = String(randomInt(1, 2 ** 31 - 1));
    const u = new URL(url);
    u.searchParams.set('hub.mode', 'subscribe');
    u.searchParams.set('hub.challenge', challenge);
    u.searchParams.set('hub.verify_token', verifyToken);
    try {
      const res = await fetch(u, { signal: AbortSignal.any([AbortSignal.timeout(5000), this.aborter.signal]) });
      const text = await res.text();
      return res.status === 200 && text === challenge;
    } catch {
      return false;
    }
  }

  /** True when a verified, subscribed callback would receive deliveries. */
  active(): boolean {
    return !this.closed && this.state.subscribed && this.target('messages') !== undefined;
  }

  /**
   * Where a field's webhooks go: messages-type fields to the override when there is one, the others to
   * the app's callback. With no app callback configured, the override takes them all (the sandbox has no
   * app dashboard URL to fall back on).
   */
  private target(field: string): string | undefined {
    const app = this.state.callback?.verified ? this.state.callback : undefined;
    const override = this.state.override?.verified ? this.state.override : undefined;
    return (OVERRIDABLE.has(field) ? (override ?? app) : (app ?? override))?.url;
  }

  /** Queues a `whatsapp_business_account` delivery of one change. */
  send(field: string, value: unknown): void {
    const url = this.target(field);
    if (!url || !this.state.subscribed || this.closed) return;
    const payload = { object: 'whatsapp_business_account', entry: [{ id: this.state.wabaId, changes: [{ value, field }] }] };
    const delivery: Delivery = { field, attempts: 0, status: 'pending', payload };
    this.state.deliveries.push(delivery);
    if (this.state.deliveries.length > 10_000) this.state.deliveries.splice(0, 5_000);
    this.attempt(delivery, url);
  }

  private attempt(delivery: Delivery, url: string): void {
    const run = (async () => {
      delivery.attempts++;
      const body = Buffer.from(JSON.stringify(delivery.payload));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (this.options.appSecret) headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', this.options.appSecret).update(body).digest('hex')}`;
      let status = 0;
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.any([AbortSignal.timeout(10_000), this.aborter.signal]) });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      delivery.lastStatus = status;
      if (status === 200) {
        delivery.status = 'delivered';
        this.state.counters.webhooksDelivered++;
        return;
      }
      if (delivery.attempts >= this.options.maxAttempts || this.closed) {
        delivery.status = 'failed';
        this.state.counters.webhooksFailed++;
        this.logger.warn({ field: delivery.field, attempts: delivery.attempts, status }, 'sandbox: webhook delivery given up');
        return;
      }
      const delay = this.options.baseDelayMs * 2 ** (delivery.attempts - 1);
      this.later(delay, () => this.attempt(delivery, url));
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** Runs `fn` after `ms` unless the sandbox closes first (status updates, retries). */
  later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** Resolves when nothing is in flight or waiting for a retry. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.all([...this.inFlight]);
      if (this.timers.size > 0) await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.aborter.abort();
  }
}
