/**
 * One process at a time per file: `<file>.lock`, created with O_EXCL (so exactly one creator wins), holds
 * the owner's pid. A lock whose pid is gone (the owner was killed) is stale and taken over; one that names
 * no process is left for a person to judge, since it may be a lock being written this very moment.
 */
import { closeSync, linkSync, openSync, readFileSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Locks this process holds: a lock naming our own pid that is not here was left by an earlier process
 * that had the same pid (containers restart with the same small pids). */
const held = new Set<string>();

const codeOf = (error: unknown): string | undefined => (error as { code?: string }).code;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM'; // alive, owned by another user
  }
}

function readLock(lockPath: string): string | undefined {
  try {
    return readFileSync(lockPath, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Removes a stale lock, but only if it still says what we read: it is first moved aside (one process wins
 * the rename), and a lock that changed in between (a live owner took over) is put back.
 */
function breakStale(lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return; // another process broke it first
    throw error;
  }
  try {
    if (readFileSync(aside, 'utf8') !== staleContent) linkSync(aside, lockPath);
  } catch {
    // Put back failed because a new lock exists already: that owner keeps it.
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * The one name of a file however it is reached (relative, through a symlink), so that two spellings of
 * it share one lock, and a rename over it replaces the file rather than a link to it.
 */
export function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * Takes `<target>.lock` for this process (`target` as canonicalPath gives it); returns the function that gives it back. Throws an error
 * naming the owner's pid and the lock file when another process has it.
 */
export function takeLock(target: string, lockPath = `${canonicalPath(target)}.lock`): () => void {
  const mine = `${process.pid}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw new Error(`cannot create the lock file ${lockPath}: ${(error as Error).message}`);
      const content = readLock(lockPath);
      if (content === undefined) continue; // released meanwhile
      const pid = /^\d+\n?$/.test(content) ? Number(content) : undefined;
      if (pid === undefined) {
        throw new Error(`${target} is locked by ${lockPath}, which names no process; if no other process uses ${target}, delete the lock file`);
      }
      if (pid === process.pid && held.has(lockPath)) throw new Error(`${target} is already open in this process`);
      if (pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `${target} is in use by process ${pid} (lock file ${lockPath}); two processes cannot share it: give each its own, or stop the other (if process ${pid} does not use it, delete the lock file)`,
        );
      }
      breakStale(lockPath, content);
      continue;
    }
    try {
      writeSync(fd, mine);
    } catch (error) {
      rmSync(lockPath, { force: true }); // an empty lock would name no process
      throw error;
    } finally {
      closeSync(fd);
    }
    held.add(lockPath);
    return () => {
      if (!held.delete(lockPath)) return;
      if (readLock(lockPath) === mine) rmSync(lockPath, { force: true });
    };
  }
  throw new Error(`cannot take the lock file ${lockPath}: other processes keep taking and dropping it`);
}
