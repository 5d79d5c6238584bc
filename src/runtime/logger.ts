/**
 * The logger every part of the connector writes to. Hosts pass their own (anything with these four
 * methods); the default writes JSON lines to stderr through pino. Secrets are scrubbed twice: pino's
 * path redaction for known keys, and a value scrub for the secret strings themselves, because a token
 * can hide inside a URL or an error message where no path rule would find it.
 */
import { createRequire } from 'node:module';
import type { pino as Pino } from 'pino';

// pino is loaded on first use, so commands that never log start faster.
const require = createRequire(import.meta.url);

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret (and its URL-encoded form) in a string. */
export function scrubString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** Deep copy of a value with every secret string scrubbed; keys that name secrets are blanked. */
export function scrubValue<T>(value: T, secrets: readonly string[], seen = new WeakSet<object>()): T {
  if (typeof value === 'string') return scrubString(value, secrets) as T;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value as object)) return value;
  seen.add(value as object);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets, seen)) as T;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEYS.test(k) ? REDACTED : scrubValue(v, secrets, seen);
  }
  return out as T;
}

const SECRET_KEYS = /^(authorization|access_?token|accessToken|app_?secret|appSecret|appSecrets|verify_?token|verifyToken|password|pin)$/i;

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that writes to stderr (fd 2) and never prints the given secrets. */
export function createLogger(options: { level?: string; secrets?: () => readonly string[] } = {}): Logger {
  const { pino } = require('pino') as { pino: typeof Pino };
  const base = pino(
    {
      level: options.level ?? process.env.WABC_LOG_LEVEL ?? 'info',
      base: undefined,
      redact: { paths: ['*.authorization', '*.Authorization', '*.accessToken', '*.appSecret', '*.verifyToken', 'headers.authorization'], censor: REDACTED },
    },
    pino.destination(2),
  );
  const secrets = options.secrets ?? (() => []);
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) => {
    const s = secrets();
    base[level](data ? scrubValue(data, s) : {}, scrubString(msg, s));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
