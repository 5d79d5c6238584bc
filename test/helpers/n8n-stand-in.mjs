// Runs one method of a compiled generated n8n node with a minimal stand-in for n8n's IExecuteFunctions /
// ILoadOptionsFunctions / IWebhookFunctions (n8n itself needs Node 24 and cannot run here). Reads a
// scenario as JSON on stdin and prints the outcome as JSON: { ok } or { error: { name, message, ... } }.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const load = createRequire(import.meta.url);

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const s = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const mod = load(join(s.packageDir, 'dist', 'nodes', s.node, `${s.node}.node.js`));
  const node = new mod[s.node]();
  const items = s.items ?? [{ json: {} }];
  const nodeInfo = { id: 'n1', name: s.node, type: node.description.name, typeVersion: 1, position: [0, 0], parameters: s.parameters };
  const param = (name, fallback) => (Object.prototype.hasOwnProperty.call(s.parameters, name) ? s.parameters[name] : fallback);
  const response = { statusCode: 0, body: undefined };
  const ctx = {
    getInputData: () => items,
    getNodeParameter: (name, itemOrFallback, fallback) => (typeof itemOrFallback === 'number' ? param(name, fallback) : param(name, itemOrFallback)),
    getCredentials: async () => s.credentials,
    continueOnFail: () => s.continueOnFail === true,
    getNode: () => nodeInfo,
    helpers: {
      assertBinaryData: (i, prop) => {
        const b = items[i].binary && items[i].binary[prop];
        if (!b) throw new Error(`no binary property ${prop}`);
        return b;
      },
      getBinaryDataBuffer: async (i, prop) => Buffer.from(items[i].binary[prop].data, 'base64'),
    },
    getRequestObject: () => {
      const r = s.request ?? {};
      return { method: r.method, url: r.url, originalUrl: r.url, headers: r.headers ?? {}, rawBody: r.body === undefined ? undefined : Buffer.from(r.body) };
    },
    getResponseObject: () => ({
      status(code) {
        response.statusCode = code;
        return { send: (body) => (response.body = body) };
      },
    }),
  };
  try {
    let ok;
    if (s.call === 'execute') ok = await node.execute.call(ctx);
    else if (s.call === 'webhook') ok = { ...(await node.webhook.call(ctx)), response };
    else if (s.call.loadOptions) ok = await node.methods.loadOptions[s.call.loadOptions].call(ctx);
    else ok = await node.methods.resourceMapping[s.call.resourceMapping].call(ctx);
    process.stdout.write(JSON.stringify({ ok }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: { name: error.constructor.name, message: error.message, description: error.description, httpCode: error.httpCode, context: error.context } }));
  }
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack));
  process.exit(1);
});
