/**
 * The shared bench harness: interleaved rounds, medians with their spread, CPU per operation, and a
 * server started in its own process (so its work never counts against what is measured).
 *
 * Rules every benchmark here follows: each figure is a ratio against a baseline measured in the same
 * run, in rounds that alternate their order (the machine's load drifts; neither side always runs first);
 * the median of at least five rounds is reported with its spread; nothing forces a garbage collection.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The `wabc` an installed package runs (package.json "bin"), not one of the files it is built from. */
export const wabcBin = fileURLToPath(new URL(`../../${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).bin.wabc}`, import.meta.url));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** min, max and the half-range relative to the median (±%). */
export function spread(values) {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const m = median(values);
  return { min, max, relative: m === 0 ? 0 : (max - min) / 2 / Math.abs(m) };
}

export function summary(values) {
  return { median: median(values), ...spread(values), samples: values };
}

/**
 * Runs every case once per round, `rounds` times, alternating the order (forward, then backward), after
 * one unrecorded warm-up round. Each case returns a number (or an object of numbers); `ratios` are
 * computed per round, so a drift of the machine between rounds hits both sides of a ratio alike.
 * Returns { cases: { name: summary | { key: summary } }, ratios: { name: summary } }.
 */
export async function interleave({ rounds = 5, cases, ratios = {}, warmup = true, onRound }) {
  const names = Object.keys(cases);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const ratioSamples = Object.fromEntries(Object.keys(ratios).map((n) => [n, []]));
  if (warmup) for (const name of names) await cases[name]({ warmup: true });
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    const results = {};
    for (const name of order) results[name] = await cases[name]({ warmup: false, round });
    for (const name of names) samples[name].push(results[name]);
    for (const [name, ratio] of Object.entries(ratios)) ratioSamples[name].push(ratio(results));
    onRound?.(round, results);
  }
  const summarise = (list) => (typeof list[0] === 'number' ? summary(list) : Object.fromEntries(Object.keys(list[0]).map((k) => [k, summary(list.map((r) => r[k]))])));
  return {
    cases: Object.fromEntries(names.map((n) => [n, summarise(samples[n])])),
    ratios: Object.fromEntries(Object.entries(ratioSamples).map(([n, list]) => [n, summary(list)])),
  };
}

/**
 * Runs `op(i)` `count` times with `concurrency` in flight; returns the process CPU time per operation
 * (user + system, µs), wall-clock operations per second, and how many failed.
 */
export async function measureOps(op, { count, concurrency = 16 }) {
  let next = 0;
  let failures = 0;
  let firstError;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        try {
          await op(i);
        } catch (error) {
          failures++;
          firstError ??= error;
        }
      }
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpuUsPerOp: (cpu.user + cpu.system) / count, perSecond: (count * 1000) / ms, failures, firstError };
}

/**
 * A case for interleave(): `sends` operations of `op` (at most 1,000 in the warm-up round), `concurrency`
 * in flight; `seen(result, count)` is told what each round made and how many failed. The case's figures
 * are CPU µs and operations per second.
 */
export const sendCase =
  (op, { sends, concurrency, seen }) =>
  async ({ warmup }) => {
    const count = warmup ? Math.min(1000, sends) : sends;
    const r = await measureOps(op, { count, concurrency });
    seen(r, count);
    return { cpuUs: r.cpuUsPerOp, perSecond: r.perSecond };
  };

/**
 * Starts `node <script> [...args]` and waits for its first stdout line, a JSON object with at least
 * `port`. Returns { port, url, info, get(path), post(path, body), stop() }. `launcher`: a command line
 * that ends with the node executable and runs it (valgrind, say), instead of node itself.
 */
export async function startChild(script, args = [], { env, launcher = [process.execPath] } = {}) {
  const [command, ...before] = launcher;
  const child = spawn(command, [...before, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let buffered = '';
  const info = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      child.stdout.off('data', onData);
      try {
        resolve(JSON.parse(buffered.slice(0, newline)));
      } catch (error) {
        reject(new Error(`${script} did not announce itself: ${buffered.slice(0, 200)}`));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
  child.stdout.resume();
  const url = `http://127.0.0.1:${info.port}`;
  return {
    ...info,
    url,
    child,
    async get(path) {
      const res = await fetch(url + path);
      return res.json();
    },
    async post(path, body) {
      const res = await fetch(url + path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
      return res.json();
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}

/** Runs `node <script> [...args]` to its end; returns its exit code, stdout, stderr and last stdout line as JSON. */
export function runNode(script, args = [], { env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop();
      let json;
      try {
        json = last ? JSON.parse(last) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

/** Least-squares slope of [x, y] points; undefined with fewer than two distinct x. */
export function slope(points) {
  if (new Set(points.map(([x]) => x)).size < 2) return undefined;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxy / sxx;
}

/** Peak resident memory of a running child (Linux /proc), sampled until it exits. */
export function watchPeakRss(child, everyMs = 50) {
  let peak = 0;
  const read = async () => {
    try {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
    } catch {
      /* not Linux, or the process is gone */
    }
  };
  const timer = setInterval(read, everyMs);
  void read();
  return {
    stop() {
      clearInterval(timer);
      return peak || undefined;
    },
  };
}

export const fmt = {
  int: (n) => Math.round(n).toLocaleString('en-US'),
  ratio: (n) => `${n.toFixed(2)}×`,
  spread: (s) => `±${(s.relative * 100).toFixed(0)} %`,
  mb: (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`,
};
