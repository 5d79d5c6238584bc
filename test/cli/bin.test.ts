/** The built executable itself (npm test builds dist/ first): a real process, real exit codes. */
import { spawnSync } from 'node:child_process';
import { TOKEN, assertNoToken } from '../helpers/connection.js';
import { builtFile } from '../helpers/build.js';

const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [builtFile(), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 });
  assertNoToken(r.stdout);
  assertNoToken(r.stderr);
  return r;
};

test('wabc modules runs as a process and exits 0', () => {
  const r = run(['modules', '--json']);
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout).length).toBeGreaterThanOrEqual(2);
});

test('invalid input exits 2 with the error JSON on stderr and nothing on stdout', () => {
  const r = run(['run', 'send-message', '--input', '{"type":"text"}'], { WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: '1', WHATSAPP_GRAPH_URL: 'http://127.0.0.1:9' });
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(JSON.parse(r.stderr).error.type).toBe('ValidationError');
});
