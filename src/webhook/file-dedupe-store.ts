/**
 * A dedupe store that survives restarts (`wabc webhook serve --dedupe-file`), kept in an SQLite file
 * (better-sqlite3): one row per committed key, `(sha-256 of the key, first 16 bytes) → expiry`, with an
 * index on the expiry so that expired rows are deleted in order. The keys live on disk; memory stays
 * that of SQLite's page cache whatever the number of keys, so the horizon is the full 7 days by time.
 *
 * Why SQLite rather than an append-only log with a hand-written on-disk hash index: it gives the same
 * layout (a B-tree index on disk, a bounded cache) with atomic, crash-safe commits that are already
 * proven, in a well-kept library. In WAL mode with synchronous=NORMAL a commit is in the file before
 * `commit()` returns, so it survives the process being killed (an OS crash may lose the last moments).
 *
 * Claims stay in memory: they only guard copies handled by this process at the same time.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { storedKey, type ClaimResult, type DedupeStore } from './dedupe.js';
import { InFlightKeys } from './in-flight.js';

/** PRAGMA application_id of this store's files ("wabc"): a file without it is never taken over. */
const APPLICATION_ID = 0x77616263;
/** Expired rows are deleted every this many commits (and at open). */
const PRUNE_EVERY = 1000;

export interface FileDedupeStoreOptions {
  /** Clock, for tests. */
  now?: () => number;
  /** SQLite page cache, in KiB (default 4096): the store's memory, whatever the number of keys. */
  cacheKiB?: number;
}

const digestOf = (key: string): Buffer => Buffer.from(storedKey(key), 'latin1');

/** Opens `path`, refusing a file that exists and is not one of this store's databases. */
function openOwnDatabase(path: string, cacheKiB: number): BetterSqlite3.Database {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const existing = existsSync(path) && statSync(path).size > 0;
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(path, { timeout: 5000 });
    // Checked before anything is written, so a file that is not ours is left exactly as it was.
    if (existing && db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      throw new Error('it is an SQLite database of something else');
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = -${cacheKiB}`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.exec('CREATE TABLE IF NOT EXISTS seen (key BLOB PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID');
    db.exec('CREATE INDEX IF NOT EXISTS seen_by_expiry ON seen (expires)');
    return db;
  } catch (error) {
    db?.close();
    const why = (error as { code?: string }).code === 'SQLITE_NOTADB' ? 'it is not a database' : (error as Error).message;
    throw new Error(`${path} is not a webhook dedupe file (${why}); give a new path or this store's own file, nothing was changed`);
  }
}

export class FileDedupeStore implements DedupeStore {
  private readonly db: BetterSqlite3.Database;
  private readonly now: () => number;
  private readonly inFlight = new InFlightKeys<Buffer>();
  private readonly select: BetterSqlite3.Statement<[Buffer], number>;
  private readonly upsert: BetterSqlite3.Statement<[Buffer, number]>;
  private readonly prune: BetterSqlite3.Statement<[number]>;
  private readonly count: BetterSqlite3.Statement<[number], number>;
  private commitsSincePrune = 0;

  constructor(readonly path: string, options: FileDedupeStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.db = openOwnDatabase(path, options.cacheKiB ?? 4096);
    this.select = this.db.prepare<[Buffer], number>('SELECT expires FROM seen WHERE key = ?').pluck();
    this.upsert = this.db.prepare('INSERT INTO seen (key, expires) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires = excluded.expires');
    this.prune = this.db.prepare('DELETE FROM seen WHERE expires <= ?');
    this.count = this.db.prepare<[number], number>('SELECT count(*) FROM seen WHERE expires > ?').pluck();
    this.prune.run(this.now());
  }

  /** Keys remembered now (counted on disk: for a log line, not for a hot path). */
  get size(): number {
    return this.count.get(this.now()) ?? 0;
  }

  claim(key: string): ClaimResult {
    if (this.inFlight.has(key)) return 'in-flight';
    const stored = digestOf(key);
    if (this.remembers(stored)) return 'committed';
    this.inFlight.add(key, stored);
    return 'claimed';
  }

  commit(key: string, ttlMs: number): void {
    if (!this.db.open) throw new Error(`the dedupe file ${this.path} is closed`);
    this.upsert.run(this.inFlight.settle(key) ?? digestOf(key), this.now() + ttlMs);
    if (++this.commitsSincePrune >= PRUNE_EVERY) {
      this.commitsSincePrune = 0;
      this.prune.run(this.now());
    }
  }

  release(key: string): void {
    this.inFlight.settle(key);
  }

  whenSettled(key: string, timeoutMs: number): Promise<void> {
    return this.inFlight.whenSettled(key, timeoutMs);
  }

  has(key: string): boolean {
    return this.remembers(digestOf(key));
  }

  private remembers(stored: Buffer): boolean {
    const expires = this.select.get(stored);
    return expires !== undefined && expires > this.now();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
