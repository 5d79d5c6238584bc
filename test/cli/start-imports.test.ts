/**
 * Commands import only what they use: the built `wabc` runs in a process of its own with a preload that
 * names every package it loads (ES imports through a loader hook, CommonJS through require), and the
 * commands that only show things load neither the runtime nor its heavy dependencies. It runs tsc's
 * output (dist/src/cli/main.js), where every module is a file of its own. The bundle the package's
 * "bin" runs (scripts/bundle-cli.mjs) is one file, but a module in it runs only once it is imported,
 * as here, so the same modules run there. Start-up times are measured in bench/cold-start.mjs; this
 * checks the behaviour behind them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { builtFile, WABC_BIN } from '../helpers/build.js';
import { startGraphServer, type GraphServer } from '../helpers/graph-server.js';
import { TOKEN, WABA, PHONE_ID } from '../helpers/connection.js';
import { fixture } from '../helpers/template-api.js';
import { loadedNames, loadTraceArgs } from '../helpers/load-trace.js';

/** tsc's output, one file per module (the bin is the bundle). */
const UNBUNDLED = 'dist/src/cli/main.js';

/** The packages (node_modules names) and connector files a run of `wabc <args>` loaded. */
function loaded(args: string[], env: Record<string, string> = {}, entry = UNBUNDLED): Promise<{ code: number | null; packages: Set<string>; files: string[]; names: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...loadTraceArgs({ require: true }), builtFile(entry), ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const names = loadedNames(stderr);
      const packages = new Set(
        names.flatMap(
          (n) =>
            /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(n)?.[1] ??
            (/^[a-z@][\w@/.-]*$/.test(n) && !n.startsWith('node:')
              ? [
                  n
                    .split('/')
                    .slice(0, n.startsWith('@') ? 2 : 1)
                    .join('/'),
                ]
              : []),
        ),
      );
      resolve({ code, packages, files: names.filter((n) => n.includes('/dist/')), names });
    });
  });
}

const HEAVY = ['ajv', 'libphonenumber-js', 'zod', 'pino'];

test.each([['--version'], ['--help'], ['modules'], ['describe', 'send-message']])('wabc %s loads neither the runtime nor ajv, libphonenumber-js, zod or pino', async (...args) => {
  const r = await loaded(args);
  expect(r.code).toBe(0);
  expect(HEAVY.filter((p) => r.packages.has(p))).toEqual([]);
  expect(r.files.filter((f) => /dist\/src\/runtime\/(connector|runtime)\.js$/.test(f))).toEqual([]);
});

/** What listing the modules needs: the command tree (each command's options, not its action), the build's list of the modules, and the small modules option defaults and error reports come from. */
const MODULES_NEEDS = [
  /^src\/cli\/(main|start|program|cli-context|io|report|exit-codes|version|queue-options)\.js$/,
  /^src\/cli\/commands\/[a-z-]+-command\.js$/,
  /^src\/runtime\/(logger|errors\/(connector|validation)-error)\.js$/,
  /^src\/runtime\/generated\/module-list\.js$/,
  /^src\/(sandbox\/seed-ids|export\/targets|webhook\/defaults)\.js$/,
];

test.each([['--help'], ['modules']])("wabc %s loads commander, each command's options and nothing of what the commands do", async (...args) => {
  const r = await loaded(args);
  expect(r.code).toBe(0);
  expect([...r.packages]).toEqual(['commander']);
  const files = r.files.map((f) => f.replace(/^.*\/dist\//, ''));
  expect(files.filter((f) => !MODULES_NEEDS.some((allowed) => allowed.test(f)))).toEqual([]);
  // the action modules of run-batch and enqueue are named *-command.js: loaded only by run's action
  expect(files.filter((f) => /(-action|run-batch-command|enqueue-command)\.js$/.test(f))).toEqual([]);
  expect(files.some((f) => f.endsWith('module-list.js'))).toBe(args[0] === 'modules');
});

test('wabc --version prints the package version without loading the command tree', async () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(spawnSync(process.execPath, [builtFile(), '--version'], { encoding: 'utf8' }).stdout).toBe(`${version}\n`);
  expect((await loaded(['--version'])).packages.has('commander')).toBe(false);
});

/** ajv's compiler (its small runtime helpers, which the validators built with the package call, are not). */
const compilerFiles = (names: string[]) => names.filter((n) => /node_modules\/ajv\/dist\/(ajv|core)\.js|node_modules\/ajv\/dist\/compile\//.test(n));

describe('a one-message run', () => {
  let graph: GraphServer;
  // The template list for a GET (a template send by id reads it), an accepted message for a POST.
  beforeAll(async () => {
    graph = await startGraphServer((req) =>
      req.method === 'GET'
        ? { json: { data: [fixture('order_update')], paging: { cursors: { before: 'a', after: 'a' } } } }
        : { json: { messaging_product: 'whatsapp', contacts: [{ input: '+16315551234', wa_id: '16315551234' }], messages: [{ id: 'wamid.1' }] } },
    );
  });
  afterAll(() => graph.close());
  const connectionEnv = () => ({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });

  test("loads no schema compiler, no logger when nothing is logged, and not zod's classic API", async () => {
    const input = JSON.stringify({ senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'hi' } });
    const r = await loaded(['run', 'send-message', '--input', input], connectionEnv());
    expect(r.code).toBe(0);
    expect(graph.requests).toHaveLength(1);
    expect(r.packages.has('pino')).toBe(false);
    expect(compilerFiles(r.names)).toEqual([]);
    // Field values are checked with zod/mini; zod's classic API made a one-message run about 3 ms slower.
    expect(r.names.filter((n) => /node_modules\/zod\/v4\/classic\//.test(n))).toEqual([]);
    expect(r.names.some((n) => /node_modules\/zod\/v4\/mini\//.test(n))).toBe(true);
  });

  test("a template send checks its variables against their JSON Schemas without ajv's compiler: they were compiled with the package", async () => {
    const env = connectionEnv();
    const send = (vars: Record<string, unknown>) =>
      loaded(['run', 'send-template-message', '--input', JSON.stringify({ senderId: PHONE_ID, to: '+16315551234', templateId: 'order_update:en_US', ...vars })], env);
    const ok = await send({ body_1: 'Jasper', body_2: '#1' });
    expect(ok.code).toBe(0);
    // A variable that is no text, currency or date_time fails the schema's check: the check ran.
    expect((await send({ body_1: { nope: 1 }, body_2: '#1' })).code).toBe(2);
    expect(compilerFiles(ok.names)).toEqual([]);
  });

  test('the bundled bin loads nothing from node_modules for a text or a template send: all it calls is in the bundle', async () => {
    const env = { ...connectionEnv(), WABC_CODE_CACHE: 'off' };
    const fromPackages = (names: string[]) => names.filter((n) => n.includes('node_modules') || (/^[a-z@]/.test(n) && !n.startsWith('node:') && !n.includes(':')));
    const inputs = {
      'send-message': { senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'hi' } },
      'send-template-message': { senderId: PHONE_ID, to: '+16315551234', templateId: 'order_update:en_US', body_1: 'Jasper', body_2: '#1' },
    };
    for (const [module, input] of Object.entries(inputs)) {
      const r = await loaded(['run', module, '--input', JSON.stringify(input)], env, WABC_BIN);
      expect(r.code).toBe(0);
      expect(JSON.parse(graph.requests.at(-1)?.body ?? '{}')).toMatchObject({ to: '+16315551234' });
      expect(fromPackages(r.names)).toEqual([]);
    }
  });
});
