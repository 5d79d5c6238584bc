/**
 * Loads the bundled `wabc` (one CommonJS file) with V8's code cache, so a command started again skips
 * compiling what it ran last time. Node 20 has no code cache for ES modules (module.enableCompileCache
 * needs Node 22.1), and compiling is most of a short command's start. The cache is written once the
 * command has finished, so it holds the functions the command compiled lazily, not only the top level
 * (v8-compile-cache saves at compile time, before any of those exist). One file per name the bin
 * gives (a command, or a module `wabc run` runs), because each runs different functions.
 *
 * V8 refuses a cache made by another V8 or other flags, but it compares only the source's length: the
 * build's id (a hash of the bundle) is in the cache's path, so a rebuilt bundle never meets an old cache.
 * The cache is an optimisation: any failure to read or write it leaves the command running as without it.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
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
  /** Writes the cache if there was none or V8 refused it; call it once the work is done. */
  save(): void;
}

/** What a build's folder under the root is named: the bundle's hash (no other entry of the root is ever touched). */
const BUILD_FOLDER = /^[0-9a-f]{16}$/;

/**
 * Runs a CommonJS file (ASCII: it is read as Latin-1, which is a copy where UTF-8 would be decoded),
 * compiled with the cache `<root>/<buildId>/<node version>-<arch>-<name>.v8` when there is one. Without
 * a root or a build id it runs the file without a cache.
 */
export function loadCommonJs<T>(file: string, cache: { root?: string; buildId?: string; name: string }): CachedCommonJs<T> {
  const dir = cache.root && cache.buildId ? join(cache.root, cache.buildId) : undefined;
  const cacheFile = dir && join(dir, `${process.version}-${process.arch}-${cache.name.replace(/[^\w-]/g, '_')}.v8`);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // none yet
    }
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'latin1')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    save() {
      if (!dir || !cacheFile || (cachedData && !script.cachedDataRejected)) return;
      // Written aside and renamed: a process starting meanwhile reads the old cache or the whole new one.
      const partial = `${cacheFile}.${process.pid}`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        // Caches of other builds are dead weight; anything else in the root (WABC_CODE_CACHE may name any folder) is not ours.
        for (const other of readdirSync(dirname(dir))) {
          if (other !== cache.buildId && BUILD_FOLDER.test(other)) rmSync(join(dirname(dir), other), { recursive: true, force: true });
        }
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
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
