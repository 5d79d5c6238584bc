/**
 * GET answers kept so that the same read is not made twice: within one execution (an RPC and the module
 * often read the same template list), and — for a request that says `x-cacheSeconds` — per connection
 * for that long, so a campaign of one template reads its definition once, not once per row. Requests in
 * flight are shared too: sixteen concurrent sends of one template wait for a single read.
 */
import { LRUCache } from 'lru-cache';
import type { HttpResponse } from '../transport/types.js';

interface Kept {
  expires: number;
  answer: Promise<HttpResponse>;
}

/** One connection's kept answers (bounded: a host reading ever-new templates cannot grow it). */
export class ConnectionResponses {
  private readonly kept = new LRUCache<string, Kept>({ max: 256 });

  constructor(private readonly now: () => number = () => performance.now()) {}

  get(url: string): Promise<HttpResponse> | undefined {
    const hit = this.kept.get(url);
    if (!hit) return undefined;
    if (hit.expires > this.now()) return hit.answer;
    this.kept.delete(url);
    return undefined;
  }

  set(url: string, answer: Promise<HttpResponse>, ttlMs: number): void {
    // Later executions read the same answer: frozen, so that none of them can change it for the others.
    this.kept.set(url, { expires: this.now() + ttlMs, answer: answer.then(deepFreeze) });
    // A failed read is not kept: the next execution tries again.
    const kept = this.kept.get(url)!;
    kept.answer.catch(() => {
      if (this.kept.get(url) === kept) this.kept.delete(url);
    });
  }

  clear(): void {
    this.kept.clear();
  }

  get size(): number {
    return this.kept.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export class ResponseCache {
  private readonly local = new Map<string, Promise<HttpResponse>>();

  constructor(private readonly shared?: ConnectionResponses) {}

  /**
   * The answer to a GET of `url`: kept from earlier in this execution, or from the connection when the
   * request allows it (`ttlMs`), else `load()`ed and kept. `fresh` (a restarted chain) skips what is kept.
   */
  get(url: string, ttlMs: number | undefined, fresh: boolean, load: () => Promise<HttpResponse>): Promise<HttpResponse> {
    if (!fresh) {
      const hit = this.local.get(url) ?? (ttlMs ? this.shared?.get(url) : undefined);
      if (hit) return hit;
    }
    const answer = load();
    this.local.set(url, answer);
    if (ttlMs && this.shared) this.shared.set(url, answer, ttlMs);
    answer.catch(() => {
      if (this.local.get(url) === answer) this.local.delete(url);
    });
    return answer;
  }
}
