/**
 * Writes event bundles to a stream as JSON lines (`wabc webhook serve`'s output), the lines of one
 * event-loop turn in one buffer and one write (turn-buffer.ts): under load that is one system call for
 * all the deliveries read in that turn instead of one each. A hand-over resolves only once its lines are
 * in the stream — at once when the write is accepted, after 'drain' when the reader is slow — so nothing
 * is acknowledged before it is written out. The hand-overs of one turn share one promise.
 *
 * Each line is `JSON.stringify(bundle)`, byte for byte. Given the delivery's verified bytes as well
 * (`withRaw`), its strings are not serialised character by character where that can be avoided:
 * - where no string of the delivery holds a character JSON escapes (its escapes are only Meta's `\/` and
 *   `\uXXXX` of other characters), nor does any of its bundles: they are written by cleanJson
 *   (clean-json.ts), their strings joined as they are, and a long one (a 16 KB text message) written
 *   on its own rather than joined;
 * - otherwise, a long string of a longer delivery's bundle is copied from the delivery where its exact
 *   UTF-8 bytes stand there as a JSON string with nothing escaped, which gives the same bytes
 *   JSON.stringify would (checked for each string: quoted, no backslash, quote or control character,
 *   valid UTF-8, and decoding to the very string of the bundle; anything else is serialised as usual).
 */
import { isUtf8 } from 'node:buffer';
import type { Writable } from 'node:stream';
import type { EventBundle } from '../webhook/webhook-types.js';
import { BACKSLASH, cleanJson, QUOTE, SET_ASIDE, stringsNeedNoEscape, type SetAside } from './clean-json.js';
import { TurnBuffer } from './turn-buffer.js';

/**
 * Strings shorter than this are serialised as usual: below about 1,000 characters, finding and checking
 * their bytes costs more than serialising them (a few µs either way), and writing one on its own more
 * than joining it.
 */
const LONG_STRING = 1024;
/** Deliveries smaller than this cannot hold a long string worth copying: one of LONG_STRING characters comes with an envelope (ids, metadata) of a few hundred bytes. */
const LONG_BODY = LONG_STRING + 256;
/** Deeper than any bundle of a delivery whose deep values were cut (MAX_NESTING_DEPTH); beyond it, nothing is looked for. */
const MAX_WALK_DEPTH = 80;
/** Strings of one bundle copied at most; beyond, the rest are serialised as usual. */
const MAX_COPIED = 8;
/** What stands for the i-th copied string while the rest is serialised, and how it reads in the JSON. */
const MARKERS = Array.from({ length: MAX_COPIED }, (_, i) => `\u0000wabc-raw-${i}\u0000`);
/**
 * A marker's JSON without its opening quote: it starts with a backslash, rare in JSON text, which a
 * search skips to at once (the quote, everywhere in JSON, would stop it at every key).
 */
const MARKER_TAILS = MARKERS.map((marker) => JSON.stringify(marker).slice(1));
/** Every marker's JSON is as long (one digit each). */
const MARKER_JSON_LENGTH = MARKER_TAILS[0].length + 1;

/** A long string found in a bundle: where it is held, and its bytes in the delivery (quotes included). */
interface Copied {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  value: string;
  bytes: Buffer;
}

/**
 * Bytes that can stand outside a JSON string: whitespace, punctuation, numbers and the letters of true,
 * false and null. A run of bytes that starts with any other byte lies inside a string token.
 */
const OUTSIDE_STRINGS = new Uint8Array(128);
for (const c of ' \t\n\r{}[]:,-+.0123456789eEtruefalsn') OUTSIDE_STRINGS[c.charCodeAt(0)] = 1;

/** Room to write an ASCII string into for a comparison, kept between calls (it grows to the longest string compared, at most a body's size). */
let scratch = Buffer.alloc(0);

/** True when `bytes` are the ASCII string `value`: its characters copied as bytes and compared, no decoding. */
function sameAscii(bytes: Buffer, value: string): boolean {
  if (scratch.length < value.length) scratch = Buffer.allocUnsafe(Math.max(value.length, 2 * scratch.length));
  scratch.write(value, 0, value.length, 'latin1');
  return bytes.compare(scratch, 0, value.length) === 0;
}

/**
 * True when nothing in `inside` (the bytes between two quotes of a valid JSON text) would be escaped by
 * JSON.stringify: no quote, no backslash, no control character. Without a quote the bytes lie either
 * inside one string token, where JSON allows no raw control character, or wholly between tokens, where
 * only punctuation, numbers, literals and whitespace (tab, line feed, carriage return) can stand; bytes
 * that start with anything else are in a token, and need no search for control characters.
 */
