/**
 * A chain of requests: a request followed by one that always runs gives `temp` only — its output would
 * be replaced, so it is not computed — while one followed only by conditional requests still gives the
 * output when they are skipped.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCommunication, type RunContext } from '../../src/runtime/communication/run-communication.js';
import { ResponseCache } from '../../src/runtime/communication/response-cache.js';
import { silentLogger } from '../../src/runtime/logger.js';
import type { Communication } from '../../src/runtime/generated/descriptor.js';

let server: http.Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url?.startsWith('/v1/list') ? { data: [{ id: 'a' }] } : { ok: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(
  () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(r);
    }),
);

const calls: string[] = [];
const context = (parameters: Record<string, unknown> = {}): RunContext => ({
  parameters,
  connection: {},
  transport: { errorTable: {}, timeoutMs: 5000, logger: silentLogger },
  getCache: new ResponseCache(),
  expressions: {
    functions: {
      traced: (v: unknown) => {
        calls.push('output');
        return v;
      },
    },
  },
  baseHeaders: {},
  policy: { base, mediaHosts: [] },
});

beforeEach(() => {
  seen.length = 0;
  calls.length = 0;
});

test('the output of a request that a later, unconditional one replaces is not computed; its temp is kept', async () => {
  const comm: Communication = [
    { url: '/list', method: 'GET', response: { temp: { first: '{{first(body.data).id}}' }, output: '{{traced(body)}}' } },
    { url: '/send', method: 'POST', body: { id: '{{temp.first}}' }, response: { output: { sent: '{{temp.first}}' } } },
  ];
  await expect(runCommunication(comm, context())).resolves.toEqual({ output: { sent: 'a' } });
  expect(seen).toEqual(['GET /v1/list', 'POST /v1/send']);
  expect(calls).toEqual([]);
});

test('followed only by a request whose condition is false, the earlier output is the result', async () => {
  const comm: Communication = [
    { url: '/list', method: 'GET', response: { output: '{{traced(first(body.data).id)}}' } },
    { url: '/send', method: 'POST', condition: '{{parameters.go}}', body: {} },
  ];
  await expect(runCommunication(comm, context({ go: false }))).resolves.toEqual({ output: 'a' });
  expect(seen).toEqual(['GET /v1/list']);
  expect(calls).toEqual(['output']);
});
