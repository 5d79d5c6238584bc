/**
 * What a consumer of the published package writes: one script body, run as plain ESM, as CommonJS, as
 * strict TypeScript (nodenext and bundler resolution) and as an esbuild bundle. Each sends a text
 * message through `execute` against `createSandbox()` and waits for its status webhook, received by
 * `createWebhookRouter` on a bare node:http server, and prints one JSON line the test reads. The one
 * type annotation a strict compiler needs is written only into the TypeScript forms.
 */
const body = (ts: boolean) => `
const appSecret = 'consumer-app-secret-0123456789';
const verifyToken = 'consumer-verify-token';
const statuses${ts ? ': EventBundle[]' : ''} = [];
const router = createWebhookRouter({
  verifyToken,
  appSecrets: [appSecret],
  onBundles: (bundles) => {
    for (const bundle of bundles) if (bundle.type === 'status') statuses.push(bundle);
  },
});
const receiver = http.createServer((req, res) => router(req, res));
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = receiver.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
const sandbox = await createSandbox({ callbackUrl: 'http://127.0.0.1:' + port + '/', verifyToken, appSecret, statusDelaysMs: { delivered: 5, read: 10 } });
const customer = '+15550100101';
sandbox.inbound({ from: customer, text: { body: 'Hi' } });
const connector = loadConnector();
const connection = { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl };
const sent = await connector.execute('send-message', {
  senderId: sandbox.phoneNumbers.registered.id,
  to: customer,
  type: 'text',
  text: { body: 'Hello from a consumer' },
}, { connection });
const deadline = Date.now() + 10000;
while (!statuses.some((s) => s.status !== undefined && s.status.id === sent.messageId)) {
  if (Date.now() > deadline) throw new Error('no status webhook for ' + sent.messageId);
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const seen = statuses.filter((s) => s.status !== undefined && s.status.id === sent.messageId).map((s) => s.statusValue);
console.log(JSON.stringify({ messageId: sent.messageId, statuses: seen, modules: Object.keys(connector.modules).length }));
await sandbox.close();
receiver.close();
`;

const esm = (ts: boolean) => `import http from 'node:http';
import { loadConnector, createWebhookRouter, createSandbox${ts ? ', type EventBundle' : ''} } from 'whatsapp-business-cloud-connector';
${body(ts)}`;

/** An ES module. */
export const esmScript = esm(false);
/** The same in TypeScript. */
export const esmTypeScript = esm(true);

/** The subpaths, imported on their own. */
export const subpathScript = `import { createWebhookRouter } from 'whatsapp-business-cloud-connector/webhook';
import { createSandbox } from 'whatsapp-business-cloud-connector/sandbox';
import { descriptors, loadDescriptorSet } from 'whatsapp-business-cloud-connector/descriptors';
import manifest from 'whatsapp-business-cloud-connector/connector.manifest.json' with { type: 'json' };
import sender from 'whatsapp-business-cloud-connector/fields/sender.json' with { type: 'json' };
import { fileURLToPath } from 'node:url';
// The descriptor files the package ships, read as a folder: shared fields/ included.
const fromFolder = loadDescriptorSet(fileURLToPath(new URL('.', import.meta.resolve('whatsapp-business-cloud-connector/package.json'))));
console.log(JSON.stringify({ router: typeof createWebhookRouter, sandbox: typeof createSandbox, modules: Object.keys(descriptors.modules).length, manifestModules: manifest.modules.length, fromFolder: Object.keys(fromFolder.modules).length, senderField: sender.senderId.name }));
`;

/** A CommonJS script: require() of the package, the body in an async function. */
export const cjsScript = `'use strict';
const http = require('node:http');
const { loadConnector, createWebhookRouter, createSandbox } = require('whatsapp-business-cloud-connector');
const { createWebhookRouter: fromSubpath } = require('whatsapp-business-cloud-connector/webhook');
if (fromSubpath !== createWebhookRouter) throw new Error('the subpath and the root export differ');
(async () => {${body(false)}})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** The same as TypeScript under CommonJS (module nodenext in a package without "type": "module"). */
export const cjsTypeScript = `import http = require('node:http');
import wabc = require('whatsapp-business-cloud-connector');
const { loadConnector, createWebhookRouter, createSandbox } = wabc;
type EventBundle = wabc.EventBundle;
async function main() {${body(true)}}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** Lines that must not compile: each a mistake a strict consumer is protected from. */
export const typeErrors = `import { loadConnector } from 'whatsapp-business-cloud-connector';
const connector = loadConnector();
const ctx = { connection: { accessToken: 'x', wabaId: '1' } };
// @ts-expect-error a misspelled module id
void connector.execute('send-mesage', { senderId: '1', to: '+15550100101', type: 'text', text: { body: 'Hi' } }, ctx);
// @ts-expect-error a misspelled field
void connector.execute('send-message', { senderId: '1', too: '+15550100101', type: 'text', text: { body: 'Hi' } }, ctx);
// @ts-expect-error a text message without text.body
void connector.execute('send-message', { senderId: '1', to: '+15550100101', type: 'text', text: {} }, ctx);
`;

export function tsconfig(options: Record<string, unknown>): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      types: ['node'],
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      outDir: 'out',
      ...options,
    },
    include: ['*.ts'],
  });
}
