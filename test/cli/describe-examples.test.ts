/**
 * Every example `wabc describe` prints runs as printed against a fresh sandbox (in-process), each
 * module's examples in their order. An example that needs more than the sandbox's seed says so in its
 * descriptor (`needs`); this test knows those and provides what they need first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { describeModule } from '../../src/cli/commands/describe-action.js';
import { loadConnector } from '../../src/runtime/runtime.js';
import { createSandbox, type Sandbox } from '../../src/sandbox.js';
import { memoryIo } from '../helpers/graph-server.js';
import { shellWords } from '../helpers/shell.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const customerWrote = (sandbox: Sandbox) => void sandbox.inbound({ from: '+16315551234', type: 'text', text: { body: 'Hi' } });
const fileHere = (name: string, bytes: string | Buffer) => () => writeFileSync(name, bytes);

/** The examples with a `needs`, by "module: title", and how the test provides it. */
const NEEDS: Record<string, (sandbox: Sandbox) => void> = {
  'send-message: Text with link preview': customerWrote,
  'send-message: Image by link with caption': customerWrote,
  'send-message: Reply buttons': customerWrote,
  'send-message: Reaction': customerWrote,
  'block-users: A customer who wrote today': customerWrote,
  'upload-media: A PDF from disk': fileHere('invoice.pdf', '%PDF-1.4\n%%EOF\n'),
  'update-business-profile: New picture': fileHere('logo.png', PNG),
};

const connector = loadConnector();
const modules = Object.entries(connector.modules).filter(([, m]) => m['x-examples']?.length);
const home = process.cwd();
let dir: string;

// Relative paths in an input (./invoice.pdf, ./downloads/) are read and written where the user stands.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wabc-examples-'));
  process.chdir(dir);
});
afterAll(() => {
  process.chdir(home);
  rmSync(dir, { recursive: true, force: true });
});

test('the examples that need more than the seed are the ones this test provides for', () => {
  const needing = modules.flatMap(([id, m]) => m['x-examples']!.filter((ex) => ex.needs).map((ex) => `${id}: ${ex.title}`));
  expect(needing.sort()).toEqual(Object.keys(NEEDS).sort());
});

test.each(modules.map(([id]) => id))('%s: every example runs as printed', async (id) => {
  const sandbox = await createSandbox({ statusDelaysMs: { delivered: 0, read: 0 } });
  try {
    const lines = describeModule(id, connector.modules[id]).split('\n');
    for (const ex of connector.modules[id]['x-examples']!) {
      NEEDS[`${id}: ${ex.title}`]?.(sandbox);
      const line = lines[lines.indexOf(`Example — ${ex.title}:`) + 1];
      const m = memoryIo(sandbox.env);
      const code = await runCli(shellWords(line), m.io);
      expect({ example: ex.title, code, stderr: m.stderr() }).toEqual({ example: ex.title, code: 0, stderr: '' });
      // A partial failure (users Meta could not block) is no success either.
      expect(JSON.parse(m.stdout()).failed_users ?? []).toEqual([]);
    }
  } finally {
    await sandbox.close();
  }
});
