/**
 * The wabc CLI, in-process, against a local Graph stand-in (WHATSAPP_GRAPH_URL): results on stdout,
 * `{"error":…}` on stderr, exit codes 0/1/2, and the token in none of it.
 */
import type { Command } from 'commander';
import { buildProgram, runCli } from '../../src/cli/program.js';
import { createContext } from '../../src/cli/cli-context.js';
import { startGraphServer, memoryIo, type GraphServer } from '../helpers/graph-server.js';
import { TOKEN, WABA, PHONE_ID, assertNoToken } from '../helpers/connection.js';
import { DEFAULT_API_VERSION } from '../../src/runtime/connection.js'; // the CLI runs without WHATSAPP_API_VERSION

let graph: GraphServer;
const env = () => ({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });
const sent = { messaging_product: 'whatsapp', contacts: [{ input: '+16315551234', wa_id: '16315551234' }], messages: [{ id: 'wamid.TEST1' }] };

beforeAll(async () => {
  graph = await startGraphServer();
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.requests.length = 0;
  graph.setHandler(() => ({ json: sent }));
});

async function wabc(args: string[], e: Record<string, string | undefined> = env()) {
  const m = memoryIo(e);
  const code = await runCli(args, m.io);
  assertNoToken(m.stdout());
  assertNoToken(m.stderr());
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

test('modules lists the modules, as a table and as JSON', async () => {
  const table = await wabc(['modules']);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/send-message\s+action/);
  const json = await wabc(['modules', '--json']);
  expect(JSON.parse(json.stdout).map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['send-message', 'send-template-message']));
});

test('describe shows nested fields per option and RPC sources', async () => {
  const r = await wabc(['describe', 'send-message']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('options from rpc://list-senders');
  expect(r.stdout).toMatch(/"text" \(Text\)\n\s+text \(collection, required\)/);
  expect(r.stdout).toContain('body (text, required, ≤ 4096 chars)');
  const unknown = await wabc(['describe', 'nope']);
  expect(unknown.code).toBe(2);
});

test("run send-message puts Meta's body on the wire and prints the result with messageId", async () => {
  const r = await wabc(['run', 'send-message', '--input', JSON.stringify({ senderId: PHONE_ID, to: '+1 (631) 555-1234', type: 'text', text: { body: 'Hello', preview_url: true } })]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ ...sent, messageId: 'wamid.TEST1', waId: '16315551234' });
  expect(graph.requests).toHaveLength(1);
  const [req] = graph.requests;
  expect(req.method).toBe('POST');
  expect(req.path).toBe(`/${DEFAULT_API_VERSION}/${PHONE_ID}/messages`);
  expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
  // cloud-api.md §2.2, Meta's "Send Text Message with Preview URL" example shape
  expect(req.json).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16315551234', type: 'text', text: { body: 'Hello', preview_url: true } });
});

