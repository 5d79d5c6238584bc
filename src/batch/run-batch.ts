/**
 * runBatch(): a module run once per row — a campaign — with the guarantee that no row is ever sent
 * twice. Rows are paced by the pacer (per sender and per recipient), run with bounded concurrency, and
 * journaled in a results file: a row is marked `sending` at the last moment before its request's first
 * byte, so a resume (`resume: true`) skips every row that was sent or may have been sent, and names the
 * latter. Stopping (`signal`) lets requests in flight finish and be recorded; `cancelSignal` cancels
 * them (they are recorded as may have been sent). An error every row would meet (the access token
 * refused) stops it as well. The `wabc run --batch` command is a thin shell on this.
 */
import PQueue from 'p-queue';
import type { Connector, ExecutionContext } from '../runtime/connector.js';
import type { ConnectionValues } from '../runtime/connection.js';
import { connectionSecrets } from '../runtime/connection.js';
import { InvalidConfigurationError, isConnectorError } from '../runtime/errors/connector-error.js';
import { isValidationError } from '../runtime/errors/validation-error.js';
import { scrubString } from '../runtime/logger.js';
import { DoneRows, openJournal, readJournal, JournalError, type Journal, type ResumeState, type RowResult } from './journal.js';
import type { BatchRow } from './read-rows.js';
import type { RedisConnectionOptions } from '../redis/options.js';
import type { PacerOptions } from '../runtime/pacing/pacer.js';

export interface RunBatchOptions {
  /** The loaded connector (loadConnector()). */
  connector: Pick<Connector, 'executeDynamic'>;
  moduleId: string;
  connection: ConnectionValues;
  /** The rows, in order; an (async) iterable is read as it goes, so any number of rows fits in memory. */
  rows: Iterable<BatchRow> | AsyncIterable<BatchRow>;
  /**
   * Where results go, one NDJSON line per row: a file path (the journal that makes `resume` safe), or a
   * writer of lines (no resume possible then). Without it nothing is recorded: only `onResult` hears.
   */
  results?: string | ((line: string) => void);
  /** Continue the run recorded in the `results` file: rows it records as sent or maybe sent are skipped. */
  resume?: boolean;
  /** Requests in flight at most (default 8). */
  concurrency?: number;
  /**
   * Pace on Redis, shared with every process sending for the same numbers (several batches, workers):
   * its URL or client, key prefix and pacing options. Used when `context` brings no pacer.
   */
  redis?: RedisConnectionOptions & Omit<PacerOptions, 'clock'>;
  /** Per-row context: the pacer (default the shared one), a logger, transport settings. */
  context?: Omit<ExecutionContext, 'connection' | 'signal' | 'onSending'>;
  /** Aborting stops the batch: nothing new starts; requests in flight finish and are recorded. */
  signal?: AbortSignal;
  /** Aborting cancels the requests in flight (recorded as may have been sent). */
  cancelSignal?: AbortSignal;
  /** Called once the resumed results file is read, before anything is sent. */
  onResume?: (resumed: { recorded: number; uncertainRows: number[]; tornRows: number[] }) => void;
  /**
   * Called as a row's request is about to leave, beside the results file's mark (e.g. a mark in a shared
   * store); the first byte waits for a promise, and a rejection stops the request (nothing sent).
   */
  onSending?: (row: number) => void | PromiseLike<void>;
  /** Called as a row starts (its validation, pacing wait and request follow). */
  onRowStart?: (row: number) => void;
  /** Called with each row's outcome, after it is recorded. */
  onResult?: (result: RowResult, counts: Readonly<BatchCounts>) => void;
  /** Secrets to take out of every results line besides the connection's own. */
  secrets?: readonly string[];
}

export interface BatchCounts {
  sent: number;
  failed: number;
  /** Rows the resumed results file already records (sent, or may have been sent). */
  skipped: number;
  /** Rows that may have reached Meta without an answer: from an earlier run, or failed with maybeSent now. */
  maybeSent: number;
}

export interface BatchSummary extends BatchCounts {
  /** Rows read. */
  total: number;
  /** Rows neither sent nor failed (the batch stopped before them). */
  notRun: number;
  /** Why the batch stopped early, if it did. */
  stopped?: string;
  /** Rows an earlier run left as may have been sent (skipped; check their status webhooks). */
  uncertainRows: number[];
  /** Of those, the rows whose journal line was torn. */
  tornRows: number[];
  elapsedMs: number;
  perSecond: number;
}

