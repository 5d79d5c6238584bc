/**
 * A fast 128-bit non-cryptographic hash for dedupe keys: four 32-bit lanes, each a bijective mix per
 * input word (xor, multiply by an odd constant, rotate) with its own constants, then a murmur3-style
 * finalisation across the lanes. Where a key only has to tell apart events Meta signed (no adversary
 * chooses them), this replaces sha256: no native call, no intermediate strings, a few µs less per event.
 */

let a = 0;
let b = 0;
let c = 0;
let d = 0;

function reset(): void {
  a = 0x6a09e667;
  b = 0xbb67ae85;
  c = 0x3c6ef372;
  d = 0xa54ff53a;
}

/**
 * Mixes words through every lane's step (xor, multiply by the lane's odd constant, rotate left by its
 * amount): first, when `head` is 2, `tag` and `length`; then the UTF-16 code units of `s` from `start`
 * to `end`, two per word (an odd last one with 1 in the high half). The steps are written out once,
 * here: a helper per step was not always inlined, and a call per lane and word cost several times the
 * arithmetic. The lanes are copied into locals, which the compiler keeps in registers: one load and
 * one store per call.
 */
function mix(head: 0 | 2, tag: number, length: number, s: string, start: number, end: number): void {
  // The lanes' multipliers, here rather than at the top: the CLI's bundle makes a module's constants
  // variables its compiler cannot fold, and each word would load and convert all four.
  const KA = 0x85ebca6b;
  const KB = 0xc2b2ae35;
  const KC = 0x27d4eb2f;
  const KD = 0x165667b1;
  let la = a;
  let lb = b;
  let lc = c;
  let ld = d;
  for (let k = -head, i = start; k < 0 || i < end;) {
    let w: number;
    if (k < 0) w = k++ === -2 ? tag : length;
    else {
      w = s.charCodeAt(i) | (i + 1 < end ? s.charCodeAt(i + 1) << 16 : 0x10000);
      i += 2;
    }
    la = Math.imul(la ^ w, KA);
    la = (la << 13) | (la >>> 19);
    lb = Math.imul(lb ^ w, KB);
    lb = (lb << 15) | (lb >>> 17);
    lc = Math.imul(lc ^ w, KC);
    lc = (lc << 11) | (lc >>> 21);
    ld = Math.imul(ld ^ w, KD);
    ld = (ld << 17) | (ld >>> 15);
  }
  a = la;
  b = lb;
  c = lc;
  d = ld;
}

/** Mixes the UTF-16 code units of `s` from `start` to `end`. */
const text = (s: string, start = 0, end = s.length): void => mix(0, 0, 0, s, start, end);

/** Mixes a tag and a length (what the value that follows is), then the code units of `s` from `start` to `end` (none for a bare tag and length). */
const tagged = (tag: number, length: number, s = '', start = 0, end = s.length): void => mix(2, tag, length, s, start, end);

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Finalises the four lanes; `length` is folded in as murmur3 does. */
function finish(length: number): void {
  a ^= length;
  b ^= length;
  c ^= length;
  d ^= length;
  a = (a + b + c + d) | 0;
  b = (b + a) | 0;
  c = (c + a) | 0;
  d = (d + a) | 0;
  a = fmix(a);
  b = fmix(b);
  c = fmix(c);
  d = fmix(d);
  a = (a + b + c + d) | 0;
  b = (b + a) | 0;
  c = (c + a) | 0;
  d = (d + a) | 0;
}

/** The hash of a string as 16 one-byte characters (a compact Map key). */
export function hashString(s: string): string {
  reset();
  text(s);
  finish(s.length);
  // prettier-ignore
  return String.fromCharCode(
    a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, b >>> 24, (b >>> 16) & 0xff, (b >>> 8) & 0xff, b & 0xff,
    c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff, d >>> 24, (d >>> 16) & 0xff, (d >>> 8) & 0xff, d & 0xff,
  );
}

/** The hash of a string as its four 32-bit lanes, written into `out`: no string or object per call. */
export function hashStringInto(s: string, out: Int32Array): void {
  reset();
  text(s);
  finish(s.length);
  out[0] = a;
  out[1] = b;
  out[2] = c;
  out[3] = d;
}

const MAX_DEPTH = 32;
const TAG = { string: 1, long: 2, array: 3, object: 4, key: 5, other: 6, deep: 7 };

/**
 * The keys of `record` whose value is not undefined, sorted by UTF-16 code units (the order of a plain
 * sort()), in one array: an insertion sort for the few keys of a Meta object, sort() beyond.
 */
function definedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (record[keys[i]] !== undefined) keys[n++] = keys[i];
  if (n < keys.length) keys.length = n;
  if (n > 16) return keys.sort();
  for (let i = 1; i < n; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * Mixes a parsed JSON value: type-tagged and length-prefixed, so no two different values read the same;
 * object keys in sorted order, so key order does not matter. A string longer than twice `sample` is
 * represented by its length, head and tail.
 */
function value(v: unknown, sample: number, depth: number): void {
  if (typeof v === 'string') {
    if (v.length > 2 * sample) {
      tagged(TAG.long, v.length, v, 0, sample);
      text(v, v.length - sample);
    } else tagged(TAG.string, v.length, v);
  } else if (typeof v === 'object' && v !== null && depth > MAX_DEPTH) {
    // Deeper than any Meta payload: its shape stands for it (no stack overflow).
    const shape = Array.isArray(v) ? String(v.length) : Object.keys(v).sort().join(',');
    tagged(TAG.deep, shape.length, shape);
  } else if (Array.isArray(v)) {
    tagged(TAG.array, v.length);
    for (const item of v) value(item, sample, depth + 1);
  } else if (typeof v === 'object' && v !== null) {
    const record = v as Record<string, unknown>;
    const keys = definedKeys(record);
    tagged(TAG.object, keys.length);
    for (const key of keys) {
      tagged(TAG.key, key.length, key);
      value(record[key], sample, depth + 1);
    }
  } else {
    const s = String(v);
    tagged(TAG.other, s.length, s);
  }
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The digest's 22 character codes, reused: the string is made in one step, not one piece per digit. */
const codes: number[] = new Array<number>(22).fill(0);

/** Writes `count` base64url digits of a 32-bit lane into `codes` from `at`, high bits first (6 digits hold all 32; 5 hold the top 30). */
const digits = (h: number, count: number, at: number): void => {
  for (let shift = 26; count > 0; shift -= 6, count--) codes[at++] = BASE64URL.charCodeAt(shift >= 0 ? (h >>> shift) & 63 : (h << -shift) & 63);
};

/** The hash of a parsed JSON value as 22 base64url characters (124 of its 128 bits); see `value` for `sample`. */
export function hashValue(v: unknown, sample = 64): string {
  reset();
  value(v, sample, 0);
  finish(0);
  digits(a >>> 0, 6, 0);
  digits(b >>> 0, 6, 6);
  digits(c >>> 0, 5, 12);
  digits(d >>> 0, 5, 17);
  return String.fromCharCode(...codes);
}
