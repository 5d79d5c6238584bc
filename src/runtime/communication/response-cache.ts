/**
 * GET answers kept so that the same read is not made twice: within one execution (an RPC and the module
 * often read the same template list), and — for a request that says `x-cacheSeconds` — per connection
 * for that long, so a campaign of one template reads its definition once, not once per row. Requests in
 * flight are shared too: sixteen concurrent sends of one template wait for a single read.
 */
import { LRUCache } from 'lru-cache';
import type { HttpResponse } from '../transport/transport-types.js';
import { deepFreeze } from '../deep-freeze.js';

/** A promise whose outcome, once it has arrived, can also be read synchronously. */
export class Settling<T> {
  done = false;
  failed = false;
  value: T | undefined;
  error: unknown;

  constructor(readonly promise: Promise<T>) {
    promise.then(
      (value) => {
        this.done = true;
        this.value = value;
      },
      (error: unknown) => {
        this.done = true;
        this.failed = true;
        this.error = error;
      },
    );
  }
}

interface Kept {
  expires: number;
  entry: Settling<unknown>;
}

/**
 * One connection's kept answers, by key (a GET's URL, or what an RPC made of one), each for its own
 * lifetime; bounded, so a host reading ever-new templates cannot grow it.
 */
export class ConnectionResponses {
  private readonly kept = new LRUCache<string, Kept>({ max: 256 });

  constructor(private readonly now: () => number = () => performance.now()) {}

  get<T>(key: string): Settling<T> | undefined {
    const hit = this.kept.get(key);
    if (!hit) return undefined;
    if (hit.expires > this.now()) return hit.entry as Settling<T>;
    this.kept.delete(key);
    return undefined;
  }

  /** Keeps what `answer` brings for `ttlMs`, frozen, so that no execution can change it for the others. */
  keep<T>(key: string, answer: Promise<T>, ttlMs: number): Settling<T> {
    const entry = new Settling(answer.then(deepFreeze));
    const kept = { expires: this.now() + ttlMs, entry };
    this.kept.set(key, kept);
    // A failed read is not kept: the next execution tries again.
    entry.promise.catch(() => {
      if (this.kept.get(key) === kept) this.kept.delete(key);
    });
    return entry;
  }

  clear(): void {
    this.kept.clear();
  }

  get size(): number {
    return this.kept.size;
  }
}

export class ResponseCache {
  private readonly local = new Map<string, Settling<HttpResponse>>();

  constructor(private readonly shared?: ConnectionResponses) {}

  /**
   * The answer to a GET of `url`: kept from earlier in this execution, or from the connection when the
   * request allows it (`ttlMs`), else `load()`ed and kept — as a Settling, so an answer already there
   * is read without waiting. `fresh` (a restarted chain) skips what is kept.
   */
  get(url: string, ttlMs: number | undefined, fresh: boolean, load: () => Promise<HttpResponse>): Settling<HttpResponse> {
    if (!fresh) {
      const hit = this.local.get(url) ?? (ttlMs ? this.shared?.get<HttpResponse>(url) : undefined);
      if (hit) return hit;
    }
    const answer = load();
    const entry = ttlMs && this.shared ? this.shared.keep(url, answer, ttlMs) : new Settling(answer);
    this.local.set(url, entry);
    entry.promise.catch(() => {
      if (this.local.get(url) === entry) this.local.delete(url);
    });
    return entry;
  }
}
