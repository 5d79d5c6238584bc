/**
 * Cold start: wall time of `wabc modules` vs `node -e 0`, same run, median of N.
 * Reported as a ratio; there is no fixed target in the issue, so it is printed, not enforced.
 * Run: npm run build && node bench/cold-start.mjs
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL, fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

function median(args, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)];
}

export async function run({ n = 9, print = true } = {}) {
  const baseline = median(['-e', '0'], n);
  const wabc = median([bin, 'modules'], n);
  const ratio = wabc / baseline;
  if (print) console.log(`cold start: node -e 0 ${baseline.toFixed(0)} ms, wabc modules ${wabc.toFixed(0)} ms, ratio ${ratio.toFixed(2)}×`);
  return { name: 'cold-start', baselineMs: baseline, wabcMs: wabc, ratio, ok: true };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await run();
