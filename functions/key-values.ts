import { isObject } from './objects.js';
/**
 * Query strings and headers for the universal module: given as an object ({ "fields": "id" }) or, as in
 * Make's own universal modules, a list of { key, value } pairs.
 */

/** [{key, value}, …] or {k: v} → {k: v}; later pairs win. Undefined stays undefined. */
export function pairsToObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const pair of value) {
      if (!isObject(pair) || typeof pair.key !== 'string') throw new Error('each pair needs a text "key"');
      if (pair.key === '__proto__' || pair.key === 'constructor' || pair.key === 'prototype') throw new Error('refused key');
      out[pair.key] = pair.value;
    }
    return out;
  }
  if (isObject(value)) return value;
  throw new Error('expects an object or a list of { key, value } pairs');
}

// The connector owns authentication; Host would send the token to another virtual host of the same IP.
const RESERVED_HEADERS = ['authorization', 'host', 'proxy-authorization'];
// node:http frames the request from its body: a stray Content-Length leaves a GET waiting for a body that never comes.
const FRAMING_HEADERS = ['content-length', 'transfer-encoding', 'connection', 'expect', 'keep-alive', 'te', 'upgrade'];
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What node:http refuses in a header value: control characters (tab aside, U+0080–U+009F allowed as obs-text) and anything past U+00FF. */
const BAD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/u;

/** make-api-call's headers check: a sentence naming a refused header (the field's name is added by the check), or undefined. */
export function headerProblem(value: unknown): string | undefined {
  let headers: Record<string, unknown> | undefined;
  try {
    headers = pairsToObject(value);
  } catch (error) {
    return (error as Error).message;
  }
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.trim().toLowerCase();
    if (RESERVED_HEADERS.includes(lower)) {
      return `${name} may not be set — the connection's access token is sent as Authorization, and only to the Graph API`;
    }
    if (FRAMING_HEADERS.includes(lower)) return `${name} may not be set — the connector frames the request from its body`;
    if (!HEADER_NAME.test(name)) return `${JSON.stringify(name.slice(0, 40))} is not a valid header name`;
    const text = String(value ?? '');
    if (/[\r\n]/.test(text)) return `the value of ${name} may not contain line breaks`;
    const bad = BAD_VALUE_CHAR.exec(text);
    if (bad) {
      const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      return `the value of ${name} has U+${code} at position ${bad.index + 1}; a header value takes tab, printable ASCII and U+0080–U+00FF only (percent-encode others)`;
    }
  }
  return undefined;
}
