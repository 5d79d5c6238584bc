/**
 * The pacer knows no Meta error code: the manifest's error table says which answers are throttles and
 * what each holds back (`holds`: pair, sender or app), and the transport passes that on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConnector, type HoldScope, type Pacer, type PaceKey } from '../../../src/index.js';
import { startGraphServer, type GraphServer } from '../../helpers/graph-server.js';
import { TOKEN, WABA, PHONE_ID } from '../../helpers/connection.js';
import { REPO_ROOT as repoRoot } from '../../helpers/repo-root.js';

let graph: GraphServer;
beforeAll(async () => {
  graph = await startGraphServer();
});
afterAll(() => graph.close());

test('no Meta error code is written in the pacing sources', () => {
  const dir = join(repoRoot, 'src/runtime/pacing');
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    expect({ file, codes: text.match(/\b(80007|13\d{4})\b|\bcode\b/g) ?? [] }).toEqual({ file, codes: [] });
  }
});

test('every throttle in the error table says what it holds', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'connector.manifest.json'), 'utf8')) as { base: { response: { 'x-errors': Record<string, { throttle?: boolean; holds?: string }> } } };
  const throttles = Object.entries(manifest.base.response['x-errors']).filter(([, rule]) => rule.throttle);
  expect(Object.fromEntries(throttles.map(([code, rule]) => [code, rule.holds]))).toEqual({ '4': 'app', '80007': 'sender', '130429': 'sender', '131056': 'pair' });
});

test.each([
  [131056, 'pair'],
  [130429, 'sender'],
  [4, 'app'],
] as const)('a %s answer holds the %s, as the table says', async (code, holds) => {
  const seen: Array<[PaceKey, HoldScope]> = [];
  const pacer: Pacer = { acquire: async () => undefined, succeeded: () => undefined, penalise: (key, scope) => void seen.push([key, scope]) };
  let calls = 0;
  graph.setHandler(() => (++calls === 1 ? { status: 400, json: { error: { code, message: 'slow down' } } } : { json: { messages: [{ id: 'wamid.1' }] } }));
  const connector = loadConnector();
  await connector.executeDynamic(
    'send-message',
    { senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'hi' } },
    { connection: { accessToken: TOKEN, wabaId: WABA, graphUrl: graph.url }, pacer, transport: { sleep: async () => undefined } },
  );
  expect(seen).toEqual([[{ senderId: PHONE_ID, recipient: '+16315551234' }, holds]]);
});
