/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run, as ratios.
 * Exits 1 when a target is missed. Results are also written to bench/results.json for docs/benchmarks.md.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { run as runtimeOverhead } from './runtime-overhead.mjs';
import { run as pacedBatch } from './paced-batch.mjs';
import { spawnSync } from 'node:child_process';
import { run as webhook } from './webhook.mjs';
import { run as coldStart } from './cold-start.mjs';

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
console.log(`machine: ${machine}\n`);
const results = [];
for (const [name, fn] of [
  ['runtime overhead', () => runtimeOverhead()],
  ['paced batch', () => pacedBatch()],
  // Memory is measured in a fresh process: the other benchmarks' heaps would blur the RSS baseline.
  ['memory', () => {
    const r = spawnSync(process.execPath, [new URL('./memory.mjs', import.meta.url).pathname], { encoding: 'utf8' });
    process.stdout.write(r.stdout + r.stderr);
    return { ok: r.status === 0, output: r.stdout.trim() };
  }],
  ['webhook receiver', () => webhook()],
  ['cold start', () => coldStart()],
]) {
  console.log(`— ${name}`);
  try {
    const r = await fn();
    results.push({ name, ok: r.ok !== false, result: r });
  } catch (error) {
    console.log(`  failed: ${error.message}`);
    results.push({ name, ok: false, error: error.message });
  }
  console.log('');
}
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ machine, at: new Date().toISOString(), results }, null, 2));
const missed = results.filter((r) => !r.ok).map((r) => r.name);
console.log(missed.length ? `targets missed: ${missed.join(', ')}` : 'all targets met');
process.exitCode = missed.length ? 1 : 0;
