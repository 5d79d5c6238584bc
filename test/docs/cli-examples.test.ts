/**
 * Every CLI example in the README and in `--help` runs as written against the offline sandbox: each line
 * is run by bash with the built `wabc` on PATH, in a folder holding the repository's examples/ (the files
 * the README's lines name, as a fresh clone has them), with the environment `wabc sandbox` tells a reader
 * to export and the `export` lines that come before it in the same example block. `--help` names the
 * files as the reader's own (invoice.pdf, customers.csv, statuses.ndjson): its test puts the same samples
 * beside it. A command that serves (webhook serve,
 * sandbox) must come up and stop cleanly on Ctrl-C; every other command must exit 0.
 */
import { jest } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '../../src/sandbox.js';
import { builtFile } from '../helpers/build.js';
import { REPO_ROOT } from '../helpers/repo-root.js';

// Every example is a process of its own (the queued-batch ones several): minutes on a loaded machine.
jest.setTimeout(240_000);

interface Example {
  source: string;
  command: string;
  /** `export` lines before it in its block: a reader has run them by then. */
  exports: string[];
}

/** Lines of ```sh blocks that run wabc (or set its environment); trailing comments are bash's business. */
function readmeExamples(): Example[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const out: Example[] = [];
  for (const block of readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const exports: string[] = [];
    for (const raw of block[1].split('\n')) {
      const line = raw.trim();
      if (line.startsWith('export ')) exports.push(line);
      else if (/^wabc\s/.test(line)) out.push({ source: 'README', command: line, exports: [...exports] });
    }
  }
  return out;
}

/** Every command path of the CLI (`run`, `webhook serve`, …), read from the top-level and nested help. */
function commandPaths(bin: string, prefix: string[] = []): string[][] {
  const help = spawnSync(process.execPath, [bin, ...prefix, '--help'], { encoding: 'utf8' }).stdout;
  const section = help.split(/^Commands:$/m)[1] ?? '';
  const names = [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]).filter((n) => n !== 'help');
  return [prefix, ...names.flatMap((n) => commandPaths(bin, [...prefix, n]))];
}

/** `  $ …` lines of every command's --help. */
function helpExamples(bin: string): Example[] {
  const out: Example[] = [];
  for (const path of commandPaths(bin)) {
    const help = spawnSync(process.execPath, [bin, ...path, '--help'], { encoding: 'utf8' }).stdout;
    const exports: string[] = [];
    for (const m of help.matchAll(/^ {2}\$ (.+)$/gm)) {
      const line = m[1].trim();
      if (line.startsWith('export ')) exports.push(line);
      else out.push({ source: `wabc ${path.join(' ')} --help`.replace(/ {2}/g, ' '), command: line, exports: [...exports] });
    }
  }
  return out;
}

const SERVES = /^wabc (webhook serve|sandbox|playground)(\s+(?!say\b|allow\b)|$)/;

let sandbox: Sandbox;
let dir: string;
let env: NodeJS.ProcessEnv;

// Each test runs in a fresh folder, as a reader trying the examples for the first time would.
beforeEach(async () => {
  const bin = builtFile();
  dir = mkdtempSync(join(tmpdir(), 'wabc-examples-'));
  writeFileSync(join(dir, 'wabc'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  chmodSync(join(dir, 'wabc'), 0o755);
  cpSync(join(REPO_ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  sandbox = await createSandbox({ statusDelaysMs: { delivered: 5, read: 10 } });
  // The sandbox's env lines, and the README's own `export` lines: a reader who followed it has both.
  const readmeExports = Object.fromEntries(
    readmeExamples()
      .flatMap((e) => e.exports)
      .flatMap((line) => [...line.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]])),
  );
  env = { PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir, ...sandbox.env, ...readmeExports };
});

afterEach(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function script(example: Example): string {
  return [...example.exports, example.command].join('\n');
}

/** Runs a command to its end (asynchronously: the sandbox answering it lives in this process). */
function runOnce(example: Example): Promise<{ status: number | null; output: string }> {
  const child = spawn('bash', ['-c', script(example)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    }),
  );
}

/** Starts a serving command, waits until it says where it listens, then stops it with Ctrl-C (SIGINT). */
async function serveOnce(example: Example): Promise<{ status: number | null; output: string }> {
  const child = spawn('bash', ['-c', `${example.exports.join('\n')}\nexec ${example.command}`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  const up = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 15_000);
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening|http:\/\/127\.0\.0\.1:\d+/.test(output)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  const started = await up;
  if (child.exitCode === null) child.kill('SIGINT');
  const status = await exited;
  return { status: started ? status : -1, output };
}

/** Runs the examples in their order; the serving ones first, then a receiver on port 3000 for the rest. */
async function runAll(examples: Example[]): Promise<string[]> {
  const failures: string[] = [];
  const record = (e: Example, r: { status: number | null; output: string }) => {
    if (r.status !== 0) failures.push(`${e.source}: ${e.command}\n  exit ${r.status}: ${r.output.trim().split('\n').slice(-3).join('\n  ')}`);
  };
  for (const e of examples.filter((x) => SERVES.test(x.command))) record(e, await serveOnce(e));
  // `webhook subscribe --callback-url http://127.0.0.1:3000/webhook` needs a receiver there, as the README has.
  const receiver = spawn('bash', ['-c', 'exec wabc webhook serve --port 3000 --verify-token my-verify-token'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the receiver on port 3000 did not start: ${out}`)), 15_000);
    const seen = (c: Buffer) => {
      out += c.toString();
      if (/listening/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    receiver.stdout.on('data', seen);
    receiver.stderr.on('data', seen);
  });
  try {
    // The customer the examples write to has written first (the README's flow starts with that).
    sandbox.inbound({ from: '+16315551234', text: { body: 'Hi' } });
    for (const e of examples.filter((x) => !SERVES.test(x.command))) record(e, await runOnce(e));
  } finally {
    const gone = new Promise((resolve) => receiver.on('exit', resolve));
    if (receiver.exitCode === null) receiver.kill('SIGINT');
    await gone;
  }
  return failures;
}

test('every wabc line of the README runs as written against the sandbox', async () => {
  const examples = readmeExamples();
  expect(examples.length).toBeGreaterThanOrEqual(14);
  expect(await runAll(examples)).toEqual([]);
});

test('every example of every --help runs as written against the sandbox', async () => {
  for (const file of readdirSync(join(dir, 'examples'))) cpSync(join(dir, 'examples', file), join(dir, file));
  const examples = helpExamples(builtFile());
  expect(examples.length).toBeGreaterThanOrEqual(20);
  expect(examples.filter((e) => !/^wabc\s/.test(e.command))).toEqual([]);
  expect(await runAll(examples)).toEqual([]);
});
