/**
 * A fast 128-bit non-cryptographic hash for dedupe keys: four 32-bit lanes, each a bijective mix per
 * input word (xor, multiply by an odd constant, rotate) with its own constants, then a murmur3-style
 * finalisation across the lanes. Where a key only has to tell apart events Meta signed (no adversary
 * chooses them), this replaces sha256: no native call, no intermediate strings, a few µs less per event.
 */

/** The four lanes between calls: one typed array, loaded into locals once per call and stored back once. */
const lanes = new Int32Array(4);

function reset(): void {
  lanes[0] = 0x6a09e667;
  lanes[1] = 0xbb67ae85;
  lanes[2] = 0x3c6ef372;
  lanes[3] = 0xa54ff53a;
}

/**
 * One lane's step for one word: xor, multiply by the lane's odd constant, rotate left by `r`. A constant
 * arrow, which the compiler inlines at every call (as a function declaration, a binding that could change,
 * it cost a tenth more per digest).
 */
const step = (h: number, w: number, k: number, r: number): number => {
  h = Math.imul(h ^ w, k);
  return (h << r) | (h >>> (32 - r));
};

/**
 * Mixes words through every lane: first, when `head` is set, `tag` and `length`; then the UTF-16 code
 * units of `s` from `start` to `end`, two per word (an odd last one with 1 in the high half). The head
 * words are mixed before the loop, not in it: a loop that also picks head words spends a branch on
 * every word of a long text (a fifth more instructions per message digest, callgrind).
 */
function mix(head: boolean, tag: number, length: number, s: string, start: number, end: number): void {
  // The lanes' multipliers, here rather than at the top: the CLI's bundle makes a module's constants
  // variables its compiler cannot fold, and each word would load and convert all four.
  const KA = 0x85ebca6b;
  const KB = 0xc2b2ae35;
  const KC = 0x27d4eb2f;
  const KD = 0x165667b1;
  let a = lanes[0];
  let b = lanes[1];
  let c = lanes[2];
  let d = lanes[3];
  if (head) {
    a = step(step(a, tag, KA, 13), length, KA, 13);
    b = step(step(b, tag, KB, 15), length, KB, 15);
    c = step(step(c, tag, KC, 11), length, KC, 11);
    d = step(step(d, tag, KD, 17), length, KD, 17);
  }
  for (let i = start; i < end; i += 2) {
    const w = s.charCodeAt(i) | (i + 1 < end ? s.charCodeAt(i + 1) << 16 : 0x10000);
    a = step(a, w, KA, 13);
    b = step(b, w, KB, 15);
    c = step(c, w, KC, 11);
    d = step(d, w, KD, 17);
  }
  lanes[0] = a;
  lanes[1] = b;
  lanes[2] = c;
  lanes[3] = d;
}

/** Mixes the UTF-16 code units of `s` from `start` to `end`. */
const text = (s: string, start: number, end: number): void => mix(false, 0, 0, s, start, end);

/** Mixes a tag and a length (what the value that follows is), then the code units of `s` from `start` to `end`. */
const tagged = (tag: number, length: number, s: string, start: number, end: number): void => mix(true, tag, length, s, start, end);

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Finalises the four lanes; `length` is folded in as murmur3 does. */
function finish(length: number): void {
  let a = lanes[0] ^ length;
  let b = lanes[1] ^ length;
  let c = lanes[2] ^ length;
  let d = lanes[3] ^ length;
  a = (a + b + c + d) | 0;
  b = (b + a) | 0;
  c = (c + a) | 0;
  d = (d + a) | 0;
  a = fmix(a);
  b = fmix(b);
  c = fmix(c);
  d = fmix(d);
  a = (a + b + c + d) | 0;
  lanes[0] = a;
  lanes[1] = (b + a) | 0;
  lanes[2] = (c + a) | 0;
  lanes[3] = (d + a) | 0;
}

/** Leaves the hash of a string in the lanes. */
function hashText(s: string): void {
  reset();
  text(s, 0, s.length);
  finish(s.length);
}

/** The hash of a string as 16 one-byte characters (a compact Map key). */
export function hashString(s: string): string {
  hashText(s);
  const a = lanes[0];
  const b = lanes[1];
  const c = lanes[2];
  const d = lanes[3];
  // prettier-ignore
  return String.fromCharCode(
    a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, b >>> 24, (b >>> 16) & 0xff, (b >>> 8) & 0xff, b & 0xff,
    c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff, d >>> 24, (d >>> 16) & 0xff, (d >>> 8) & 0xff, d & 0xff,
  );
}

/** The hash of a string as its four 32-bit lanes, written into `out`: no string or object per call. */
export function hashStringInto(s: string, out: Int32Array): void {
  hashText(s);
  out[0] = lanes[0];
  out[1] = lanes[1];
  out[2] = lanes[2];
  out[3] = lanes[3];
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
    const n = v.length;
    if (n > 2 * sample) {
      tagged(TAG.long, n, v, 0, sample);
      text(v, n - sample, n);
    } else tagged(TAG.string, n, v, 0, n);
  } else if (typeof v === 'object' && v !== null && depth > MAX_DEPTH) {
    // Deeper than any Meta payload: its shape stands for it (no stack overflow).
    const shape = Array.isArray(v) ? String(v.length) : Object.keys(v).sort().join(',');
    tagged(TAG.deep, shape.length, shape, 0, shape.length);
  } else if (Array.isArray(v)) {
    tagged(TAG.array, v.length, '', 0, 0);
    for (let i = 0; i < v.length; i++) value(v[i], sample, depth + 1);
  } else if (typeof v === 'object' && v !== null) {
    const record = v as Record<string, unknown>;
    const keys = definedKeys(record);
    tagged(TAG.object, keys.length, '', 0, 0);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      tagged(TAG.key, key.length, key, 0, key.length);
      value(record[key], sample, depth + 1);
    }
  } else {
    const s = String(v);
    tagged(TAG.other, s.length, s, 0, s.length);
  }
}

/** The base64url digits' character codes, by value. */
const DIGIT = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', (ch) => ch.charCodeAt(0));

/**
 * The hash of a parsed JSON value as 22 base64url characters (124 of its 128 bits: 6 digits of each of
 * the first two lanes, the top 30 bits of the others); see `value` for `sample`. The digits are
 * passed to fromCharCode as they are computed: a loop that gathered them first cost more than the walk
 * of a small message.
 */
export function hashValue(v: unknown, sample = 64): string {
  reset();
  value(v, sample, 0);
  finish(0);
  const a = lanes[0];
  const b = lanes[1];
  const c = lanes[2];
  const d = lanes[3];
  // prettier-ignore
  return String.fromCharCode(
    DIGIT[a >>> 26], DIGIT[(a >>> 20) & 63], DIGIT[(a >>> 14) & 63], DIGIT[(a >>> 8) & 63], DIGIT[(a >>> 2) & 63], DIGIT[(a << 4) & 63],
    DIGIT[b >>> 26], DIGIT[(b >>> 20) & 63], DIGIT[(b >>> 14) & 63], DIGIT[(b >>> 8) & 63], DIGIT[(b >>> 2) & 63], DIGIT[(b << 4) & 63],
    DIGIT[c >>> 26], DIGIT[(c >>> 20) & 63], DIGIT[(c >>> 14) & 63], DIGIT[(c >>> 8) & 63], DIGIT[(c >>> 2) & 63],
    DIGIT[d >>> 26], DIGIT[(d >>> 20) & 63], DIGIT[(d >>> 14) & 63], DIGIT[(d >>> 8) & 63], DIGIT[(d >>> 2) & 63],
  );
}