function errorOf(error: unknown): NonNullable<RowResult['error']> {
  if (isValidationError(error)) return { type: 'ValidationError', message: error.message, details: error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  if (isConnectorError(error)) {
    const { type, code, message, details, hint, maybeSent } = error.toJSON() as NonNullable<RowResult['error']>;
    return { type, code, message, details, hint, ...(maybeSent ? { maybeSent } : {}) };
  }
  return { type: 'RuntimeError', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Why every later row would fail as this one did — the connection's settings refused, or Meta refusing
 * the access token — or undefined. The batch stops on such an error rather than record it once per row
 * of the file (hours of failures at 80 rows a second); failed rows are sent again by a resume.
 */
function failsEveryRow(error: unknown): string | undefined {
  if (isValidationError(error) && error.issues.length > 0 && error.issues.every((i) => i.path.startsWith('connection.'))) return error.message;
  if (isConnectorError(error) && error.name === 'InvalidAccessTokenError') return `Meta refused the access token (${error.message})`;
  return undefined;
}

/** A results file that cannot say what was sent is refused, never taken as "nothing sent". */
async function resumeFrom(file: string): Promise<ResumeState> {
  try {
    return await readJournal(file);
  } catch (error) {
    if (!(error instanceof JournalError)) throw error;
    const fix = error.line === undefined ? 'give the results file of the run you are resuming' : 'check that row against its status webhooks, then correct or delete that line';
    throw new InvalidConfigurationError(`results file ${file}: ${error.message}. Nothing was sent, as it cannot tell which rows went out: ${fix}.`, { details: 'results' });
  }
}

export async function runBatch(options: RunBatchOptions): Promise<BatchSummary> {
  const { connector, moduleId, connection } = options;
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidConfigurationError('concurrency must be a whole number of at least 1', { details: 'concurrency' });
  const file = typeof options.results === 'string' ? options.results : undefined;
  if (options.resume && !file) throw new InvalidConfigurationError('resume needs a results file: it is what tells which rows were sent', { details: 'resume' });
  const resume: ResumeState = options.resume ? await resumeFrom(file!) : { done: new DoneRows(), torn: [] };
  const secrets = [...connectionSecrets(connection), ...(options.secrets ?? [])];
  const scrub = (text: string) => scrubString(text, secrets);
  let journal: Journal | undefined;
  if (options.results !== undefined) {
    try {
      journal = openJournal(options.results, scrub, { append: options.resume === true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'EEXIST' ? 'it already holds results: resume that run, or give a new file' : `it cannot be written (${code ?? (error as Error).message})`;
      throw new InvalidConfigurationError(`results file ${file}: ${why}`, { details: 'results' });
    }
  }

  // Loaded only when asked for: a batch without Redis never loads its client.
  const redisPacer = options.redis && !options.context?.pacer ? (await import('../redis/pacer.js')).createRedisPacer(options.redis) : undefined;
  const context = redisPacer ? { ...options.context, pacer: redisPacer } : options.context;

  const counts: BatchCounts = { sent: 0, failed: 0, skipped: 0, maybeSent: 0 };
  const uncertainRows = [...resume.done.uncertain];
  if (options.resume) options.onResume?.({ recorded: resume.done.size, uncertainRows, tornRows: resume.torn });
  let total = 0;
  const started = Date.now();
  const queue = new PQueue({ concurrency });
  let stopped: string | undefined;
  const stop = (why: string): void => {
    if (stopped) return;
    stopped = why;
    queue.clear(); // rows not started stay unsent; in-flight ones finish and are recorded
  };
  const onStop = () => stop('stopped');
  options.signal?.addEventListener('abort', onStop, { once: true });
  if (options.signal?.aborted) stop('stopped');

  /** A result that cannot be recorded stops the batch (a resume counts that row as may have been sent). */
  const record = (result: RowResult): void => {
    try {
      journal?.write(result);
    } catch (error) {
      stop(`the results file cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    options.onResult?.(result, counts);
  };

  const runRow = async (r: BatchRow): Promise<void> => {
    options.onRowStart?.(r.row);
    if (r.problem !== undefined || r.input === undefined) {
      counts.failed++;
      record({ row: r.row, state: 'failed', error: { type: 'ValidationError', message: r.problem ?? 'the row holds no input' } });
      return;
    }
    // Journaled when the request is about to leave, after the pacing wait: a hard kill while the row
    // still waits for its slot leaves no mark, so a resume sends it (it never went out). A failed write
    // throws here, which stops the request before its first byte.
    let journaled = false;
    const onSending = (): void | PromiseLike<void> => {
      if (journaled) return;
      journal?.write({ row: r.row, state: 'sending' });
      journaled = true;
      return options.onSending?.(r.row);
    };
    try {
      const output = (await connector.executeDynamic(moduleId, r.input, { ...context, connection, signal: options.cancelSignal, onSending })) as { messageId?: string } | undefined;
      counts.sent++;
      record({ row: r.row, state: 'sent', ...(output?.messageId ? { messageId: output.messageId } : { output }) });
    } catch (error) {
      counts.failed++;
      const e = errorOf(error);
      if (e.maybeSent) counts.maybeSent++;
      record({ row: r.row, state: 'failed', error: e });
      const everyRow = failsEveryRow(error);
      if (everyRow !== undefined) stop(scrub(everyRow));
    }
  };

  try {
    for await (const r of options.rows) {
      total++;
      const prior = resume.done.get(r.row);
      if (prior) {
        counts.skipped++;
        if (prior === 'maybe-sent') counts.maybeSent++;
        continue;
      }
      // Keep the queue short: rows are read as they are needed, and a stop leaves few accepted rows.
      if (queue.size >= concurrency * 2) await queue.onSizeLessThan(concurrency * 2);
      if (stopped) break;
      void queue.add(() => runRow(r));
    }
    await queue.onIdle();
  } finally {
    options.signal?.removeEventListener('abort', onStop);
    journal?.close();
    await redisPacer?.close();
  }
  const elapsedMs = Date.now() - started;
  return {
    total,
    ...counts,
    notRun: Math.max(0, total - counts.sent - counts.failed - counts.skipped),
    ...(stopped ? { stopped } : {}),
    uncertainRows,
    tornRows: resume.torn,
    elapsedMs,
    perSecond: Number((counts.sent / Math.max(0.001, elapsedMs / 1000)).toFixed(2)),
  };
}
