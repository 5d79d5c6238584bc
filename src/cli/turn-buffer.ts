/**
 * The bytes of one event-loop turn's output, put into one buffer as they come: text as UTF-8, copied
 * bytes as they are.
 * A turn then leaves as one write of one buffer: no string joined from the turn's lines (which V8 must
 * flatten and Node copy again into a buffer of its own), no list of chunks.
 *
 * With `reuse`, a buffer whose write has called back holds the next turn's bytes: a stream that is done
 * with a chunk when it calls back (a file, a pipe or a terminal, as process.stdout is) then costs no
 * allocation per turn. Any other stream gets a copy of each turn's bytes of its own, since it may keep
 * the chunk after calling back (a PassThrough does).
 */
import type { Writable } from 'node:stream';

/** Room for a few turns of small deliveries; a buffer grows by doubling to the largest turn. */
const FIRST_SIZE = 64 * 1024;
/** A buffer grown beyond this (a turn of many large deliveries) is not kept once written, reused or not. */
const MAX_KEPT = 1024 * 1024;

export class TurnBuffer {
  private buf: Buffer = Buffer.allocUnsafeSlow(FIRST_SIZE);
  private used = 0;
  /** A written buffer back from the stream, for the next turn. */
  private spare: Buffer | undefined;

  constructor(private readonly reuse: boolean) {}

  /** Bytes put since the last write. */
  get length(): number {
    return this.used;
  }

  /** Text as its UTF-8 bytes, or bytes as they are. */
  put(piece: string | Buffer): void {
    if (typeof piece === 'string') this.text(piece);
    else this.bytes(piece);
  }

  private text(s: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8. With that much room the text is written at
    // once, and the write says how many bytes it took: counting them first would cost as much again.
    if (this.buf.length - this.used < 3 * s.length) this.room(Buffer.byteLength(s, 'utf8'));
    this.used += this.buf.write(s, this.used, 'utf8');
  }

  private bytes(b: Buffer): void {
    this.room(b.length);
    this.used += b.copy(this.buf, this.used);
  }

  /** One line feed. */
  newline(): void {
    this.room(1);
    this.buf[this.used++] = 0x0a;
  }

  /** Writes the bytes put so far to `out` and starts afresh; returns what `out.write` returned. */
  writeTo(out: Writable): boolean {
    const filled = this.buf;
    const chunk = filled.subarray(0, this.used);
    this.used = 0;
    if (!this.reuse) {
      const copy = Buffer.from(chunk);
      if (filled.length > MAX_KEPT) this.buf = Buffer.allocUnsafeSlow(FIRST_SIZE);
      return out.write(copy);
    }
    this.buf = this.spare ?? Buffer.allocUnsafeSlow(FIRST_SIZE);
    this.spare = undefined;
    return out.write(chunk, () => {
      if (filled.length <= MAX_KEPT && (this.spare === undefined || this.spare.length < filled.length)) this.spare = filled;
    });
  }

  private room(n: number): void {
    if (this.used + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, this.used + n));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
  }
}