function nothingEscaped(inside: Buffer): boolean {
  if (inside.indexOf(QUOTE) >= 0 || inside.indexOf(BACKSLASH) >= 0) return false;
  const first = inside[0];
  if (first >= 0x80 || OUTSIDE_STRINGS[first] === 0) return true;
  return inside.indexOf(0x0a) < 0 && inside.indexOf(0x0d) < 0 && inside.indexOf(0x09) < 0;
}

/**
 * The first place from `from` (at least 1) where `probe` stands right after a quote, or -1. The probe is
 * searched for on its own first: a search that starts with a quote, found at every key of JSON text, is
 * several times slower, and the first place of a string's head is mostly where its token starts.
 */
function placeAfterQuote(raw: Buffer, probe: string, from: number, encoding: 'latin1' | 'utf8'): number {
  const at = raw.indexOf(probe, from, encoding);
  if (at < 0 || raw[at - 1] === QUOTE) return at;
  const quoted = raw.indexOf(`"${probe}`, at - 1, encoding);
  return quoted < 0 ? -1 : quoted + 1;
}

/**
 * The bytes of `value` in `raw` as a JSON string token, quotes included, when JSON.stringify(value)
 * would write exactly those bytes; otherwise undefined. `raw` is a valid JSON text (it was parsed).
 */
function bytesOf(value: string, raw: Buffer): Buffer | undefined {
  const length = Buffer.byteLength(value, 'utf8');
  // UTF-8 is one byte per character exactly when every character is ASCII.
  const ascii = length === value.length;
  const probe = value.slice(0, 32);
  const encoding = ascii ? 'latin1' : 'utf8';
  for (let tries = 0, start = placeAfterQuote(raw, probe, 1, encoding); start > 0 && tries < 4; tries++, start = placeAfterQuote(raw, probe, start + 1, encoding)) {
    const end = start + length;
    if (end >= raw.length || raw[end] !== QUOTE) continue;
    const inside = raw.subarray(start, end);
    if (!nothingEscaped(inside)) continue;
    // Valid UTF-8 holds no lone surrogate, which JSON.stringify would escape.
    if (ascii ? !sameAscii(inside, value) : !isUtf8(inside) || inside.toString('utf8') !== value) continue;
    return raw.subarray(start - 1, end + 1);
  }
  return undefined;
}

/** The long strings of a bundle found so far, and those looked for in vain: a string held twice is looked for once. */
interface Search {
  raw: Buffer;
  found: Copied[];
  missed: string[];
}

function lookUp(search: Search, value: string): Buffer | undefined {
  for (const f of search.found) if (f.value === value) return f.bytes;
  if (search.missed.includes(value)) return undefined;
  const bytes = bytesOf(value, search.raw);
  if (bytes === undefined) search.missed.push(value);
  return bytes;
}

/** A value worth visiting: an object or array to look into, or a string long enough to copy. */
const worthVisiting = (v: unknown): boolean => (typeof v === 'object' ? v !== null : typeof v === 'string' && v.length >= LONG_STRING);

/** Looks for the long strings under `value`, which `holder[key]` holds. */
function visit(search: Search, holder: Record<string, unknown> | unknown[], key: string | number, value: unknown, depth: number): void {
  if (typeof value === 'string') {
    // An inherited property is not serialised, and swapping it would add an own one.
    if (search.found.length >= MAX_COPIED || !Object.hasOwn(holder, key)) return;
    const bytes = lookUp(search, value);
    if (bytes) search.found.push({ holder, key, value, bytes });
  } else if (depth < MAX_WALK_DEPTH) {
    // for…in reads an object's keys from its map's cache; Object.keys would allocate an array per object.
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (worthVisiting(value[i])) visit(search, value, i, value[i], depth + 1);
    } else {
      const object = value as Record<string, unknown>;
      for (const k in object) if (worthVisiting(object[k])) visit(search, object, k, object[k], depth + 1);
    }
  }
}

/** The long strings of `bundle` whose bytes can be copied from `raw`, in no particular order. */
function copiable(bundle: EventBundle, raw: Buffer): Copied[] {
  const search: Search = { raw, found: [], missed: [] };
  if (worthVisiting(bundle)) visit(search, { bundle }, 'bundle', bundle, 0);
  return search.found;
}

/**
 * Where the i-th marker's JSON stands in `line`, or -1 unless it stands there exactly once. Every place
 * of its tail after a quote counts: the marker's own place is one of them.
 */
function markerAt(line: string, i: number): number {
  const tail = MARKER_TAILS[i];
  let found = -1;
  for (let p = line.indexOf(tail); p >= 0; p = line.indexOf(tail, p + 1)) {
    if (line.charCodeAt(p - 1) !== QUOTE) continue;
    if (found >= 0) return -1;
    found = p - 1;
  }
  return found;
}

