/**
 * nock 14 (through @mswjs/interceptors) replaces node:http's and node:https's request functions when a
 * test file imports it, and those modules are shared by every test file jest runs in the same worker:
 * a later file's real local servers (receiver, streaming, sandbox) would then talk through nock's mock
 * socket, which buffers bodies and turned early-closed uploads into EPIPE/ECONNRESET flakes. Each file
 * puts back what it found.
 */
import http from 'node:http';
import https from 'node:https';

const saved = [
  [http, { request: http.request, get: http.get, ClientRequest: http.ClientRequest }],
  [https, { request: https.request, get: https.get }],
] as const;

afterAll(() => {
  for (const [module, functions] of saved) Object.assign(module, functions);
});
