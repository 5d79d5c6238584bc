/**
 * One way to reach Redis for every shared part (dedupe store, pacer, batch queue): a URL or a client
 * the caller made, and a key prefix so several uses (or tests) share one server without meeting.
 * A client made here fails a command within `commandTimeoutMs` when Redis is down, instead of
 * queueing it for minutes: the receiver then answers a retryable status and a worker stops before
 * sending.
 */
import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { DEFAULT_PREFIX, DEFAULT_REDIS_URL, type RedisConnectionOptions } from './options.js';

export type { RedisConnectionOptions };

/** A client and whether it is ours to close. */
export interface RedisHandle {
  redis: Redis;
  prefix: string;
  close(): Promise<void>;
}

export function connectRedis(options: RedisConnectionOptions = {}, extra: RedisOptions = {}): RedisHandle {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (options.client) return { redis: options.client as Redis, prefix, close: async () => undefined };
  const redis = new Redis(options.url ?? DEFAULT_REDIS_URL, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
    // Reconnect quickly and keep trying: Redis coming back resumes service without a restart.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...(options.redisOptions as RedisOptions | undefined),
    ...extra,
  });
  // Errors reach the command that failed; an 'error' listener keeps ioredis from printing each retry.
  redis.on('error', () => undefined);
  return {
    redis,
    prefix,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** A Lua script run by its SHA-1 (loaded once per server; again after a SCRIPT FLUSH or a restart). */
export class LuaScript {
  private readonly sha: string;
  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

/** A URL without its password, for logs and messages: ioredis also reads one from the query (`?password=`). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const name of [...u.searchParams.keys()]) if (/pass/i.test(name)) u.searchParams.set(name, '***');
    return u.toString();
  } catch {
    return '(a Redis URL that cannot be read)';
  }
}
