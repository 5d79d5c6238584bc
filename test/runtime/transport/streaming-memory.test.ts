/**
 * Memory of a large upload and download, measured in a process of its own (bench/memory.mjs): inside a
 * jest worker, another test file's nock may still intercept node:http and buffer bodies, which would
 * measure nock, not us. Needs the build (npm test builds first).
 */
import { spawn } from 'node:child_process';
import { builtFile } from '../../helpers/build.js';

test('a 48 MB upload and download are streamed: memory grows far less than the file', async () => {
  builtFile('dist/src/runtime/runtime.js');
  const child = spawn(process.execPath, ['bench/memory.mjs'], { env: { ...process.env, BENCH_MB: '48', NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  for (const module of ['upload-media', 'download-media']) {
    const m = new RegExp(`${module} 48 MB: peak RSS growth ([\\d.]+) MB .*Buffer memory \\+([\\d.]+) MB`).exec(out);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(40); // the whole file would be 48 MB (twice that with a copy)
    expect(Number(m![2])).toBeLessThan(20);
  }
}, 60_000);
