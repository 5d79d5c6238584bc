/**
 * Loads the bundled `wabc` (one CommonJS file) with V8's code cache, so a command started again skips
 * compiling what it ran last time. Node 20 has no code cache for ES modules (module.enableCompileCache
 * needs Node 22.1), and compiling is most of a short command's start. The cache is written once the
 * command has finished, so it holds the functions the command compiled lazily, not only the top level
 * (v8-compile-cache saves at compile time, before any of those exist). One file per name the bin
 * gives (a command, or a module `wabc run` runs), because each runs different functions.
 *
 * V8 drops the bytecode of functions that have not run for a while, which a long command's garbage
 * collections make it do (a batch's start-up code, after minutes of sending). A run that is going to
 * write the cache keeps its bytecode, or the cache would miss the start it is for: a million-row resume
 * left 448 KB of the 1.1 MB a short run leaves, and the next batch started about as slowly as with none.
 *
 * V8 refuses a cache made by another V8 or other flags, but it compares only the source's length: the
 * build's id (a hash of the bundle) is in the cache's path, so a rebuilt bundle never meets an old cache.
 * The cache is an optimisation: any failure to read or write it leaves the command running as without it.
 *
 * The package also ships a cache beside the bundle, made by the build with one `wabc run` on the Node
 * version it ran on (scripts/prime-code-cache.mjs): a command with no cache of the user's starts from
 * it, so even the first start on a new machine skips compiling the bundle; the user's own is written
 * on the command's second start (loadCommonJs).
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

/** Where the caches live: WABC_CODE_CACHE (a directory, or `off`), else $XDG_CACHE_HOME/wabc, else ~/.cache/wabc. */
export function codeCacheRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.WABC_CODE_CACHE;
  if (setting === 'off' || setting === '0') return undefined;
  if (setting) return setting;
  try {
    return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wabc');
  } catch {
    return undefined;
  }
}

export interface CachedCommonJs<T> {
  exports: T;
  /** Which compiled code the start used: the user's cache, the one shipped beside the file, or none. */
  startedFrom: 'own' | 'shipped' | 'none';
  /** Writes the user's cache if the start had none that V8 took; call it once the work is done. */
  save(): void;
}

/** The name of a cache for this Node version and architecture (V8 refuses any other's). */
const forThisNode = (name: string): string => `${process.version}-${process.arch}-${name}.v8`;

/**
 * The cache the package ships beside a bundle for this Node version (the build writes it there): part of
 * the package like the bundle itself, so it is read as the bundle is, with no owner check. Named by the
 * bundle's build id, so a bundle rebuilt without it never meets the cache of another.
 */
export const shippedCacheFile = (bundle: string, buildId: string): string => join(dirname(bundle), forThisNode(`${basename(bundle, '.cjs')}-${buildId}`));

/** The bytes of a file, or undefined when it cannot be read. */
function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The cache's bytes, if the file and its folder are the user's and nobody else can write them: V8 runs
 * what a cache holds, so a cache someone else could have written is not read.
 */
function ownCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (!ownedAndPrivate(fstatSync(fd)) || !ownedAndPrivate(statSync(dirname(file)))) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined; // none yet
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Owned by this user and writable by no one else (where the system has user ids). */
function ownedAndPrivate(stat: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
}

/** The V8 and Node flags this process was started with. */
const userFlags = (): string => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');

/** A build's folder of caches unused this long is removed when another build writes one (two installed builds keep theirs). */
const STALE_MS = 30 * 24 * 3600_000;

/** What a build's folder under the root is named: the bundle's hash (no other entry of the root is ever touched). */
const BUILD_FOLDER = /^[0-9a-f]{16}$/;

/**
 * Makes a build's folder of caches, private to the user. Caches of a build not run for a month are dead
 * weight and are removed; anything else in the root (WABC_CODE_CACHE may name any folder) is not ours.
 */
function makeBuildFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const root = dirname(dir);
  for (const other of readdirSync(root)) {
    const path = join(root, other);
    if (path !== dir && BUILD_FOLDER.test(other) && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

/** Leaves the empty file that says a command started once from the shipped cache; a failure costs nothing. */
function noteSeen(dir: string, seen: string): void {
  try {
    makeBuildFolder(dir);
    writeFileSync(seen, '', { mode: 0o600 });
  } catch {
    // the next start notes it again
  }
}

/**
 * Runs a CommonJS file (ASCII: it is read as Latin-1, which is a copy where UTF-8 would be decoded),
 * compiled with the cache `<root>/<buildId>/<node version>-<arch>-<name>.v8` when there is one, else
 * with the one shipped beside the file (shippedCacheFile). Without a root or a build id it runs the
 * file without a cache, shipped or not.
 */
export function loadCommonJs<T>(file: string, cache: { root?: string; buildId?: string; name: string }): CachedCommonJs<T> {
  const dir = cache.root && cache.buildId ? join(cache.root, cache.buildId) : undefined;
  const cacheFile = dir && join(dir, forThisNode(cache.name.replace(/[^\w-]/g, '_')));
  const own = cacheFile ? ownCache(cacheFile) : undefined;
  // Not after a refused cache of the user's: V8 would refuse the shipped one too (another Node's flags),
  // and compiling twice costs more than compiling once.
  const shipped = dir && cache.buildId && own === undefined ? readIfThere(shippedCacheFile(file, cache.buildId)) : undefined;
  const cachedData = own ?? shipped;
  // No import() runs in it (src/runtime/import-package.ts): a script compiled from cached data cannot.
  const script = new vm.Script(Module.wrap(readFileSync(file, 'latin1')), { filename: file, cachedData });
  const accepted = cachedData !== undefined && script.cachedDataRejected !== true;
  const startedFrom = !accepted ? 'none' : own ? 'own' : 'shipped';
  // From the shipped cache, a command's first start only notes that it ran (writing a cache costs a short
  // command a fifth of its time) and its second writes the user's own, which also holds the functions of
  // this command the shipped one lacks: one run, as on a fresh machine, starts fast, and so do the
  // third and later runs of a command used again.
  const seen = cacheFile && `${cacheFile}.seen`;
  const willSave = !!seen && (startedFrom === 'none' || (startedFrom === 'shipped' && existsSync(seen)));
  // Only the run that writes a cache keeps its start-up code in memory; a flag the user gave node is theirs.
  const keepBytecode = willSave && !userFlags().includes('flush-bytecode');
  if (keepBytecode) v8.setFlagsFromString('--no-flush-bytecode');
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    startedFrom,
    save() {
      if (!dir || !cacheFile || !seen) return;
      if (startedFrom === 'shipped' && !willSave) return noteSeen(dir, seen);
      if (!willSave) return;
      // Written aside and renamed: a process starting meanwhile reads the old cache or the whole new one.
      const partial = `${cacheFile}.${process.pid}`;
      try {
        makeBuildFolder(dir);
        // V8 stamps a cache with a hash of its flags and refuses one whose stamp differs: back to the
        // default first, or the next start (with the default) would refuse this cache and write it again.
        if (keepBytecode) v8.setFlagsFromString('--flush-bytecode');
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
        rmSync(seen, { force: true });
      } catch {
        // A cache that cannot be written only costs the next start its compile time (a full disk leaves no part of one).
        try {
          rmSync(partial, { force: true });
        } catch {
          // there was no folder to write it in
        }
      }
    },
  };
}
