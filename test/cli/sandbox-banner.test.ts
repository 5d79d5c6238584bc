/** `wabc sandbox` names every seeded number when it starts, and so does its --help. */
import { runCli } from '../../src/cli/program.js';
import { SEED_IDS } from '../../src/sandbox.js';
import { memoryIo } from '../helpers/graph-server.js';
import { wabc } from '../helpers/wabc-process.js';

const numbers = Object.entries(SEED_IDS)
  .filter(([name]) => name.endsWith('Number'))
  .map(([, id]) => id);

test('the start-up lines name every seeded number', async () => {
  expect(numbers.length).toBeGreaterThanOrEqual(4);
  const sandbox = wabc(['sandbox', '--port', '0']);
  try {
    await sandbox.waitFor(/Ctrl-C stops it/, 'the sandbox to start');
    for (const id of numbers) expect(sandbox.stderr()).toContain(id);
  } finally {
    sandbox.child.kill('SIGINT');
    await sandbox.ended;
  }
});

test('--help lists as many seeded numbers', async () => {
  const m = memoryIo();
  await runCli(['sandbox', '--help'], m.io);
  const seeded = /Seeded: ([\s\S]*?), approved templates/.exec(m.stdout())?.[1] ?? '';
  expect(seeded.match(/number/g)).toHaveLength(numbers.length);
});
