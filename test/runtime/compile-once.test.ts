/**
 * The hot path does no work twice: a campaign of one template reads the template's definition once and
 * compiles its variables' validators once, however many messages it sends (counts, never times).
 * The template list answer follows Meta's shape (cloud-api.md §9.1).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConnector, noPacing, type ExecutionContext } from '../../src/runtime/runtime.js';
import { jsonSchemaValidatorCount } from '../../src/runtime/fields/json-schema-check.js';
import { fieldSchemaCount } from '../../src/runtime/fields/primitive-schema.js';

const PHONE_ID = '106540352242922';
const TEMPLATES = {
  data: [
    {
      id: '1',
      name: 'order_update',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} has shipped.', example: { body_text: [['Jasper', '#1']] } }],
    },
  ],
};

interface Graph {
  url: string;
  templateReads: number;
  sent: string[];
  close(): Promise<void>;
}

async function startGraph(): Promise<Graph> {
  const state = { templateReads: 0, sent: [] as string[] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url?.includes('/message_templates')) {
        state.templateReads++;
        res.end(JSON.stringify(TEMPLATES));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { template: { components: Array<{ parameters: Array<{ text: string }> }> } };
      state.sent.push(body.template.components[0].parameters[0].text);
      res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.${state.sent.length}` }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get templateReads() {
      return state.templateReads;
    },
    sent: state.sent,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph.close());

const contextFor = (url: string): ExecutionContext => ({ connection: { accessToken: 'test-token-not-real', wabaId: '102290129340398', graphUrl: url }, pacer: noPacing });

async function sendAll(count: number, concurrency: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await send(next++);
    }),
  );
}

test('5,000 sends of one template: the template list is read once and its variables compile no validator (built with the package)', async () => {
  const connector = loadConnector();
  const ctx = contextFor(graph.url);
  const validatorsBefore = jsonSchemaValidatorCount();
  const fieldSchemasBefore = fieldSchemaCount();
  await sendAll(5000, 16, (i) =>
    connector.execute('send-template-message', { senderId: PHONE_ID, to: '+16315551234', templateId: 'order_update:en_US', body_1: `Customer ${i}`, body_2: `#${i}` }, ctx),
  );
  expect(graph.sent).toHaveLength(5000);
  expect(new Set(graph.sent).size).toBe(5000);
  expect(graph.templateReads).toBe(1);
  // body_1 and body_2 carry the JSON Schema of a template variable's value, compiled when the package was built.
  expect(jsonSchemaValidatorCount() - validatorsBefore).toBe(0);
  // The module's own fields (ten with recipient_type) and the two variable fields: a fixed set, not one per send.
  expect(fieldSchemaCount() - fieldSchemasBefore).toBeLessThan(12);
});

test('a new but equal connection object shares the kept definition; refresh() reads it again', async () => {
  const connector = loadConnector();
  const reads = graph.templateReads;
  const input = { senderId: PHONE_ID, to: '+16315551234', templateId: 'order_update:en_US', body_1: 'Ann', body_2: '#7' };
  await connector.execute('send-template-message', input, contextFor(graph.url));
  await connector.execute('send-template-message', input, contextFor(graph.url));
  expect(graph.templateReads).toBe(reads + 1);
  const ctx = contextFor(graph.url);
  connector.refresh(ctx.connection);
  await connector.execute('send-template-message', input, ctx);
  await connector.execute('send-template-message', input, ctx);
  expect(graph.templateReads).toBe(reads + 2);
  connector.refresh();
  await connector.execute('send-template-message', input, contextFor(graph.url));
  expect(graph.templateReads).toBe(reads + 3);
});

test('each connection keeps its own definitions', async () => {
  const connector = loadConnector();
  const reads = graph.templateReads;
  const input = { senderId: PHONE_ID, to: '+16315551234', templateId: 'order_update:en_US', body_1: 'Ann', body_2: '#7' };
  const other: ExecutionContext = { ...contextFor(graph.url), connection: { accessToken: 'other-token-not-real', wabaId: '102290129340398', graphUrl: graph.url } };
  await connector.execute('send-template-message', input, contextFor(graph.url));
  await connector.execute('send-template-message', input, other);
  await connector.execute('send-template-message', input, other);
  expect(graph.templateReads).toBe(reads + 2);
});
