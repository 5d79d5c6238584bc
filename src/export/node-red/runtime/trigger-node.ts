/**
 * An instant trigger (watch-events) as a Node-RED node: the connector's webhook router on Node-RED's own
 * HTTP server at the node's path, ahead of any body parser (so the signature is checked over the exact
 * bytes), the verify token kept in the node's credentials and the app secret(s) taken from the connection.
 * Each event bundle is sent as one message; the delivery is acknowledged once they are sent.
 */
import { filtersFrom } from '../../webhook-filters.js';
import { createWebhookRouter } from '../../../webhook/router.js';
import { nodeType } from '../node-types.js';
import { connectionNode } from './connection-node.js';
import type { ExpressLike, RedApi, RedNode } from './node-red-api.js';

function rootApp(app: ExpressLike): ExpressLike {
  return app.parent ? rootApp(app.parent) : app;
}

function joinPath(root: string, path: string): string {
  return `${root.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

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
  // The editor's admin app (mounted first, at "/" by default) parses JSON bodies for every request, so the
  // router goes to the top of the root app's stack, as Node-RED's own http-in node places its raw-body
  // capture, and answers its path before any parser has read the signed bytes.
  const root = rootApp(http);
  const fullPath = joinPath(RED.settings?.httpNodeRoot || '/', path);
  const capture = (req: Parameters<typeof router>[0], res: Parameters<typeof router>[1], next?: (err?: unknown) => void) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)).replace(/\/+$/, '') !== fullPath.replace(/\/+$/, '')) {
      next?.();
      return;
    }
    // The router answers "/" relative to where it is mounted.
    req.url = q < 0 ? '/' : `/${url.slice(q)}`;
    router(req, res);
  };
  root.use(capture);
  const stack = root._router?.stack;
  const at = stack ? stack.findIndex((layer) => layer.handle === capture) : -1;
  if (stack && at > 0) stack.unshift(...stack.splice(at, 1));
  node.on('close', (_removed, done) => {
    const layers = root._router?.stack;
    const index = layers ? layers.findIndex((layer) => layer.handle === capture) : -1;
    if (layers && index >= 0) layers.splice(index, 1);
    done();
  });
}
