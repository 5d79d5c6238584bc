/**
 * Node options that make a process name every module it loads on stderr, one `LOADED <name>` line
 * each: ES modules through a loader hook (their URL, `node:` built-ins included) and, for CommonJS,
 * every require() request. For tests that check what a start loads.
 */
const hook = `export async function load(url, context, next) { process._rawDebug('LOADED ' + url); return next(url, context); }`;

const esm = ['import { register, default as Module } from "node:module";', `register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));`];
const commonJs = ['const load = Module._load;', 'Module._load = function (request, ...rest) { process._rawDebug("LOADED " + request); return load.call(this, request, ...rest); };'];

/** The `--import` option and its preload; `require: true` also names every require() request. */
export function loadTraceArgs({ require = false }: { require?: boolean } = {}): string[] {
  const preload = [...esm, ...(require ? commonJs : [])].join('\n');
  return ['--import', `data:text/javascript,${encodeURIComponent(preload)}`];
}

/** The names a traced process printed, in load order. */
export const loadedNames = (stderr: string): string[] => [...stderr.matchAll(/^LOADED (.+)$/gm)].map((m) => m[1]);