/**
 * The line of `bundle` (without its line feed) as pieces to write in order: JSON.stringify(bundle) with
 * its long strings' bytes copied from the delivery. Each such string is swapped for a marker while the
 * rest is serialised (and put back at once); a marker that does not turn up exactly once makes the line
 * plain JSON.stringify.
 */
export function linePieces(bundle: EventBundle, raw: Buffer): Array<string | Buffer> | string {
  const copies = copiable(bundle, raw);
  if (copies.length === 0) return JSON.stringify(bundle);
  let line: string;
  try {
    for (let i = 0; i < copies.length; i++) (copies[i].holder as Record<string | number, unknown>)[copies[i].key] = MARKERS[i];
    line = JSON.stringify(bundle);
  } finally {
    for (const c of copies) (c.holder as Record<string | number, unknown>)[c.key] = c.value;
  }
  const places: Array<{ at: number; bytes: Buffer }> = [];
  for (let i = 0; i < copies.length; i++) {
    const at = markerAt(line, i);
    if (at < 0) return JSON.stringify(bundle);
    places.push({ at, bytes: copies[i].bytes });
  }
  if (places.length > 1) places.sort((x, y) => x.at - y.at);
  const pieces: Array<string | Buffer> = [];
  let from = 0;
  for (const p of places) {
    pieces.push(line.slice(from, p.at), p.bytes);
    from = p.at + MARKER_JSON_LENGTH;
  }
  pieces.push(line.slice(from));
  return pieces;
}

/** cleanLine's long strings, one list for every call: most lines have none, and then allocate nothing for them. */
const setAside: SetAside = { minLength: LONG_STRING, strings: [] };

/**
 * The line of a bundle whose strings need no escape, as pieces to write in order: cleanJson's text with
 * each long string (set aside, so never joined into it) put back in its place.
 */
export function cleanLine(bundle: EventBundle): string[] | string {
  const strings = setAside.strings;
  try {
    const text = cleanJson(bundle, setAside);
    if (text === undefined) return JSON.stringify(bundle);
    if (strings.length === 0) return text;
    const pieces: string[] = [];
    let from = 0;
    for (const s of strings) {
      const at = text.indexOf(SET_ASIDE, from);
      pieces.push(text.slice(from, at), s);
      from = at + 1;
    }
    pieces.push(text.slice(from));
    return pieces;
  } finally {
    strings.length = 0;
  }
}

export interface LineWriter {
  (bundles: EventBundle[]): Promise<void>;
  /** The same, given the delivery's verified bytes to copy long strings from. */
  withRaw: (bundles: EventBundle[], raw: Buffer) => Promise<void>;
}

export interface LineWriterOptions {
  /**
   * The stream is done with a chunk's bytes once it calls back, as process.stdout is (a file, a pipe or
   * a terminal): the buffer of a written turn then holds a later turn's lines (turn-buffer.ts).
   */
  reuseBuffers?: boolean;
}

export function lineWriter(out: Writable, options: LineWriterOptions = {}): LineWriter {
  const turn = new TurnBuffer(options.reuseBuffers === true);
  let written: Promise<void> | undefined;
  let settle: () => void = () => {};

  const flush = (): void => {
    const done = settle;
    written = undefined;
    if (turn.writeTo(out)) done();
    else out.once('drain', done);
  };

  /** Queues this turn's lines; the promise resolves once the turn's write is in the stream. */
  const queued = (): Promise<void> => {
    if (written === undefined) {
      written = new Promise<void>((resolve) => (settle = resolve));
      setImmediate(flush);
    }
    return written;
  };

  /** Puts lines into this turn's buffer, once all of a delivery's are made. */
  const put = (lines: Array<string | Array<string | Buffer>>): Promise<void> => {
    for (const line of lines) {
      if (typeof line === 'string') turn.put(line);
      else for (const piece of line) turn.put(piece);
      turn.newline();
    }
    return queued();
  };

  // A bundle that cannot be serialised fails its whole delivery before any of its lines is queued.
  const write = (bundles: EventBundle[]): Promise<void> => put(bundles.map((bundle) => JSON.stringify(bundle)));

  const withRaw = (bundles: EventBundle[], raw: Buffer): Promise<void> => {
    if (stringsNeedNoEscape(raw)) return put(bundles.map(cleanLine));
    return raw.length >= LONG_BODY ? put(bundles.map((bundle) => linePieces(bundle, raw))) : write(bundles);
  };

  return Object.assign(write, { withRaw });
}
