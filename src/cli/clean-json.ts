/**
 * JSON.stringify, for plain data whose strings need no escaping: each string is written between quotes as
 * it is, and joined rather than serialised character by character (V8 11's JSON.stringify spends about 25
 * instructions on each character of a string; a join, none). Whether a delivery's strings need none is
 * told from its bytes (stringsNeedNoEscape); the strings of the bundles made from it are those strings,
 * and ids and keys joined from them with ASCII punctuation (test/cli/clean-json.test.ts checks both).
 */

/** Something JSON.stringify would treat otherwise than as plain data: a toJSON, a boxed value, a BigInt. */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain('not plain JSON data');

/** Deeper than any bundle (deliveries are cut at 64 levels); beyond it JSON.stringify decides. */
const MAX_DEPTH = 100;

/** What stands in the text for a string set aside: NUL, which no string given to cleanJson holds. */
export const SET_ASIDE = '\u0000';
const SET_ASIDE_JSON = `"${SET_ASIDE}"`;

/**
 * Long strings to keep out of the joined text. Writing a joined string makes V8 copy all of it into a
 * flat one first (about 3 µs for a 16 KB text message); a long string as parsed is flat already.
 */
export interface SetAside {
  /** String values of at least this many characters are set aside. */
  minLength: number;
  /** The strings set aside, in the order their places stand in the text. */
  strings: string[];
}

/** The running call's SetAside: its minLength (Infinity when none) and its list. */
let asideFrom = Infinity;
let aside: string[] = [];

/**
 * The text JSON.stringify gives for `value`, given that none of its strings (keys included) holds a
 * character JSON escapes; undefined when the value is not plain data (objects other than plain objects
 * (with or without a prototype) and arrays, a toJSON method, a BigInt): the caller then asks JSON.stringify.
 * With `setAside`, each string value of at least its minLength characters stands in the text as
 * SET_ASIDE between its quotes, and is listed in its `strings` instead (a list that means nothing when
 * the answer is undefined).
 */
export function cleanJson(value: unknown, setAside?: SetAside): string | undefined {
  const outerFrom = asideFrom;
  const outerList = aside;
  asideFrom = setAside?.minLength ?? Infinity;
  aside = setAside?.strings ?? aside;
  try {
    return part(value, 0);
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  } finally {
    asideFrom = outerFrom;
    aside = outerList;
  }
}

/** A string value's JSON, or its place when it is set aside. */
function quoted(v: string): string {
  if (v.length < asideFrom) return '"' + v + '"';
  aside.push(v);
  return SET_ASIDE_JSON;
}

/** A value's JSON; undefined where JSON.stringify leaves a property out (undefined, a function, a symbol). */
function part(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case 'string':
      return quoted(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (depth >= MAX_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
      if (Array.isArray(v)) return list(v, depth);
      if (!isPlainRecord(v)) throw NOT_PLAIN;
      return record(v, depth);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      throw NOT_PLAIN;
  }
}

/** An object JSON.stringify lists by its own keys: a plain object, or one with no prototype. */
function isPlainRecord(v: object): v is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function list(v: unknown[], depth: number): string {
  let out = '[';
  for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + (part(v[i], depth + 1) ?? 'null');
  return out + ']';
}

function record(v: Record<string, unknown>, depth: number): string {
  let out = '{';
  // Keys and values as two lists: a load by key from objects of many shapes costs more than the second list.
  const keys = Object.keys(v);
  const values = Object.values(v);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const x = values[i];
    // A string, the commonest value, is joined in the same step as its key: a join fewer.
    if (typeof x === 'string' && x.length < asideFrom) out += (out.length === 1 ? '"' : ',"') + key + '":"' + x + '"';
    else {
      const json = part(x, depth + 1);
      if (json !== undefined) out += (out.length === 1 ? '"' : ',"') + key + '":' + json;
    }
  }
  return out + '}';
}

export const BACKSLASH = 0x5c;
export const QUOTE = 0x22;
const SLASH = 0x2f;
const LETTER_U = 0x75;
/** Escapes looked at, at most: a text of many escaped characters (an emoji is two) is left to JSON.stringify. */
const MAX_ESCAPES = 64;
/** Each byte's value as a hex digit, or -1. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = HEX['0123456789ABCDEF'.charCodeAt(i)] = i;

/** The code unit of the four hex digits at `at`, or -1. */
function unitAt(raw: Buffer, at: number): number {
  let unit = 0;
  for (let i = at; i < at + 4; i++) {
    const digit = i < raw.length ? HEX[raw[i]] : -1;
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

/**
 * True when no string parsed from the JSON text `raw` (keys included) holds a character JSON.stringify
 * escapes: a quote, a backslash, a control character or a lone surrogate. Written as they are, such
 * characters cannot stand in a JSON string, so each comes from an escape: it is enough that every escape
 * is `\/` or a `\uXXXX` of any other character (Meta may escape slashes and non-ASCII characters so),
 * surrogates in pairs. Every backslash of valid JSON starts an escape; they are found by node's
 * byte search, one call each, and a text of more than MAX_ESCAPES answers false.
 */
export function stringsNeedNoEscape(raw: Buffer): boolean {
  let escapes = 0;
  /** Where a high surrogate's escape wants its low half, or -1. */
  let lowAt = -1;
  for (let at = raw.indexOf(BACKSLASH); at >= 0; at = raw.indexOf(BACKSLASH, at)) {
    if (++escapes > MAX_ESCAPES || (lowAt >= 0 && at !== lowAt)) return false;
    if (raw[at + 1] === SLASH) {
      at += 2;
      continue;
    }
    const unit = raw[at + 1] === LETTER_U ? unitAt(raw, at + 2) : -1;
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (unit < 0x20 || unit === QUOTE || unit === BACKSLASH || (low && lowAt < 0) || (high && lowAt >= 0)) return false;
    lowAt = high ? at + 6 : -1;
    at += 6;
  }
  return lowAt < 0;
}
