/**
 * A dedupe store that survives restarts (`wabc webhook serve --dedupe-file`): every commit is appended
 * to a file as one line, `<JSON key>\t<expiry ms>`, with a synchronous write, so a redelivery after a
 * restart or crash is still recognised. Claims stay in memory: they only guard concurrent copies. At
 * open, and whenever the file holds twice the lines of what is still remembered, it is rewritten
 * without expired, evicted or repeated keys, so it stays near one line per remembered event.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { MemoryDedupeStore, type DedupeStore, type MemoryDedupeStoreOptions } from './dedupe.js';

function parseLine(line: string): [string, number] | undefined {
  const tab = line.lastIndexOf('\t');
  if (tab < 0) return undefined;
  try {
    const key: unknown = JSON.parse(line.slice(0, tab));
    const expiresAt = Number(line.slice(tab + 1));
    return typeof key === 'string' && Number.isFinite(expiresAt) ? [key, expiresAt] : undefined;
  } catch {
    return undefined; // a line torn by a crash mid-write
  }
}

const lineOf = (key: string, expiresAt: number): string => `${JSON.stringify(key)}\t${expiresAt}\n`;

export class FileDedupeStore implements DedupeStore {
  private readonly memory: MemoryDedupeStore;
  private readonly now: () => number;
  private fd: number | undefined;
  /** Lines in the file now (after the last rewrite plus appends). */
  private lines = 0;

  constructor(readonly path: string, options: MemoryDedupeStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.memory = new MemoryDedupeStore(options);
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const entry = line ? parseLine(line) : undefined;
        if (entry) this.memory.restore(entry[0], entry[1]);
      }
      this.memory.prune();
    }
    this.rewrite();
  }

  /** Writes what is still remembered to a new file, swaps it in and appends to it from then on. */
  private rewrite(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    const fresh = `${this.path}.${process.pid}.tmp`;
    const entries = [...this.memory.entries()];
    writeFileSync(fresh, entries.map(([key, expiresAt]) => lineOf(key, expiresAt)).join(''));
    renameSync(fresh, this.path);
    this.fd = openSync(this.path, 'a');
    this.lines = entries.length;
  }

  /** Keys remembered now. */
  get size(): number {
    return this.memory.size;
  }

  claim(key: string): boolean {
    return this.memory.claim(key);
  }

  commit(key: string, ttlMs: number): void {
    if (this.fd === undefined) throw new Error(`the dedupe file ${this.path} is closed`);
    this.memory.commit(key, ttlMs);
    writeSync(this.fd, lineOf(key, this.now() + ttlMs));
    if (++this.lines > 2 * this.memory.size + 1000) this.rewrite();
  }

  release(key: string): void {
    this.memory.release(key);
  }

  has(key: string): boolean {
    return this.memory.has(key);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
