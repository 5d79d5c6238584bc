/**
 * Takes secrets out of an error wherever a host could read them: every own string field (message,
 * details, fbtraceId, hint…), the stack (written when the error was made, so it still holds the message
 * as it was then), field issues, and the cause chain. Done in place, so the class and `instanceof` stay;
 * toJSON() and util.inspect() read these same fields.
 */
import { scrubString, scrubValue } from '../logger.js';

const MAX_DEPTH = 5;

function scrubAny(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrubString(value, secrets);
  if (value instanceof Error) return scrubError(value, secrets, depth + 1);
  if (Array.isArray(value)) return value.map((v) => scrubAny(v, secrets, depth));
  if (value && typeof value === 'object') return scrubValue(value, secrets);
  return value;
}

export function scrubError<T>(error: T, secrets: readonly string[], depth = 0): T {
  if (!(error instanceof Error) || secrets.length === 0) return error;
  if (depth > MAX_DEPTH) return error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const d = Object.getOwnPropertyDescriptor(error, key);
    if (!d || !('value' in d) || !d.writable) continue;
    const clean = scrubAny(d.value, secrets, depth);
    if (clean !== d.value) Object.defineProperty(error, key, { ...d, value: clean });
  }
  return error;
}
