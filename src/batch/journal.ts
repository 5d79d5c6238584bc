/**
 * The batch results file, which is also the journal that makes --resume safe. Before a row's request
 * goes out (after its pacing wait), a `{"row":N,"state":"sending"}` line is written; the outcome follows
 * as its own line. On resume, a row whose outcome is `sent` — or whose request may have reached Meta (a
 * `sending` line with no outcome after a hard kill, a line torn mid-write, or an error marked maybeSent)
 * — is never sent again. A file that cannot be read that way is refused rather than guessed at: a
 * guess that is wrong sends rows twice.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { RowSet } from './row-set.js';

export interface RowResult {
  row: number;
  state: 'sending' | 'sent' | 'failed' | 'skipped';
  messageId?: string;
  output?: unknown;
  error?: { type?: string; code?: number; message?: string; details?: string; hint?: string; maybeSent?: boolean };
}

/** The rows a results file records as done, as two bit sets (a million rows in a few hundred KB). */
export class DoneRows {
  readonly sent = new RowSet();
  /** Rows that may have reached Meta without an answer. */
  readonly uncertain = new RowSet();

  get size(): number {
    return this.sent.size + this.uncertain.size;
  }

  get(row: number): 'sent' | 'maybe-sent' | undefined {
    return this.sent.has(row) ? 'sent' : this.uncertain.has(row) ? 'maybe-sent' : undefined;
  }

  /** The last outcome recorded for a row wins. */
  set(row: number, state: 'sent' | 'maybe-sent'): void {
    (state === 'sent' ? this.uncertain : this.sent).delete(row);
    (state === 'sent' ? this.sent : this.uncertain).add(row);
  }

  /** [row, state] in ascending row order. */
  *[Symbol.iterator](): IterableIterator<[number, 'sent' | 'maybe-sent']> {
    const sent = this.sent[Symbol.iterator]();
    const uncertain = this.uncertain[Symbol.iterator]();
    let a = sent.next();
    let b = uncertain.next();
    while (!a.done || !b.done) {
      if (b.done || (!a.done && a.value < b.value)) {
        yield [a.value as number, 'sent'];
        a = sent.next();
      } else {
        yield [b.value, 'maybe-sent'];
        b = uncertain.next();
      }
    }
  }
}

export interface ResumeState {
  /** Rows that must not be sent again, with why. */
  done: DoneRows;
  /** Rows named by a torn line (a write cut short): counted as may have been sent. */
  torn: number[];
}

/** The results file cannot tell which rows were sent; `line` is 1-based when one line is to blame. */
export class JournalError extends Error {
  override name = 'JournalError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const STATES = new Set<RowResult['state']>(['sending', 'sent', 'failed', 'skipped']);
/** The start of a line this journal wrote, cut anywhere after the row number's end. */
const TORN = /^\s*\{\s*"row"\s*:\s*(\d+)\s*[,}]/;
/**
 * The lines most of a results file holds, exactly as JSON.stringify writes them: matching this is
 * matching valid JSON, so they skip the parser; every other line is parsed and checked in full.
 */
// eslint-disable-next-line no-control-regex -- a JSON string holds no raw control character
const PLAIN = /^\{"row":([1-9]\d{0,14}),"state":"(sending|sent)"(?:,"messageId":"[^"\\\x00-\x1f]*")?\}$/;

function isRowResult(value: unknown): value is RowResult {
  const r = value as RowResult;
  return typeof value === 'object' && value !== null && Number.isSafeInteger(r.row) && r.row >= 1 && STATES.has(r.state);
}

function shown(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line);
}

/** Calls `onLine` with each line's bytes (without its line break), read through one reused buffer. */
async function eachLine(file: string, onLine: (buffer: Buffer, start: number, end: number) => void): Promise<void> {
  const handle = await open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(1 << 16);
    let kept = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, kept, buffer.length - kept, null);
      const end = kept + bytesRead;
      let start = 0;
      for (let nl = buffer.indexOf(0x0a, start); nl >= 0 && nl < end; nl = buffer.indexOf(0x0a, start)) {
        onLine(buffer, start, nl > start && buffer[nl - 1] === 0x0d ? nl - 1 : nl);
        start = nl + 1;
      }
      if (bytesRead === 0) {
        if (start < end) onLine(buffer, start, end);
        return;
      }
      kept = end - start;
      if (kept === buffer.length) {
        // A line longer than the buffer: make room for the rest of it.
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, start, end);
        buffer = larger;
      } else buffer.copy(buffer, 0, start, end);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Reads a results file into bit sets of row numbers, a line at a time: memory stays flat whatever the
 * number of lines, and the lines this journal writes most are recognised without the JSON parser.
 */
