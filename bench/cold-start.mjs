/**
 * Cold start: the wall time of `wabc --version`, `wabc modules` and a one-message `wabc run send-message`
 * (to its exit, and to its request's arrival at the stand-in Graph API in another process) and
 * `wabc run send-template-message` (by template id: it reads the template list first), each against
 * `node -e 0` started the same way in the same round. Goals: --version and modules ≤ 2×, the run ≤ 3×.
 * Also shown, without a goal: an ES import of the package (its bundled entry) and loadConnector().
 * Every case runs once per round, in alternating order; the median of the per-round ratios with their
 * spread. Correctness (exit 1 when broken): every command exits 0 and the run's message arrives once.
 * wabc starts from compiled code (README "Start-up"): its own per command once the command has run twice,
 * before that the package's, made for the Node version it was built with. The cases run with a cache
 * folder of this benchmark's, filled by the warm-up rounds, as a user's is; also shown, for the run: its
 * first start (an empty folder each round: from the package's compiled code), and a start with none at
 * all (WABC_CODE_CACHE=off: it compiles the whole bundle, as a first start on another Node version does).
 * Run: npm run build && node bench/cold-start.mjs [--rounds 9]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { fmt, interleave, startChild, wabcBin as bin } from './lib/harness.mjs';
const REPO = fileURLToPath(new URL('..', import.meta.url));
const epoch = () => performance.timeOrigin + performance.now();

export const goals = { version: 2, modules: 2, run: 3 };

/** A consumer's first step, by the package's own name (it resolves through package.json "exports" as from outside). */
const LIBRARY_IMPORT = `const { loadConnector } = await import('whatsapp-business-cloud-connector'); if (Object.keys(loadConnector().modules).length < 16) process.exit(1);`;

function timed(args, env = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = epoch();
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH, ...env } });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, startedAt, ms: epoch() - startedAt, stderr }));
  });
}

export async function run({ rounds = 9, print = true } = {}) {
  const stub = await startChild(fileURLToPath(new URL('./lib/graph-stub.mjs', import.meta.url)));
  const cacheRoot = mkdtempSync(join(tmpdir(), 'wabc-bench-code-cache-'));
  const cache = { WABC_CODE_CACHE: join(cacheRoot, 'kept') };
  const fresh = () => ({ WABC_CODE_CACHE: mkdtempSync(join(cacheRoot, 'first-')) });
  const env = { WHATSAPP_ACCESS_TOKEN: 'bench-token-not-real', WHATSAPP_BUSINESS_ACCOUNT_ID: '102290129340398', WHATSAPP_GRAPH_URL: stub.url };
  const problems = [];
  const command = (name, args, e) => async () => {
    const r = await timed(args, e);
    if (r.code !== 0) problems.push(`${name} exited ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
    return r;
  };
  const input = JSON.stringify({ senderId: '106540352242922', to: '+16315551234', type: 'text', text: { body: 'Hello' } });
  // A template send by id: it reads the template list, then checks the variables against their JSON Schemas.
  const template = JSON.stringify({ senderId: '106540352242922', to: '+16315551234', templateId: 'order_update:en_US', body_1: 'Jasper', body_2: '#1' });
  const cases = {
    node: async () => (await command('node -e 0', ['-e', '0'])()).ms,
    version: async () => (await command('wabc --version', [bin, '--version'], cache)()).ms,
    modules: async () => (await command('wabc modules', [bin, 'modules'], cache)()).ms,
    run: async () => sendOne(cache),
    template: async () => sendOne(cache, 'send-template-message', template),
    firstRun: async () => sendOne(fresh()),
    uncached: async () => sendOne({ WABC_CODE_CACHE: 'off' }),
    // The library door: what a flow engine pays to import the package and load the built-in modules.
    library: async () => (await command('import of the package', ['--input-type=module', '-e', LIBRARY_IMPORT])()).ms,
  };
  async function sendOne(cacheEnv, module = 'send-message', json = input) {
    await stub.post('/_reset');
    const r = await command(`wabc run ${module}`, [bin, 'run', module, '--input', json], { ...env, ...cacheEnv })();
    const s = await stub.get('/_stats');
    if (s.messages !== 1) problems.push(`wabc run: ${s.messages} messages arrived for one`);
    return { ms: r.ms, firstRequestMs: (s.firstAt ?? NaN) - r.startedAt };
  }
  try {
    // A command writes its own compiled code on its second start: the warm-up round is the second.
    for (const name of ['modules', 'run', 'template']) await cases[name]();
    const measured = await interleave({
      rounds,
      cases,
      ratios: {
        version: (r) => r.version / r.node,
        modules: (r) => r.modules / r.node,
        run: (r) => r.run.ms / r.node,
        runFirstRequest: (r) => r.run.firstRequestMs / r.node,
        firstRun: (r) => r.firstRun.ms / r.node,
        uncached: (r) => r.uncached.ms / r.node,
        template: (r) => r.template.ms / r.node,
        library: (r) => r.library / r.node,
      },
    });
    const result = { name: 'cold-start', rounds, ...measured, problems, ok: problems.length === 0 };
    if (print) report(result);
    return result;
  } finally {
    await stub.stop();
    rmSync(cacheRoot, { recursive: true, force: true });
  }
}

function report({ cases, ratios, problems }) {
  const line = (label, ms, ratio, goal) =>
    console.log(
      `${label}: ${ms.median.toFixed(0)} ms = ${fmt.ratio(ratio.median)} node -e 0 ${fmt.spread(ratio)}${goal ? ` — ${ratio.median <= goal ? 'goal met' : `GOAL MISSED (≤ ${goal}×)`}` : ''}`,
    );
  console.log(`node -e 0: ${cases.node.median.toFixed(0)} ms ${fmt.spread(cases.node)}`);
  line('wabc --version', cases.version, ratios.version, goals.version);
  line('wabc modules', cases.modules, ratios.modules, goals.modules);
  line('wabc run send-message (one message, to its exit)', cases.run.ms, ratios.run, goals.run);
  line('  … to its request', cases.run.firstRequestMs, ratios.runFirstRequest);
  line("  … its first start (from the package's compiled code)", cases.firstRun.ms, ratios.firstRun);
  line('  … with no compiled code (WABC_CODE_CACHE=off; a first start on another Node version)', cases.uncached.ms, ratios.uncached);
  line('wabc run send-template-message (one message by template id, to its exit)', cases.template.ms, ratios.template, goals.run);
  line("import of the package and loadConnector() (the library's entry, no goal)", cases.library, ratios.library);
  for (const p of problems) console.log(`  CORRECTNESS: ${p}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--rounds');
  const r = await run({ rounds: i > 0 ? Number(process.argv[i + 1]) : 9 });
  process.exitCode = r.ok ? 0 : 1;
}
