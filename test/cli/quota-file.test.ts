/**
 * `wabc run --quota-file`: local quotas survive between runs, so a second edit of an approved template in
 * another `wabc run` is refused before it reaches Meta, with the time left (docs/templates.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { createSandbox, SEED_IDS, type Sandbox } from '../../src/sandbox.js';
import { memoryIo } from '../helpers/graph-server.js';

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await createSandbox({ templateReviewMs: 60_000 });
  dir = mkdtempSync(join(tmpdir(), 'quota-'));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function edit(text: string) {
  const m = memoryIo({ ...sandbox.env, WABC_QUOTA_FILE: join(dir, 'quotas.json') });
  const input = { id: SEED_IDS.orderUpdateTemplate, components: [{ type: 'BODY', text, example: { body_text: [['Ana', '#9']] } }] };
  const code = await runCli(['run', 'edit-template', '--input', JSON.stringify(input)], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

test('the second run is refused locally with the time left', async () => {
  expect((await edit('Hi {{1}}, order {{2}} is on its way.')).code).toBe(0);
  await fetch(`${sandbox.url}/_sandbox/templates/review`, { method: 'POST' });
  // Reset the sandbox's own count: only the local quota can refuse now.
  sandbox.state.account.templateRecords.clear();
  const second = await edit('Hi {{1}}, order {{2}} left.');
  expect(second.code).toBe(1);
  expect(second.stderr).toMatch(/edited too recently \(1 per 24 h, 10 per 30 d\): try again in 2[34] h/);
});
