/**
 * Where Redis is, as every shared part takes it. Plain types only: the package's declarations name no
 * ioredis type, so a strict TypeScript project compiles against them without ioredis's own typings.
 */
export interface RedisConnectionOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS (default redis://127.0.0.1:6379). */
  url?: string;
  /** An ioredis client of your own (it is not closed by close()). */
  client?: object;
  /** Prefix of every key (default "wabc:"). */
  prefix?: string;
  /** More ioredis options for a client made from `url`. */
  redisOptions?: Record<string, unknown>;
  /** A command that gets no answer in this time fails (default 5,000 ms). */
  commandTimeoutMs?: number;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_PREFIX = 'wabc:';
