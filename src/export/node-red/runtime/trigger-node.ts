/**
 * An instant trigger (watch-events) as a Node-RED node: the connector's webhook router mounted on Node-RED's own HTTP
 * server at the node's path (Node-RED parses no body there, so the signature is checked over the exact
 * bytes), the verify token kept in the node's credentials and the app secret(s) taken from the
 * connection. Each event bundle is sent as one message; the delivery is acknowledged once they are sent.
 */
import { filtersFrom } from '../../webhook-filters.js';
import { createWebhookRouter } from '../../../webhook/router.js';
import { nodeType } from '../node-types.js';
import { connectionNode } from './connection-node.js';
import type { RedApi, RedNode } from './node-red-api.js';

export function webhookPath(raw: unknown, nodeId: string): string {
  const path = typeof raw === 'string' && raw.trim() ? raw.trim() : `/whatsapp/${nodeId}`;
  return path.startsWith('/') ? path : `/${path}`;
}

export function registerTriggerNode(RED: RedApi, moduleId: string): void {
  RED.nodes.registerType(
    nodeType(moduleId),
    function (this: RedNode, config: Record<string, unknown>) {
      RED.nodes.createNode(this, config);
      startTriggerNode(RED, this, config);
    },
    { credentials: { verifyToken: { type: 'password' } } },
  );
}

function startTriggerNode(RED: RedApi, node: RedNode, config: Record<string, unknown>): void {
  const http = RED.httpNode;
  const connection = connectionNode(RED, config.connection);
  const verifyToken = node.credentials?.verifyToken ?? '';
  if (!http || !connection || !verifyToken) {
    node.status({ fill: 'red', shape: 'ring', text: !connection ? 'no connection' : 'no verify token' });
    return;
  }
  const appSecrets = String(connection.connectionValues.appSecret ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (appSecrets.length === 0) node.status({ fill: 'red', shape: 'ring', text: 'the connection has no app secret' });
  const path = webhookPath(config.path, node.id);
  let received = 0;
  const router = createWebhookRouter({
    verifyToken,
    appSecrets,
    filters: filtersFrom(config.fields),
    onBundles: (bundles) => {
      for (const bundle of bundles) node.send({ payload: bundle, topic: bundle.type });
      received += bundles.length;
      if (bundles.length > 0) node.status({ fill: 'green', shape: 'dot', text: `${received} events` });
    },
  });
  http.all(path, (req, res) => {
    // The router answers "/" relative to where it is mounted.
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    req.url = q < 0 ? '/' : `/${url.slice(q)}`;
    router(req, res);
  });
  if (appSecrets.length > 0) node.status({ fill: 'grey', shape: 'ring', text: `listening on ${path}` });
  node.on('close', (_removed, done) => {
    const stack = http._router?.stack;
    if (stack) {
      for (let i = stack.length - 1; i >= 0; i--) if (stack[i].route?.path === path) stack.splice(i, 1);
    }
    done();
  });
}
