/**
 * A dedupe store that survives restarts (`wabc webhook serve --dedupe-file`): committed keys, as the first
 * 16 bytes of their sha-256 with an expiry, in a hash table kept on disk (digest-table.ts). Memory stays
 * the same whatever the number of keys, so the horizon is the full 7 days by time.
 *
 * Why a purpose-built file: the package must install and run with only Node and npm. An SQLite binding is
 * a native addon (a binary to download or a compiler to build it, and install scripts that npm blocks by
 * default), Node 20 has no built-in SQLite, and no well-kept pure-JavaScript embedded key-value store on
 * disk exists. The need is small: fixed-size keys, one value, lookups by key, expiry by time. A hash table
 * of fixed 32-byte slots answers each operation with one or two positional reads or writes, rather than an
 * append-only log, whose index would have to live in memory (or be a second file on disk) and which would
 * need compacting.
 *
 * Crash safety: a commit is written into the file (the kernel's cache of it) before commit() returns, so
 * it survives the process being killed; an OS crash or power cut may lose the last moments, as the
 * file is not synced per commit (that would cost a disk flush per event). A torn write is caught by the
 * slot's crc and forgets at most that key. One process at a time: `<file>.lock` (lock-file.ts).
 *
 * Claims stay in memory: they only guard copies handled by this process at the same time.
 */
import { storedKey, type ClaimResult, type DedupeStore } from './dedupe.js';
import { DigestTable, ForeignFileError, type DigestTableStats } from './digest-table.js';
import { InFlightKeys } from './in-flight.js';
import { canonicalPath, takeLock } from './lock-file.js';

export interface FileDedupeStoreOptions {
  /** Clock, for tests. */
  now?: () => number;
  /** Smallest table, in slots of 32 bytes (default 4096); tests use a few to make it grow. */
  minSlots?: number;
}

const digestOf = (key: string): Buffer => Buffer.from(storedKey(key), 'latin1');

export class FileDedupeStore implements DedupeStore {
  private readonly table: DigestTable;
  private readonly unlock: () => void;
  private readonly now: () => number;
  private readonly inFlight = new InFlightKeys<Buffer>();

  constructor(
    readonly path: string,
    options: FileDedupeStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const file = canonicalPath(path);
    this.unlock = takeLock(path, `${file}.lock`);
    try {
      this.table = DigestTable.open(file, { minHomes: options.minSlots });
    } catch (error) {
      this.unlock();
      if (!(error instanceof ForeignFileError)) throw new Error(`cannot open the dedupe file ${path}: ${(error as Error).message}`);
      throw new Error(`${path} is not a webhook dedupe file (${error.message}); give a new path or this store's own file, nothing was changed`);
    }
  }

  /** Keys remembered now (counted on disk: for a log line, not for a hot path). */
  get size(): number {
    return this.table.countLive(this.now());
  }

  claim(key: string): ClaimResult {
    if (this.inFlight.has(key)) return 'in-flight';
    const stored = digestOf(key);
    if (this.table.remembers(stored, this.now())) return 'committed';
    this.inFlight.add(key, stored);
    return 'claimed';
  }

  commit(key: string, ttlMs: number): void {
    if (!this.table.isOpen) throw new Error(`the dedupe file ${this.path} is closed`);
    const now = this.now();
    this.table.put(this.inFlight.settle(key) ?? digestOf(key), now + ttlMs, now);
  }

  release(key: string): void {
    this.inFlight.settle(key);
  }

  whenSettled(key: string, timeoutMs: number): Promise<void> {
    return this.inFlight.whenSettled(key, timeoutMs);
  }

  has(key: string): boolean {
    return this.table.remembers(digestOf(key), this.now());
  }

  /** The table's shape, for tests and the benchmark. */
  stats(): DigestTableStats {
    return this.table.stats();
  }

  close(): void {
    if (!this.table.isOpen) return;
    this.table.close();
    this.unlock();
  }
}
