/**
 * The library door, tried from outside: the package is packed, installed into a folder outside the
 * repository (test/package/consumer-install.ts), and used there as a consumer would — ESM, CommonJS,
 * strict TypeScript under nodenext and bundler resolution, an esbuild bundle run from an empty folder,
 * and the `wabc` executable. publint and arethetypeswrong check the same tarball.
 */
import { jest } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtFile } from '../helpers/build.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { installConsumer, packTarball, type Consumer } from '../helpers/package-install.js';
import { cjsScript, cjsTypeScript, esmScript, esmTypeScript, subpathScript, tsconfig, typeErrors } from '../helpers/package-scripts.js';

jest.setTimeout(180_000);

let work: string;
let tarball: string;
let consumer: Consumer;

beforeAll(() => {
  builtFile('dist/src/index.js');
  work = mkdtempSync(join(tmpdir(), 'wabc-package-'));
  tarball = packTarball(work);
  consumer = installConsumer(tarball, ['typescript', 'esbuild', 'pino', 'hono', 'fastify']);
});

afterAll(() => {
  for (const dir of [work, consumer?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  messageId: string;
  statuses: string[];
  modules: number;
}

/** Runs a consumer script and checks it sent a message and saw its status webhook. */
function expectSentAndSeen(stdout: string): void {
  const outcome = JSON.parse(stdout.trim().split('\n').pop()!) as Outcome;
  expect(outcome.messageId).toMatch(/^wamid\./);
  expect(outcome.statuses).toContain('sent');
  expect(outcome.modules).toBeGreaterThanOrEqual(16);
}

/** Writes files into a folder of the consumer (so its node_modules resolve) and returns the folder. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(consumer.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function tsc(dir: string): void {
  try {
    execFileSync(process.execPath, [join(consumer.dir, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    throw new Error(`tsc failed in ${dir}:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
  }
}

test('the tarball holds the built package, its descriptors and licence, and nothing from the sources', () => {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const file of [
    'package/dist/src/lib/index.js',
    'package/dist/src/index.d.ts',
    'package/dist/src/index.cjs',
    'package/dist/src/bin/wabc.cjs',
    'package/dist/src/bin/wabc-main.cjs',
    'package/LICENSE',
    'package/README.md',
    'package/modules/send-message.json',
    'package/schemas/descriptor.schema.json',
    'package/fields/sender.json',
    'package/dist/playground/index.html',
    'package/dist/playground/app.js',
    'package/dist/playground/app.css',
  ]) {
    expect(listing).toContain(file);
  }
  // The bin's compiled code for the Node version that built the package (README "Start-up").
  const shipped = readdirSync(join(REPO_ROOT, 'dist/src/bin')).filter((f) => f.startsWith(`${process.version}-${process.arch}-wabc-main-`) && f.endsWith('.v8'));
  expect(shipped).toHaveLength(1);
  expect(listing).toContain(`package/dist/src/bin/${shipped[0]}`);
  expect(listing.filter((f) => /\.(ts|map)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.d.cts'))).toEqual([]);
  expect(listing.filter((f) => /^package\/(test|bench|scripts|src)\//.test(f))).toEqual([]);
  // The code that runs is the bundles (the exports' ES entries and their chunks, the CLI) and the playground's page:
  // tsc's module-per-file output, which nothing in "exports" or "bin" reaches, stays out.
  expect(listing.filter((f) => /\.js$/.test(f) && !/^package\/dist\/(src\/lib|playground)\//.test(f))).toEqual([]);
});

test('npx wabc modules lists the modules', () => {
  const out = execFileSync(join(consumer.dir, 'node_modules/.bin/wabc'), ['modules', '--json'], { cwd: consumer.dir, encoding: 'utf8' });
  expect((JSON.parse(out) as Array<{ id: string }>).map((m) => m.id)).toContain('send-message');
});

test('a package exported from the installed package depends on the same tarball, which is not on the registry', () => {
  const out = join(consumer.dir, 'exported-node-red');
  const printed = execFileSync(join(consumer.dir, 'node_modules/.bin/wabc'), ['export', 'node-red', out], { cwd: consumer.dir, encoding: 'utf8' });
  const generated = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  expect(generated.dependencies['whatsapp-business-cloud-connector']).toBe(`file:${tarball}`);
  expect(printed).toContain(`depends on whatsapp-business-cloud-connector at ${tarball}`);
});

test('npx wabc playground serves the page built into the package', async () => {
  const child = spawn(join(consumer.dir, 'node_modules/.bin/wabc'), ['playground', '--port', '0'], { cwd: consumer.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stderr.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (m) resolve(m[0]);
      });
      child.on('exit', () => reject(new Error(`wabc playground exited: ${out}`)));
    });
    const page = await fetch(url);
    expect(await page.text()).toContain('<script type="module" src="app.js">');
    expect((await fetch(`${url}/app.js`)).status).toBe(200);
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
});

test('ESM: import, send through execute against createSandbox, receive the status through createWebhookRouter', () => {
  folder('esm', { 'index.mjs': esmScript });
  expectSentAndSeen(consumer.run('esm/index.mjs'));
});

test('ESM: the ./webhook, ./sandbox, ./descriptors and ./redis subpaths and the descriptor files', () => {
  folder('subpaths', { 'index.mjs': subpathScript });
  const out = JSON.parse(consumer.run('subpaths/index.mjs').trim()) as Record<string, unknown>;
  expect(out).toEqual({
    router: 'function',
    sandbox: 'function',
    redis: 'function',
    modules: out.manifestModules,
    manifestModules: expect.any(Number),
    fromFolder: out.manifestModules,
    senderField: 'senderId',
  });
});

test('CommonJS: require() of the package and a subpath (one shared instance)', () => {
  folder('cjs', { 'index.cjs': cjsScript });
  expectSentAndSeen(consumer.run('cjs/index.cjs'));
});

test('strict TypeScript, nodenext, ESM: compiles, runs, and refuses a wrong module id, field or missing text.body', () => {
  const dir = folder('ts-esm', {
    'package.json': '{"type":"module"}',
    'index.ts': esmTypeScript,
    'mistakes.ts': typeErrors,
    'tsconfig.json': tsconfig({ module: 'nodenext', moduleResolution: 'nodenext' }),
  });
  tsc(dir);
  expectSentAndSeen(consumer.run('ts-esm/out/index.js'));
});

test('strict TypeScript, nodenext, CommonJS: compiles and runs', () => {
  const dir = folder('ts-cjs', { 'package.json': '{"type":"commonjs"}', 'index.ts': cjsTypeScript, 'tsconfig.json': tsconfig({ module: 'nodenext', moduleResolution: 'nodenext' }) });
  tsc(dir);
  expectSentAndSeen(consumer.run('ts-cjs/out/index.js'));
});

test('strict TypeScript, bundler resolution: compiles, runs, and refuses the same mistakes', () => {
  const dir = folder('ts-bundler', {
    'package.json': '{"type":"module"}',
    'index.ts': esmTypeScript,
    'mistakes.ts': typeErrors,
    'tsconfig.json': tsconfig({ module: 'preserve', moduleResolution: 'bundler' }),
  });
  tsc(dir);
  expectSentAndSeen(consumer.run('ts-bundler/out/index.js'));
});

test("strict TypeScript that loads no @types of its own (the default from TypeScript 6.0): the types still find node's", () => {
  const dir = folder('ts-no-types', {
    'package.json': '{"type":"module"}',
    'index.ts': [
      "import { loadConnector, type ExecutionContext } from 'whatsapp-business-cloud-connector';",
      "import { createWebhookHandler } from 'whatsapp-business-cloud-connector/webhook';",
      "import { createSandbox } from 'whatsapp-business-cloud-connector/sandbox';",
      'export const modules: number = Object.keys(loadConnector().modules).length;',
      "export const handler = createWebhookHandler({ verifyToken: 'v', appSecrets: ['s'], onBundles: () => {} });",
      'export type Context = ExecutionContext;',
      'export const sandbox = createSandbox;',
    ].join('\n'),
    'tsconfig.json': tsconfig({ module: 'nodenext', moduleResolution: 'nodenext', types: [], noEmit: true }),
  });
  tsc(dir);
});

test('every TypeScript snippet of the README compiles against the installed package (strict, nodenext)', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const snippets = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  expect(snippets.length).toBeGreaterThanOrEqual(4);
  // Each snippet is a module of its own (top-level await, its own imports), as a reader would paste it.
  const files = Object.fromEntries(snippets.map((code, i) => [`readme-${i + 1}.ts`, `${code}\nexport {};\n`]));
  const dir = folder('readme', { 'package.json': '{"type":"module"}', ...files, 'tsconfig.json': tsconfig({ module: 'nodenext', moduleResolution: 'nodenext', noEmit: true }) });
  tsc(dir);
});

test('an esbuild bundle (ESM and CommonJS output) runs from an empty folder', () => {
  const dir = folder('bundle', { 'esm.mjs': esmScript, 'cjs.cjs': cjsScript });
  const esbuild = join(consumer.dir, 'node_modules/.bin/esbuild');
  execFileSync(esbuild, ['esm.mjs', '--bundle', '--platform=node', '--format=esm', '--outfile=out/bundle.mjs', '--log-level=error'], { cwd: dir });
  execFileSync(esbuild, ['cjs.cjs', '--bundle', '--platform=node', '--format=cjs', '--outfile=out/bundle.cjs', '--log-level=error'], { cwd: dir });
  const empty = mkdtempSync(join(tmpdir(), 'wabc-bundle-run-'));
  try {
    for (const file of ['bundle.mjs', 'bundle.cjs']) {
      copyFileSync(join(dir, 'out', file), join(empty, file));
      expectSentAndSeen(execFileSync(process.execPath, [file], { cwd: empty, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }));
    }
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('publint and arethetypeswrong find no problem in the tarball', () => {
  const bin = (name: string) => join(REPO_ROOT, 'node_modules/.bin', name);
  const publint = execFileSync(bin('publint'), ['run', tarball, '--strict'], { encoding: 'utf8' });
  expect(publint).toMatch(/All good/);
  const attw = execFileSync(bin('attw'), [tarball, '--format', 'json'], { encoding: 'utf8' });
  const report = JSON.parse(attw) as { analysis: { problems: unknown[] } };
  expect(report.analysis.problems).toEqual([]);
});
