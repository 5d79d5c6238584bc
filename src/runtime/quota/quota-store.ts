/**
 * Where a request's local quota (`x-quota`) keeps the times it was used. Meta limits some calls per
 * object over rolling windows without saying so before the call fails (an approved template's edits);
 * a quota refuses such a call locally, with the time left, instead of spending a request on a refusal.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';

export interface QuotaStore {
  /** The times (ms) a key was used, oldest first. */
  uses(key: string): number[];
  /** Records one use of a key at `at` (ms); uses older than `keepMs` may be forgotten. */
  record(key: string, at: number, keepMs: number): void;
}

/** In memory: the default, shared by every execution of one loaded connector. */
export class MemoryQuotaStore implements QuotaStore {
  protected readonly data = new Map<string, number[]>();

  uses(key: string): number[] {
    return [...(this.data.get(key) ?? [])];
  }

  record(key: string, at: number, keepMs: number): void {
    const kept = (this.data.get(key) ?? []).filter((t) => at - t < keepMs);
    kept.push(at);
    this.data.set(key, kept);
  }
}

/** A JSON file (the CLI's `--quota-file`), so that separate runs see each other's uses. */
export class FileQuotaStore extends MemoryQuotaStore {
  constructor(private readonly path: string) {
    super();
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      for (const [k, v] of Object.entries(parsed))
        if (Array.isArray(v))
          this.data.set(
            k,
            v.filter((t): t is number => typeof t === 'number'),
          );
    } catch {
      // no file yet (or unreadable): start empty
    }
  }

  override record(key: string, at: number, keepMs: number): void {
    super.record(key, at, keepMs);
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.data)));
    renameSync(tmp, this.path);
  }
}
