/**
 * The bin starts from V8's compiled code (src/cli/code-cache.ts): the cache the package ships for the
 * Node version it was built with, else the user's own per command — written once a command has worked,
 * used as it is by the next start, replaced when V8 refuses it, never in the way of the command.
 * Each test points WABC_CODE_CACHE at a folder of its own and runs the built bin as a process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { builtFile } from '../helpers/build.js';
import { startGraph, json, readBody } from '../helpers/local-graph.js';
import { TOKEN, WABA, PHONE_ID } from '../helpers/connection.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wabc-code-cache-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/**
 * The shipped cache was made with node's default flags, and V8 refuses it under others: the tests of the
 * user's own cache run node with one, as a user with NODE_OPTIONS=--max-old-space-size=… does.
 */
const OTHER_FLAGS = ['--max-old-space-size=512'];

const wabc = (args: string[], cacheSetting = root, flags = OTHER_FLAGS) =>
  spawnSync(process.execPath, [...flags, builtFile(), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', WABC_CODE_CACHE: cacheSetting }, timeout: 20_000 });

/** The build folders under the cache root, and the cache files in them. */
function cacheFiles(): string[] {
  return readdirSync(root)
    .filter((entry) => /^[0-9a-f]{16}$/.test(entry))
    .flatMap((build) => readdirSync(join(root, build)).map((file) => `${build}/${file}`));
}

const fileOf = (command: string) => `${process.version}-${process.arch}-${command}.v8`;

test('a command that worked leaves its compiled code, private to the user, and the next start uses it as it is', () => {
  const first = wabc(['modules', '--json']);
  expect(first.status).toBe(0);
  const files = cacheFiles();
  expect(files).toEqual([expect.stringMatching(new RegExp(`^[0-9a-f]{16}/${fileOf('modules').replace(/\./g, '\\.')}$`))]);
  const path = join(root, files[0]);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(statSync(join(root, files[0].split('/')[0])).mode & 0o777).toBe(0o700);
  const written = readFileSync(path);
  const writtenAt = statSync(path).mtimeMs;

  const second = wabc(['modules', '--json']);
  expect(second.status).toBe(0);
  expect(second.stdout).toBe(first.stdout);
  // Accepted by V8, so not written again.
  expect(statSync(path).mtimeMs).toBe(writtenAt);
  expect(readFileSync(path).equals(written)).toBe(true);
});

test('a command that failed leaves none: it compiled little of what the command runs', () => {
  const r = wabc(['describe', 'no-such-module']);
  expect(r.status).not.toBe(0);
  expect(cacheFiles()).toEqual([]);
});

test('a cache V8 refuses (damaged) is replaced, and the command runs as without one', () => {
  const clean = wabc(['modules', '--json']);
  const [file] = cacheFiles();
  const path = join(root, file);
  const garbage = randomBytes(statSync(path).size);
  writeFileSync(path, garbage);

  const r = wabc(['modules', '--json']);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(clean.stdout);
  expect(readFileSync(path).equals(garbage)).toBe(false);
  // And the new one is accepted.
  const rewrittenAt = statSync(path).mtimeMs;
  expect(wabc(['modules', '--json']).status).toBe(0);
  expect(statSync(path).mtimeMs).toBe(rewrittenAt);
});

test("a build's caches unused for a month are removed when another writes one; another build's recent ones and nothing else in the folder are touched", () => {
  const monthAgo = new Date(Date.now() - 31 * 24 * 3600_000);
  mkdirSync(join(root, '0000000000000000'));
  writeFileSync(join(root, '0000000000000000', fileOf('modules')), 'an old build');
  utimesSync(join(root, '0000000000000000'), monthAgo, monthAgo);
  // Another installed build (a global wabc beside a project's) keeps its caches.
  mkdirSync(join(root, '1111111111111111'));
  writeFileSync(join(root, '1111111111111111', fileOf('modules')), 'a build in use');
  // WABC_CODE_CACHE may name a folder that holds other things.
  mkdirSync(join(root, 'photos'));
  writeFileSync(join(root, 'photos', 'cat.jpg'), 'meow');
  utimesSync(join(root, 'photos'), monthAgo, monthAgo);
  writeFileSync(join(root, 'notes.txt'), 'keep me');
  expect(wabc(['modules']).status).toBe(0);
  const left = readdirSync(root).sort();
  expect(left).toHaveLength(4);
  expect(left).not.toContain('0000000000000000');
  expect(left).toEqual(expect.arrayContaining(['1111111111111111', 'notes.txt', 'photos']));
  expect(readFileSync(join(root, 'photos', 'cat.jpg'), 'utf8')).toBe('meow');
});

test('a cache others can write is not used, and is replaced by one only the user can', () => {
  expect(wabc(['modules', '--json']).status).toBe(0);
  const path = join(root, cacheFiles()[0]);
  chmodSync(path, 0o666);
  const r = wabc(['modules', '--json']);
  expect(r.status).toBe(0);
  expect(statSync(path).mode & 0o777).toBe(0o600);
});

test('a command that imports a package when it runs works again from its cache (serve with pretty logs)', async () => {
  for (const round of [1, 2]) {
    const child = spawn(process.execPath, [...OTHER_FLAGS, builtFile(), 'webhook', 'serve', '--port', '0', '--verify-token', 'v', '--insecure-no-signature', '--log-format', 'pretty'], {
      env: { PATH: process.env.PATH ?? '', WABC_CODE_CACHE: root },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let waited = 0; !/listening on/.test(err) && waited < 15_000 && child.exitCode === null; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect([round, err]).toEqual([round, expect.stringMatching(/listening on/)]);
    child.kill('SIGTERM');
    expect(await ended).toBe(0);
    expect(err).not.toMatch(/dynamic import|ExperimentalWarning/i);
  }
  expect(cacheFiles()).toEqual([expect.stringMatching(/-webhook\.v8$/)]);
});

test('WABC_CODE_CACHE=off writes nothing; a folder that cannot be written costs only the speed-up', () => {
  const off = wabc(['modules', '--json'], 'off');
  expect(off.status).toBe(0);
  expect(readdirSync(root)).toEqual([]);

  writeFileSync(join(root, 'a-file'), '');
  const blocked = wabc(['modules', '--json'], join(root, 'a-file', 'cache'));
  expect(blocked.status).toBe(0);
  expect(blocked.stderr).toBe('');
  expect(blocked.stdout).toBe(off.stdout);
});

/** `wabc run send-message` of one text, with the token, against a local Graph; the message id it printed. */
async function sendOne(flags: string[]): Promise<string> {
  const graph = await startGraph(async (req, res) => {
    await readBody(req);
    json(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: '+16315551234', wa_id: '16315551234' }], messages: [{ id: 'wamid.CACHE' }] });
  });
  try {
    const input = JSON.stringify({ senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'Hello' } });
    const child = spawn(process.execPath, [...flags, builtFile(), 'run', 'send-message', '--input', input], {
      env: { PATH: process.env.PATH ?? '', WABC_CODE_CACHE: root, WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    return (JSON.parse(out) as { messageId: string }).messageId;
  } finally {
    await graph.close();
  }
}

test('the kept code holds no secret: a send with the token leaves a cache without it', async () => {
  expect(await sendOne(OTHER_FLAGS)).toBe('wamid.CACHE');
  const files = cacheFiles();
  expect(files).toEqual([expect.stringMatching(/-run-send-message\.v8$/)]);
  const bytes = readFileSync(join(root, files[0]));
  expect(bytes.length).toBeGreaterThan(10_000);
  for (const secret of [TOKEN, Buffer.from(TOKEN, 'utf16le').toString('latin1')]) expect(bytes.includes(Buffer.from(secret, 'latin1'))).toBe(false);
});

/**
 * A batch of `rows` rows at 5 a second against a local Graph, sent `signal` once `stopWhen` says so (given
 * the requests seen and the ms since the start). Resolves with the exit code.
 */
async function batch(rows: number, stopWhen: (requests: number, ms: number) => boolean = () => false, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  const dir = mkdtempSync(join(root, 'batch-'));
  const file = join(dir, 'rows.ndjson');
  writeFileSync(file, Array.from({ length: rows }, (_, i) => JSON.stringify({ senderId: PHONE_ID, to: `+1631555${6000 + i}`, type: 'text', text: { body: 'x' } })).join('\n'));
  const started = performance.now();
  let requests = 0;
  let stop = (): void => {};
  const graph = await startGraph(async (req, res) => {
    await readBody(req);
    requests++;
    json(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: '+16315551234', wa_id: '1' }], messages: [{ id: `wamid.${requests}` }] });
    if (stopWhen(requests, performance.now() - started)) stop();
  });
  try {
    const child = spawn(process.execPath, [...OTHER_FLAGS, builtFile(), 'run', 'send-message', '--batch', file, '--out', join(dir, 'out.ndjson'), '--rate', '5', '--concurrency', '1'], {
      env: { PATH: process.env.PATH ?? '', WABC_CODE_CACHE: root, WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url },
      stdio: 'ignore',
    });
    stop = () => child.kill(signal);
    return await new Promise((resolve) => child.on('close', resolve));
  } finally {
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('a batch stopped by %s after it has been sending a while keeps its code, and the next batch starts from it', async (signal, code) => {
  expect(await batch(50, (_, ms) => ms > 3000, signal)).toBe(code);
  const files = cacheFiles();
  expect(files).toEqual([expect.stringMatching(/-run-send-message\.v8$/)]);
  const writtenAt = statSync(join(root, files[0])).mtimeMs;
  expect(await batch(2)).toBe(0);
  // Accepted by V8, so not written again.
  expect(statSync(join(root, files[0])).mtimeMs).toBe(writtenAt);
});

test('a batch stopped by Ctrl-C at its first row leaves none: it had compiled little yet', async () => {
  expect(await batch(50, (requests) => requests === 1)).toBe(130);
  expect(cacheFiles()).toEqual([]);
});

/**
 * A child process loads a file of 200 functions through the code cache, runs each once, then (with
 * `churn`) allocates until 30 full collections have run, after which V8 has dropped the bytecode of
 * functions unused over several of them, and writes the cache. Prints the cache's size.
 */
function cacheSizeAfter(churn: boolean): number {
  const dir = mkdtempSync(join(root, 'run-'));
  const lib = join(dir, 'lib.cjs');
  let source = '';
  for (let i = 0; i < 200; i++) source += `function f${i}(x) { let s = 0; for (let j = 0; j < x; j++) s += j * ${i}; return s + ${i}; }\n`;
  source += `exports.start = () => [${Array.from({ length: 200 }, (_, i) => `f${i}(3)`).join(', ')}];\n`;
  writeFileSync(lib, source);
  const script = `
    import { loadCommonJs } from ${JSON.stringify(pathToFileURL(builtFile('dist/src/cli/code-cache.js')).href)};
    import { PerformanceObserver, constants } from 'node:perf_hooks';
    import { readdirSync, statSync } from 'node:fs';
    import { join } from 'node:path';
    const root = ${JSON.stringify(join(dir, 'cache'))};
    const loaded = loadCommonJs(${JSON.stringify(lib)}, { root, buildId: '0123456789abcdef', name: 'lib' });
    loaded.exports.start();
    let full = 0;
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++; });
    observer.observe({ entryTypes: ['gc'] });
    const keep = [];
    let n = 0;
    while (${churn} && full < 30) {
      for (let i = 0; i < 20000; i++) keep[n++ % 2000] = new Array(1000).fill(n);
      await new Promise((resolve) => setImmediate(resolve));
    }
    observer.disconnect();
    loaded.save();
    const folder = join(root, '0123456789abcdef');
    console.log(statSync(join(folder, readdirSync(folder)[0])).size);
  `;
  const r = spawnSync(process.execPath, ['--max-old-space-size=64', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  return Number(r.stdout);
}

test('a long run that writes the cache keeps in it the code its start ran: its garbage collections do not drop that code first', () => {
  const short = cacheSizeAfter(false);
  const long = cacheSizeAfter(true);
  expect(short).toBeGreaterThan(40_000);
  // Without keeping the bytecode, the 200 functions are gone from it after such a run (27 KB of 60 KB).
  expect(long).toBeGreaterThan(short * 0.95);
});

/** The cache the build left beside the bin's bundle for this Node version (scripts/prime-code-cache.mjs). */
function shippedCaches(): string[] {
  const binDir = dirname(builtFile('dist/src/bin/wabc-main.cjs'));
  return readdirSync(binDir).filter((file) => file.startsWith(`${process.version}-${process.arch}-wabc-main-`) && file.endsWith('.v8'));
}

/** The files under the cache root, with the build folder's name left out. */
const userFiles = (): string[] => cacheFiles().map((f) => f.split('/')[1]);

test('the package ships compiled code for the Node version it was built with: a command starts from it, and writes its own on its second start', async () => {
  expect(shippedCaches()).toEqual([expect.stringMatching(/-wabc-main-[0-9a-f]{16}\.v8$/)]);
  const first = wabc(['modules', '--json'], root, []);
  expect(first.status).toBe(0);
  expect(JSON.parse(first.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'send-message' })]));
  // A start V8 took no cache for writes the user's own at once (the tests above); this one only noted it ran.
  expect(userFiles()).toEqual([`${fileOf('modules')}.seen`]);
  const second = wabc(['modules', '--json'], root, []);
  expect(second.stdout).toBe(first.stdout);
  expect(userFiles()).toEqual([fileOf('modules')]);
  const writtenAt = statSync(join(root, cacheFiles()[0])).mtimeMs;
  expect(wabc(['modules', '--json'], root, []).stdout).toBe(first.stdout);
  expect(statSync(join(root, cacheFiles()[0])).mtimeMs).toBe(writtenAt);

  expect(await sendOne([])).toBe('wamid.CACHE');
  expect(userFiles().sort()).toEqual([fileOf('modules'), `${fileOf('run-send-message')}.seen`]);
});

test('WABC_CODE_CACHE=off starts without the shipped cache too, and the command works the same', () => {
  const off = wabc(['modules', '--json'], 'off', []);
  expect(off.status).toBe(0);
  expect(off.stdout).toBe(wabc(['modules', '--json'], root, []).stdout);
});

/**
 * A small CommonJS file with a shipped cache beside it whose bytes `shipped` chooses: made from the file
 * as the build makes the package's (a start with no cache writes one, which is moved there), damaged, or none.
 */
function fileWithShipped(shipped: 'made' | 'damaged' | 'none'): string {
  const dir = mkdtempSync(join(root, 'shipped-'));
  const lib = join(dir, 'lib.cjs');
  writeFileSync(lib, 'exports.answer = () => 6 * 7;\n');
  if (shipped === 'none') return lib;
  const make = `
    import { loadCommonJs, shippedCacheFile } from ${CODE_CACHE};
    import { readdirSync, renameSync } from 'node:fs';
    import { join } from 'node:path';
    const root = ${JSON.stringify(join(dir, 'made'))};
    const loaded = loadCommonJs(${JSON.stringify(lib)}, { root, buildId: '${BUILD}', name: 'lib' });
    loaded.exports.answer();
    loaded.save();
    const folder = join(root, '${BUILD}');
    renameSync(join(folder, readdirSync(folder)[0]), shippedCacheFile(${JSON.stringify(lib)}, '${BUILD}'));
  `;
  const made = spawnSync(process.execPath, ['--input-type=module', '-e', make], { encoding: 'utf8' });
  expect(made.stderr).toBe('');
  const cache = readdirSync(dir).filter((f) => f.endsWith('.v8'));
  expect(cache).toHaveLength(1);
  if (shipped === 'damaged') writeFileSync(join(dir, cache[0]), randomBytes(statSync(join(dir, cache[0])).size));
  return lib;
}

const CODE_CACHE = JSON.stringify(pathToFileURL(builtFile('dist/src/cli/code-cache.js')).href);
const BUILD = 'fedcba9876543210';

/**
 * loadCommonJs in a child process: `lib` started with the user's cache folder `cacheRoot` (null: none);
 * which cache the start used, what the file answered, and the files of the user's build folder after save().
 */
function start(lib: string, cacheRoot: string | null = join(root, 'user')): { startedFrom: string; answer: number; saved: string[] } {
  const script = `
    import { loadCommonJs } from ${CODE_CACHE};
    import { existsSync, readdirSync } from 'node:fs';
    import { join } from 'node:path';
    const root = ${JSON.stringify(cacheRoot)} ?? undefined;
    const loaded = loadCommonJs(${JSON.stringify(lib)}, { root, buildId: '${BUILD}', name: 'lib' });
    const answer = loaded.exports.answer();
    loaded.save();
    const folder = root && join(root, '${BUILD}');
    console.log(JSON.stringify({ startedFrom: loaded.startedFrom, answer, saved: folder && existsSync(folder) ? readdirSync(folder).sort() : [] }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { startedFrom: string; answer: number; saved: string[] };
}

test("the first start takes the shipped cache and notes it; the second writes the user's own from it; later ones start from that", () => {
  const lib = fileWithShipped('made');
  expect(start(lib)).toEqual({ startedFrom: 'shipped', answer: 42, saved: [`${fileOf('lib')}.seen`] });
  expect(start(lib)).toEqual({ startedFrom: 'shipped', answer: 42, saved: [fileOf('lib')] });
  expect(start(lib)).toEqual({ startedFrom: 'own', answer: 42, saved: [fileOf('lib')] });
});

test("a damaged shipped cache is refused by V8: the start compiles the file and writes the user's own at once", () => {
  const lib = fileWithShipped('damaged');
  expect(start(lib)).toEqual({ startedFrom: 'none', answer: 42, saved: [fileOf('lib')] });
  expect(start(lib)).toEqual({ startedFrom: 'own', answer: 42, saved: [fileOf('lib')] });
});

test('with no cache folder (WABC_CODE_CACHE=off) the shipped cache is not read; without one shipped, the first start writes its own', () => {
  expect(start(fileWithShipped('made'), null)).toEqual({ startedFrom: 'none', answer: 42, saved: [] });
  expect(start(fileWithShipped('none'))).toEqual({ startedFrom: 'none', answer: 42, saved: [fileOf('lib')] });
});
