/**
 * Descriptors are data checked at load time: a broken file in a copy of the package fails
 * loadConnector({ root }) with a message naming the file and the JSON path; the generated types
 * match a fresh generation from the descriptor schema.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescriptorError, loadConnector } from '../../src/runtime/runtime.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { useDescriptorCopy } from '../helpers/descriptor-copy.js';

const ROOT = REPO_ROOT;
const copy = useDescriptorCopy();
const edit = copy.edit;

function loadError(): DescriptorError {
  try {
    loadConnector({ root: copy.root });
  } catch (error) {
    expect(error).toBeInstanceOf(DescriptorError);
    return error as DescriptorError;
  }
  throw new Error('the broken descriptor was accepted');
}

test('the unbroken copy loads', () => {
  expect(Object.keys(loadConnector({ root: copy.root }).modules)).toContain('send-message');
});

test.each<[string, string, (json: Record<string, any>) => void, RegExp]>([
  ['an unknown HTTP method', 'modules/send-message.json', (j) => (j.communication.method = 'FETCH'), /modules\/send-message\.json.*communication.*method/],
  ['an unknown field type', 'modules/send-template-message.json', (j) => (j.expect[1].type = 'colour'), /modules\/send-template-message\.json.*expect.*1.*type/],
  ['a required key removed', 'rpcs/list-senders.json', (j) => delete j.communication, /rpcs\/list-senders\.json.*communication/],
  ['an unclosed template', 'rpcs/list-templates.json', (j) => (j.communication.url = '/{{connection.wabaId/message_templates'), /rpcs\/list-templates\.json.*communication.*url/],
  ['a template reaching for __proto__', 'rpcs/template-fields.json', (j) => (j.communication.qs.name = '{{parameters.__proto__}}'), /rpcs\/template-fields\.json.*communication.*qs.*name/],
  ['an unknown template function', 'modules/send-message.json', (j) => (j.communication.body.to = '{{evalJs(parameters.to)}}'), /modules\/send-message\.json.*communication.*body.*to/],
  ['a wrong type in the connection', 'connection/whatsapp.json', (j) => (j.parameters = 'token'), /connection\/whatsapp\.json.*parameters/],
  ['an unknown key in the manifest base', 'connector.manifest.json', (j) => (j.base.retries = 3), /connector\.manifest\.json.*base/],
])('%s fails the load, naming the file and the JSON path', (_title, file, change, expected) => {
  edit(file, change);
  expect(loadError().message).toMatch(expected);
});

test('a file that is not JSON is named', () => {
  writeFileSync(join(copy.root, 'modules/send-message.json'), '{ "label": "Send a Message", ');
  expect(loadError().message).toMatch(/modules\/send-message\.json/);
});

test('a module the manifest lists but no file holds is named', () => {
  edit('connector.manifest.json', (j) => j.modules.push('send-fax'));
  expect(loadError().message).toMatch(/send-fax/);
});

test('every problem is reported at once', () => {
  edit('modules/send-message.json', (j) => (j.communication.method = 'FETCH'));
  edit('rpcs/list-senders.json', (j) => (j.communication.url = '/{{connection.wabaId'));
  const error = loadError();
  expect(error.problems.length).toBeGreaterThanOrEqual(2);
  expect(error.message).toMatch(/send-message\.json/);
  expect(error.message).toMatch(/list-senders\.json/);
});

test('the checked-in generated types match a fresh generation (gen-types --check)', () => {
  const result = spawnSync(process.execPath, ['scripts/gen-types.mjs', '--check'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
});

test('the set built into the package is the folder, every check passed: loading it unchecked is safe', () => {
  // loadConnector() trusts the embedded set because the build checked the same files (check-descriptors).
  const embedded = loadConnector();
  const checked = loadConnector({ root: REPO_ROOT });
  expect(JSON.parse(JSON.stringify({ modules: embedded.modules, rpcs: embedded.rpcs, webhooks: embedded.webhooks, connection: embedded.connection, manifest: embedded.manifest }))).toEqual(
    JSON.parse(JSON.stringify({ modules: checked.modules, rpcs: checked.rpcs, webhooks: checked.webhooks, connection: checked.connection, manifest: checked.manifest })),
  );
});

test('the build refuses a descriptor folder that fails a check', () => {
  edit('modules/send-message.json', (j) => (j.moduleType = 'sender'));
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/check-descriptors.mjs'), copy.root], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/modules\/send-message\.json: \$\.moduleType/);
});

// A request with no url would call the Graph root with the token: the descriptor schema refuses it.
test('a request without url nor x-extends fails the load, naming the file', () => {
  edit('rpcs/list-senders.json', (j) => delete j.communication.url);
  expect(() => loadConnector({ root: copy.root })).toThrow(/rpcs\/list-senders\.json.*communication/);
});