export async function readJournal(file: string): Promise<ResumeState> {
  const done = new DoneRows();
  const pending = new RowSet();
  const torn: number[] = [];
  let n = 0;
  const onLine = (buffer: Buffer, start: number, end: number): void => {
    n++;
    const plain = PLAIN.exec(buffer.toString('latin1', start, end));
    if (plain) {
      const row = Number(plain[1]);
      if (plain[2] === 'sending') pending.add(row);
      else {
        pending.delete(row);
        done.set(row, 'sent');
      }
      return;
    }
    const line = buffer.toString('utf8', start, end);
    if (!line.trim()) return;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      const row = TORN.exec(line);
      if (!row) throw new JournalError(`line ${n} is damaged and names no row: ${shown(line)}`, n);
      // Cut short while being written (a kill, a full disk): whether that row went out is unknown.
      torn.push(Number(row[1]));
      pending.add(Number(row[1]));
      return;
    }
    if (!isRowResult(r)) throw new JournalError(`line ${n} is not a batch result line: ${shown(line)}`, n);
    if (r.state === 'sending') pending.add(r.row);
    else {
      pending.delete(r.row);
      if (r.state === 'sent') done.set(r.row, 'sent');
      else if (r.state === 'failed' && r.error?.maybeSent) done.set(r.row, 'maybe-sent');
    }
  };
  try {
    await eachLine(file, onLine);
  } catch (error) {
    if (error instanceof JournalError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new JournalError('it does not exist');
    throw new JournalError(`it cannot be read (${code ?? (error as Error).message})`);
  }
  for (const row of pending) if (!done.get(row)) done.set(row, 'maybe-sent');
  return { done, torn };
}

export interface Journal {
  /** Throws when the line cannot be written (disk full…): the caller must not go on as if it were. */
  write(result: RowResult): void;
  close(): void;
}

/** Whether a non-empty file's last byte is not a newline (a torn last line to end before appending). */
function endsMidLine(fd: number, size: number): boolean {
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/**
 * Appends NDJSON lines to a file, or to a writer (stdout), each through `scrub` (the secrets taken out,
 * as on stdout). Each line is handed to the kernel with a synchronous write before the request goes
 * out, so a crash or kill of this process cannot lose it; no fsync per line (it cost ~0.4 ms each and
 * slowed pacing) — a power cut is outside what this guards. A write that fails part-way is cut back off,
 * so the file never keeps half a line of ours.
 */
export function openJournal(target: string | ((line: string) => void), scrub: (text: string) => string = (t) => t, options: { append?: boolean } = {}): Journal {
  if (typeof target === 'function') {
    return { write: (r) => (r.state === 'sending' ? undefined : target(scrub(`${JSON.stringify(r)}\n`))), close() {} };
  }
  const fd = openSync(target, 'a+');
  let size = fstatSync(fd).size;
  // Results of another run are continued only on purpose: appending a new run to them would send every
  // row again while the file says they went out.
  if (size > 0 && options.append === false) {
    closeSync(fd);
    throw Object.assign(new Error(`${target} already holds results`), { code: 'EEXIST' });
  }
  const append = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (error) {
      try {
        ftruncateSync(fd, size);
      } catch {
        /* the torn line stays; a resume counts its row as may have been sent */
      }
      throw error;
    }
    size += written;
  };
  if (endsMidLine(fd, size)) append('\n');
  return {
    write: (r) => append(scrub(`${JSON.stringify(r)}\n`)),
    close: () => closeSync(fd),
  };
}
