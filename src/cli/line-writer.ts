/**
 * Writes event bundles to a stream as JSON lines (`wabc webhook serve`'s output), the lines of one
 * event-loop turn in one buffer and one write (turn-buffer.ts): under load that is one system call for
 * all the deliveries read in that turn instead of one each. A hand-over resolves only once its lines are
 * in the stream — at once when the write is accepted, after 'drain' when the reader is slow — so nothing
 * is acknowledged before it is written out. The hand-overs of one turn share one promise.
 *
 * Each line is `JSON.stringify(bundle)`, byte for byte. Given the delivery's verified bytes as well
 * (`withRaw`), a long string of the bundle (a 16 KB text message) is not serialised and encoded again:
 * where its exact UTF-8 bytes stand in the delivery as a JSON string with nothing escaped, those bytes
 * are copied into the line, which is then the same bytes JSON.stringify would have given (checked for
 * each string: quoted, no backslash, quote or control character, valid UTF-8, and decoding to the very
 * string of the bundle; anything else is serialised as usual).
 */
import { isUtf8 } from 'node:buffer';
import type { Writable } from 'node:stream';
import type { EventBundle } from '../webhook/webhook-types.js';
import { TurnBuffer } from './turn-buffer.js';

/** Strings shorter than this are serialised as usual: below about 2,000 characters, finding and checking their bytes costs more than serialising them (a few µs either way). */
const LONG_STRING = 2048;
/** Deliveries smaller than this cannot hold a long string worth copying. */
const LONG_BODY = 2 * LONG_STRING;
/** Deeper than any bundle of a delivery whose deep values were cut (MAX_NESTING_DEPTH); beyond it, nothing is looked for. */
const MAX_WALK_DEPTH = 80;
/** Strings of one bundle copied at most; beyond, the rest are serialised as usual. */
const MAX_COPIED = 8;
/** What stands for the i-th copied string while the rest is serialised, and how it reads in the JSON. */
const MARKERS = Array.from({ length: MAX_COPIED }, (_, i) => `\u0000wabc-raw-${i}\u0000`);
const MARKERS_JSON = MARKERS.map((marker) => JSON.stringify(marker));

/** A long string found in a bundle: where it is held, and its bytes in the delivery (quotes included). */
interface Copied {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  value: string;
  bytes: Buffer;
}

const QUOTE = 0x22;

/** Room to write an ASCII string into for a comparison, kept between calls (it grows to the longest string compared, at most a body's size). */
let scratch = Buffer.alloc(0);

/** True when `bytes` are the ASCII string `value`: its characters copied as bytes and compared, no decoding. */
function sameAscii(bytes: Buffer, value: string): boolean {
  if (scratch.length < value.length) scratch = Buffer.allocUnsafe(Math.max(value.length, 2 * scratch.length));
  scratch.write(value, 0, value.length, 'latin1');
  return bytes.compare(scratch, 0, value.length) === 0;
}

/**
 * The bytes of `value` in `raw` as a JSON string token, quotes included, when JSON.stringify(value)
 * would write exactly those bytes; otherwise undefined.
 */
function bytesOf(value: string, raw: Buffer): Buffer | undefined {
  const length = Buffer.byteLength(value, 'utf8');
  // UTF-8 is one byte per character exactly when every character is ASCII.
  const ascii = length === value.length;
  const probe = `"${value.slice(0, 32)}`;
  for (let tries = 0, at = raw.indexOf(probe); at >= 0 && tries < 4; tries++, at = raw.indexOf(probe, at + 1)) {
    const start = at + 1;
    const end = start + length;
    if (end >= raw.length || raw[end] !== QUOTE) continue;
    const inside = raw.subarray(start, end);
    // Nothing JSON.stringify would escape: no quote or backslash, no control character (in valid JSON
    // text only tab, line feed and carriage return can stand unescaped, between tokens), and valid
    // UTF-8 (which holds no lone surrogate).
    if (inside.indexOf(QUOTE) >= 0 || inside.indexOf(0x5c) >= 0 || inside.indexOf(0x0a) >= 0 || inside.indexOf(0x0d) >= 0 || inside.indexOf(0x09) >= 0) continue;
    if (ascii ? !sameAscii(inside, value) : !isUtf8(inside) || inside.toString('utf8') !== value) continue;
    return raw.subarray(at, end + 1);
  }
  return undefined;
}

/** The long strings of `bundle` whose bytes can be copied from `raw`, in no particular order. */
function copiable(bundle: EventBundle, raw: Buffer): Copied[] {
  const found: Copied[] = [];
  const visit = (holder: Record<string, unknown> | unknown[], key: string | number, value: unknown, depth: number): void => {
    if (found.length >= MAX_COPIED) return;
    if (typeof value === 'string') {
      if (value.length < LONG_STRING) return;
      const bytes = bytesOf(value, raw);
      if (bytes) found.push({ holder, key, value, bytes });
    } else if (typeof value === 'object' && value !== null && depth < MAX_WALK_DEPTH) {
      if (Array.isArray(value)) for (let i = 0; i < value.length; i++) visit(value, i, value[i], depth + 1);
      else for (const k of Object.keys(value)) visit(value as Record<string, unknown>, k, (value as Record<string, unknown>)[k], depth + 1);
    }
  };
  visit({ bundle }, 'bundle', bundle, 0);
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
  const places = copies.map((copy, i) => ({ at: line.indexOf(MARKERS_JSON[i]), marker: MARKERS_JSON[i], bytes: copy.bytes }));
  if (places.some((p) => p.at < 0 || line.lastIndexOf(p.marker) !== p.at)) return JSON.stringify(bundle);
  places.sort((x, y) => x.at - y.at);
  const pieces: Array<string | Buffer> = [];
  let from = 0;
  for (const p of places) {
    pieces.push(line.slice(from, p.at), p.bytes);
    from = p.at + p.marker.length;
  }
  pieces.push(line.slice(from));
  return pieces;
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

  const withRaw = (bundles: EventBundle[], raw: Buffer): Promise<void> => (raw.length < LONG_BODY ? write(bundles) : put(bundles.map((bundle) => linePieces(bundle, raw))));

  return Object.assign(write, { withRaw });
}
