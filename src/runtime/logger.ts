/**
 * The logger every part of the connector writes to, in pino's argument order `(fields, message)`, so a
 * host passes `pino()` or `console` as it is. The default writes JSON lines to stderr through pino.
 * Secrets are scrubbed before a line reaches any logger (the host's too): pino's path redaction for
 * known keys, and a value scrub for the secret strings themselves, because a token can hide inside a
 * URL or an error message where no path rule would find it.
 */
import { createRequire } from 'node:module';
import type { pino as Pino } from 'pino';

/** One level of a logger: structured fields first, then the message (pino's order). */
export type LogMethod = (fields: Record<string, unknown>, message: string) => void;

/** Anything with these four methods: a pino logger, `console`, or a host's own. */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

export const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret (and its URL-encoded form) in a string. */
export function scrubString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, urlEncoded(secret)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/**
 * A secret as it would appear in a URL. A lone UTF-16 surrogate (a cut emoji in a PIN, a token pasted
 * half) has no URL form, and encodeURIComponent throws on it: then only the secret itself is looked for.
 */
function urlEncoded(secret: string): string {
  try {
    return encodeURIComponent(secret);
  } catch {
    return secret;
  }
}

/**
 * Deep copy of a value with every secret string scrubbed; keys that name secrets are blanked. An object
 * met twice (shared, or a cycle) is copied once and its copy used each time, so no path through the
 * value reaches the original.
 */
export function scrubValue<T>(value: T, secrets: readonly string[], copies = new WeakMap<object, unknown>()): T {
  if (typeof value === 'string') return scrubString(value, secrets) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
  const copied = copies.get(value);
  if (copied !== undefined) return copied as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const v of value as unknown[]) out.push(scrubValue(v, secrets, copies));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  copies.set(value, out);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEYS.test(k) ? REDACTED : scrubValue(v, secrets, copies);
  }
  return out as T;
}

const SECRET_KEYS = /^(authorization|access_?token|accessToken|app_?secret|appSecret|appSecrets|verify_?token|verifyToken|password|pin)$/i;

/**
 * An array or a plain object: what a module's input is made of. Not a file's bytes, a stream or a
 * Date: walking a Buffer's indices would cost seconds for a 16 MB upload and find no key.
 */
function isPlainData(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The strings held under keys that name secrets anywhere in a module's input (a verify token, a PIN, a
 * backup password): scrubbed, with the connection's, from what that call logs and throws — a Graph
 * error may quote the value it was sent.
 */
export function secretsIn(value: unknown, depth = 0): string[] {
  if (!isPlainData(value) || depth > 8) return [];
  const found: string[] = [];
  for (const key of Object.keys(value)) {
    let v: unknown;
    try {
      v = (value as Record<string, unknown>)[key];
    } catch {
      continue; // a getter that throws holds no value to hide; validation names the field
    }
    if (typeof v === 'string' && SECRET_KEYS.test(key)) found.push(v);
    else if (typeof v === 'object') found.push(...secretsIn(v, depth + 1));
  }
  return found;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Wraps a logger so that no line it receives holds one of the secrets (read on every line, so a
 * secret learnt later, e.g. a rotated token, is covered too). Methods are called on the logger
 * itself, so a pino or console instance keeps its `this`.
 */
export function redactingLogger(inner: Logger, secrets: () => readonly string[]): Logger {
  const wrap =
    (level: keyof Logger): LogMethod =>
    (fields, message) => {
      const s = secrets();
      inner[level](scrubValue(fields, s), scrubString(message, s));
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

// pino's level numbers, to tell without pino whether a line would be written.
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * A logger that writes JSON lines to stderr (fd 2), or to `destination` (e.g. a pretty-printing
 * stream for a terminal), and never prints the given secrets.
 */
export function createLogger(options: { level?: string; secrets?: () => readonly string[]; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.WABC_LOG_LEVEL ?? 'info';
  // pino is loaded with the first line written at the level, so a run that logs nothing (a send at the
  // CLI's default "warn") never loads it, and a bundle that never logs does not need it at all.
  let base: Pino.Logger | undefined;
  const load = (): Pino.Logger => {
    if (base) return base;
    const { pino } = createRequire(import.meta.url)('pino') as { pino: typeof Pino };
    base = pino(
      {
        level,
        base: undefined,
        redact: { paths: ['*.authorization', '*.Authorization', '*.accessToken', '*.appSecret', '*.verifyToken', 'headers.authorization'], censor: REDACTED },
      },
      options.destination ?? pino.destination(2),
    );
    return base;
  };
  const threshold = LEVELS[level];
  if (threshold === undefined) load(); // a level pino does not know: let pino say so now
  const at =
    (name: keyof Logger): LogMethod =>
    (fields, message) => {
      if (LEVELS[name] >= threshold) load()[name](fields, message);
    };
  return redactingLogger({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, options.secrets ?? (() => []));
}
