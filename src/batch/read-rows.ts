/**
 * Batch input, read as a stream so the first row is ready at once and memory stays flat whatever the
 * file size: NDJSON (one JSON object per line) or CSV (a header row; `text.body`-style column names build
 * nested objects, and cells holding JSON objects or arrays are parsed). Empty cells are left out. A row
 * that cannot be read becomes a row with a `problem` (recorded as failed), never a silent skip.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { unreadable } from '../common/file-problem.js';
import { parseJsonText } from '../common/json-text.js';
import { deepMerge } from '../runtime/load/deep-merge.js';

export interface BatchRow {
  /** 1-based row number (data rows; a CSV header is not counted). */
  row: number;
  input?: Record<string, unknown>;
  /** Why the row could not be read. */
  problem?: string;
}

/** The batch file cannot be read at all (missing, unreadable, not a .csv / .ndjson file). */
export class BatchInputError extends Error {
  override name = 'BatchInputError';
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/** The size of a file's first read (exported for the tests that put a character across its end). */
export const FIRST_READ_BYTES = 4 * 1024;

/**
 * A file's bytes: a first read of FIRST_READ_BYTES, then node's usual 64 KB reads. The parser turns a
 * whole read into rows before the first of them reaches the sender: a first read of 64 KB (some 700 CSV
 * rows) held a batch's first request back by 20 to 30 ms, and 4 KB reads throughout slowed a resume,
 * which parses the whole file, by about a tenth (bench/batch-size.mjs). A read that fails fails the
 * parsing after it, rather than leave it waiting.
 */
function fileBytes(file: string): Readable {
  async function* reads(): AsyncGenerator<Buffer> {
    yield* createReadStream(file, { end: FIRST_READ_BYTES - 1 });
    yield* createReadStream(file, { start: FIRST_READ_BYTES });
  }
  return Readable.from(reads(), { objectMode: false });
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  if (parts.some((p) => UNSAFE.has(p) || p === '')) throw new Error(`column "${path}" is not a field name`);
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

function cell(value: string): unknown {
  const t = value.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  return value;
}

function fromRecord(record: Record<string, string>): Omit<BatchRow, 'row'> {
  const input: Record<string, unknown> = {};
  try {
    for (const [k, v] of Object.entries(record)) if (v !== '' && v !== undefined) setPath(input, k.trim(), cell(v));
    return { input };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

function fromLine(line: string): Omit<BatchRow, 'row'> {
  try {
    const value = parseJsonText(line);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'the line is not a JSON object' };
    return { input: value as Record<string, unknown> };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** `make` with the shared fields under each row's input (none: `make` itself). */
function withShared<T>(make: (source: T) => Omit<BatchRow, 'row'>, shared: Record<string, unknown> | undefined): (source: T) => Omit<BatchRow, 'row'> {
  if (!shared || Object.keys(shared).length === 0) return make;
  return (source) => {
    const made = make(source);
    // The row's own values win; objects merge key by key (the descriptors' one merge rule).
    return made.input ? { input: deepMerge(shared, made.input) as Record<string, unknown> } : made;
  };
}

/**
 * A row whose input is made from its text when first asked for: a resumed run skips the rows it already
 * sent without building them (a million-row CSV holds mostly those). The getters are own, enumerable
 * properties, so the row spreads and serialises like a plain object.
 */
function lazyRow<T>(row: number, source: T, make: (source: T) => Omit<BatchRow, 'row'>): BatchRow {
  let made: Omit<BatchRow, 'row'> | undefined;
  return {
    row,
    get input() {
      return (made ??= make(source)).input;
    },
    get problem() {
      return (made ??= make(source)).problem;
    },
  };
}

async function* csvRows(file: string, make: (record: Record<string, string>) => Omit<BatchRow, 'row'>): AsyncGenerator<BatchRow> {
  let n = 0;
  // A malformed record is skipped by the parser and reported here as that row's problem, in order.
  const problems: BatchRow[] = [];
  const parser = parse({
    columns: true,
    skip_empty_lines: true,
    bom: true,
    trim: false,
    skip_records_with_error: true,
    on_record: (record: Record<string, string>) => ({ row: ++n, record }),
    on_skip: (error) => {
      problems.push({ row: ++n, problem: `not valid CSV: ${error?.message ?? 'unreadable record'}` });
      return undefined;
    },
  });
  pipeline(fileBytes(file), parser, () => undefined);
  for await (const { row, record } of parser as AsyncIterable<{ row: number; record: Record<string, string> }>) {
    while (problems.length > 0 && problems[0].row < row) yield problems.shift()!;
    yield lazyRow(row, record, make);
  }
  yield* problems;
}

async function* ndjsonRows(file: string, make: (line: string) => Omit<BatchRow, 'row'>): AsyncGenerator<BatchRow> {
  let n = 0;
  const lines = createInterface({ input: fileBytes(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    n++;
    yield lazyRow(n, line, make);
  }
}

/** Checks the file can be read and is a kind this reads, before anything is sent. */
async function checkReadable(file: string): Promise<'csv' | 'ndjson'> {
  const kind = /\.csv$/i.test(file) ? 'csv' : /\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : undefined;
  if (!kind) throw new BatchInputError(`${file}: use a .csv or .ndjson file`);
  const problem = await unreadable(file);
  if (problem) throw new BatchInputError(`${file}: ${problem}`);
  return kind;
}

/**
 * The rows of a .csv or .ndjson file, one at a time, each over the `shared` fields if given. Throws
 * BatchInputError before the first row when the file cannot be read.
 */
export async function readRowsFile(file: string, shared?: Record<string, unknown>): Promise<AsyncIterable<BatchRow>> {
  const kind = await checkReadable(file);
  return kind === 'csv' ? csvRows(file, withShared(fromRecord, shared)) : ndjsonRows(file, withShared(fromLine, shared));
}

const BLANK = new Set([0x0d, 0x20, 0x09]);

/**
 * Counts the data rows of a batch file without parsing them (for a progress bar's total), through one
 * reused buffer and the native byte search: it runs beside the sending without slowing it, and leaves
 * no garbage behind however large the file.
 */
export async function countRows(file: string): Promise<number> {
  const kind = await checkReadable(file);
  // Lines that hold anything but blanks; a CSV cell with a line break inside makes this an estimate.
  let lines = 0;
  let sawData = false;
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      let at = 0;
      while (at < bytesRead) {
        const nl = buffer.indexOf(0x0a, at);
        const end = nl < 0 || nl >= bytesRead ? bytesRead : nl;
        // Most lines start with data: only a line that starts blank is looked at further.
        for (let i = at; i < end && !sawData; i++) if (!BLANK.has(buffer[i])) sawData = true;
        if (end === bytesRead) break;
        if (sawData) lines++;
        sawData = false;
        at = end + 1;
      }
    }
  } finally {
    await handle.close();
  }
  if (sawData) lines++;
  return kind === 'csv' ? Math.max(0, lines - 1) : lines;
}