test('a Graph error gives exit code 1 and the error JSON with code, details, trace id and hint', async () => {
  graph.setHandler(() => ({
    status: 400,
    json: {
      error: {
        message: '(#131047) Re-engagement message',
        type: 'OAuthException',
        code: 131047,
        error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
        fbtrace_id: 'AbCdEf123',
      },
    },
  }));
  const r = await wabc(['run', 'send-message', '--input', JSON.stringify({ senderId: PHONE_ID, to: '16315551234', type: 'text', text: { body: 'Hi' } })]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const { error } = JSON.parse(r.stderr);
  expect(error).toMatchObject({ type: 'DataError', code: 131047, fbtraceId: 'AbCdEf123' });
  expect(error.details).toContain('24 hours');
  expect(error.hint).toMatch(/template/);
});

test('invalid input gives exit code 2 naming every bad field, and nothing is sent', async () => {
  const r = await wabc(['run', 'send-message', '--input', JSON.stringify({ senderId: PHONE_ID, to: '(631) 555-1234', type: 'text', text: { body: 'x'.repeat(4097) } })]);
  expect(r.code).toBe(2);
  const { error } = JSON.parse(r.stderr);
  expect(error.type).toBe('ValidationError');
  expect(error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['text.body', 'to']);
  expect(error.fields.find((f: { path: string }) => f.path === 'to').message).toMatch(/country code/);
  expect(graph.requests).toHaveLength(0);
});

test('usage errors exit 2: bad JSON, no connection, unknown module', async () => {
  expect((await wabc(['run', 'send-message', '--input', '{nope'])).code).toBe(2);
  const noConn = await wabc(['run', 'send-message', '--input', '{}'], {});
  expect(noConn.code).toBe(2);
  expect(JSON.parse(noConn.stderr).error.message).toMatch(/WHATSAPP_ACCESS_TOKEN/);
  expect((await wabc(['run', 'nope'])).code).toBe(2);
  expect((await wabc(['frobnicate'])).code).toBe(2);
});

test('a POST /messages answered 500 or dropped is sent exactly once and says it may have been sent', async () => {
  graph.setHandler(() => ({ status: 500, json: { error: { message: '(#131000) Something went wrong', type: 'OAuthException', code: 131000, fbtrace_id: 'T1' } } }));
  const input = JSON.stringify({ senderId: PHONE_ID, to: '16315551234', type: 'text', text: { body: 'Hi' } });
  const r500 = await wabc(['run', 'send-message', '--input', input]);
  expect(r500.code).toBe(1);
  expect(graph.requests).toHaveLength(1);
  expect(JSON.parse(r500.stderr).error).toMatchObject({ code: 131000, maybeSent: true });

  graph.requests.length = 0;
  graph.setHandler(() => ({ destroy: true }));
  const dropped = await wabc(['run', 'send-message', '--input', input]);
  expect(dropped.code).toBe(1);
  expect(graph.requests).toHaveLength(1);
  const { error } = JSON.parse(dropped.stderr);
  expect(error).toMatchObject({ type: 'ConnectionError', maybeSent: true });
  expect(error.message).toMatch(/may have been sent/);
});

test('rpc list-senders returns every sender across pages', async () => {
  graph.setHandler((req) => {
    const after = req.query.get('after');
    const page = after ? Number(after) : 0;
    const data = [{ id: `10${page}`, display_phone_number: `+1 631-555-000${page}`, verified_name: `Shop ${page}` }];
    const paging =
      page < 2 ? { cursors: { before: 'b', after: String(page + 1) }, next: `https://graph.facebook.com/v23.0/${WABA}/phone_numbers?after=${page + 1}` } : { cursors: { before: 'b', after: 'z' } };
    return { json: { data, paging } };
  });
  const r = await wabc(['rpc', 'list-senders']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual([
    { label: '+1 631-555-0000 — Shop 0', value: '100' },
    { label: '+1 631-555-0001 — Shop 1', value: '101' },
    { label: '+1 631-555-0002 — Shop 2', value: '102' },
  ]);
  expect(graph.requests.map((q) => q.query.get('after'))).toEqual([null, '1', '2']);
});

test('connection test names what is wrong: the token, the WABA, or a permission', async () => {
  graph.setHandler((req) =>
    req.path.endsWith('/me')
      ? { json: { id: '1' } }
      : { status: 400, json: { error: { message: "Unsupported get request. Object with ID '1' does not exist", type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'X' } } },
  );
  const r = await wabc(['connection', 'test']);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('✓ Access token');
  expect(r.stdout).toMatch(/✗ WhatsApp Business Account: the WhatsApp Business Account ID is wrong, or the account is not shared/);

  graph.setHandler(() => ({ status: 401, json: { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, fbtrace_id: 'Y' } } }));
  const expired = await wabc(['connection', 'test']);
  expect(expired.stdout).toMatch(/✗ Access token: the access token is invalid or expired/);
});

/** Every command and subcommand, as the words that name it, from the whole command tree. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])]);
}

// Walked from the tree, not listed by hand, so a new command or subcommand cannot be left out.
test.each([[], ...commandPaths(buildProgram(createContext(memoryIo().io)))].map((path) => [['wabc', ...path].join(' ')]))('%s --help has examples', async (command) => {
  const r = await wabc([...command.split(' ').slice(1), '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Usage: wabc/);
  expect(r.stdout.split('\nExamples:\n')[1]).toMatch(/^ {2}\$ wabc /m);
});

test('download-media: --out is where the file goes; an input destination elsewhere is refused, nothing fetched', async () => {
  const r = await wabc(['run', 'download-media', '--input', JSON.stringify({ mediaId: '1037543291543636', destination: '/tmp/elsewhere/' }), '--out', './downloads/']);
  expect(r.code).toBe(2);
  expect(JSON.parse(r.stderr).error.message).toMatch(/give the destination once: --out \.\/downloads\/ or "destination" in the input/);
  expect(graph.requests).toHaveLength(0);
});
