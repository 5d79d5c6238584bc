/**
 * startPlayground(): a local web page over the connector. It serves the page built with the package and
 * a small JSON API on 127.0.0.1 only; the connection (and its access token) stays in this process — the
 * page sees descriptors, results, errors and events, never the token. With no connection given it
 * starts the offline sandbox, whose signed webhooks come back to the receiver mounted here at /webhook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadConnector, type Connector } from '../runtime/connector.js';
import type { ConnectionValues } from '../runtime/connection.js';
import { connectionSecrets } from '../runtime/connection.js';
import { isConnectorError } from '../runtime/errors/connector-error.js';
import type { RequestView } from '../runtime/transport/transport-types.js';
import { createWebhookReceiver, type WebhookReceiver } from '../webhook/receiver.js';
import type { EventBundle } from '../webhook/webhook-types.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import type { Sandbox } from '../sandbox/sandbox-server.js';
import { EventHub, type SentMessageView } from './event-hub.js';
import { pageDir, servePage } from './static-page.js';
import { sandboxCounters } from './sandbox-counters.js';

export interface PlaygroundOptions {
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /** Use this connection instead of starting the sandbox. */
  connection?: ConnectionValues;
  /** The verify token of the receiver at /webhook (with a connection given; default a random one). */
  verifyToken?: string;
  /** Delays of the sandbox's delivered and read webhooks, so the ticks can be watched (default 800 / 1600 ms). */
  statusDelaysMs?: { delivered: number; read: number };
  logger?: Logger;
}

export interface Playground {
  url: string;
  /** The receiver the page runs (where a connection's webhooks may be pointed). */
  webhookUrl: string;
  /** The sandbox started for the playground (none when a connection was given). */
  sandbox?: Sandbox;
  close(): Promise<void>;
}

const MAX_BODY = 20 * 1024 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  // Only JSON is taken: a form on another site cannot post it without the browser asking first (CORS).
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpProblem(415, 'send application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpProblem(413, 'the request is too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const value: unknown = text ? JSON.parse(text) : {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpProblem(400, 'send a JSON object');
  return value as Record<string, unknown>;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const logger = options.logger ?? silentLogger;
  const connector: Connector = loadConnector();
  const hub = new EventHub();
  const page = pageDir();
  const verifyToken = options.verifyToken ?? randomBytes(12).toString('hex');
  let sandbox: Sandbox | undefined;
  let connection: ConnectionValues;
  let appSecrets: string[];
  let sandboxUrl: string | undefined;

  const receiver = () =>
    createWebhookReceiver({
      verifyToken,
      appSecrets,
      logger,
      onBundles: (bundles: EventBundle[]) => {
        for (const bundle of bundles) hub.publish({ kind: 'bundle', at: Date.now(), bundle });
      },
    });
  let webhook: WebhookReceiver | undefined;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpProblem ? error.status : error instanceof SyntaxError ? 400 : 500;
      if (status === 500) logger.error({ message: (error as Error).message }, 'playground: internal error');
      if (!res.headersSent) json(res, status, { error: { type: 'PlaygroundError', message: scrub((error as Error).message) } });
      else res.end();
    });
  });

  const secrets = () => connectionSecrets(connection).filter((s) => s.length >= 4);
  const scrub = (text: string) => secrets().reduce((t, s) => t.split(s).join('[redacted]'), text);
  const json = (res: http.ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(scrub(JSON.stringify(value)));
  };
  const errorJson = (error: unknown) => (isConnectorError(error) ? error.toJSON() : { type: 'Error', message: (error as Error).message });

  /** The module's requests as they would leave, stopped before the first that changes anything or downloads. */
  async function preview(moduleId: string, input: unknown): Promise<unknown> {
    let stopped: RequestView | undefined;
    const stop = new Error('dry run');
    try {
      const output = await connector.executeDynamic(moduleId, input, {
        connection,
        onRequest: (request) => {
          // Reads go ahead (a template's definition makes its message); a download would write a file.
          if (request.method === 'GET' && !request.download) return;
          stopped = request;
          throw stop;
        },
      });
      // Nothing but reads: the module ran whole (it changes nothing).
      return { output };
    } catch (error) {
      if (stopped) return { request: relative(stopped) };
      return { error: errorJson(error) };
    }
  }

  async function run(moduleId: string, input: unknown): Promise<unknown> {
    const requests: RequestView[] = [];
    try {
      const output = await connector.executeDynamic(moduleId, input, { connection, logger, onRequest: (r) => void requests.push(r) });
      await recordSent(requests, output);
      return { output, requests: requests.map(relative) };
    } catch (error) {
      return { error: errorJson(error), requests: requests.map(relative) };
    }
  }

  /** The URL without the Graph host, as the descriptors write it. */
  function relative(r: RequestView): RequestView {
    const prefix = String(connection.graphUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
    return { ...r, url: r.url.startsWith(prefix) ? r.url.slice(prefix.length) : r.url };
  }

  /** A message the page sent goes to the phone, with its template's definition when it is one. */
  async function recordSent(requests: RequestView[], output: unknown): Promise<void> {
    const id = (output as { messageId?: unknown } | undefined)?.messageId;
    const request = requests.find((r) => r.method === 'POST' && /\/messages$/.test(r.url));
    const body = request?.body as Record<string, unknown> | undefined;
    if (typeof id !== 'string' || !body || body.type === undefined) return;
    const phoneNumberId = /\/([^/]+)\/messages$/.exec(request!.url)![1];
    const to = String(body.to ?? '').replace(/\D/g, '');
    const message: SentMessageView = { id, phoneNumberId, to, body };
    const template = body.template as { name?: string; language?: { code?: string } } | undefined;
    if (body.type === 'template' && template?.name) {
      try {
        const found = (await connector.executeDynamic('list-templates', { name: template.name, language: template.language?.code }, { connection })) as unknown[];
        message.template = found[0];
      } catch {
        // shown without its definition
      }
    }
    hub.publish({ kind: 'sent', at: Date.now(), message });
  }

  async function customerSays(input: Record<string, unknown>): Promise<unknown> {
    if (sandbox) return { message: sandbox.inbound(input as Parameters<Sandbox['inbound']>[0]) };
    if (!sandboxUrl) throw new HttpProblem(409, 'replying as the customer needs the sandbox: a real customer replies from their phone');
    const res = await fetch(`${sandboxUrl}/_sandbox/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const body: unknown = await res.json();
    return res.ok ? { message: body } : { error: (body as { error?: unknown }).error ?? body };
  }

  /** An RPC is given the values it names, out of all those entered so far (as the runtime does). */
  function rpcInput(name: string, values: unknown): Record<string, unknown> {
    const all = values && typeof values === 'object' ? (values as Record<string, unknown>) : {};
    const names = (connector.rpcs[name]?.parameters ?? []).flatMap((f) => (typeof f === 'object' && 'name' in f ? [f.name] : []));
    return Object.fromEntries(names.filter((n) => all[n] !== undefined).map((n) => [n, all[n]]));
  }

  function info() {
    const modules = Object.entries(connector.modules).map(([id, m]) => ({ id, label: m.label, description: m.description, moduleType: m.moduleType }));
    const numbers = sandbox
      ? [...sandbox.state.phoneNumbers.values()].map((n) => ({ id: n.id, display: n.display_phone_number, allowedRecipients: n.isTestNumber ? n.allowedRecipients : undefined }))
      : [];
    return {
      mode: sandbox ? 'sandbox' : 'connection',
      canReplyAsCustomer: Boolean(sandbox || sandboxUrl),
      modules,
      businessNumbers: numbers,
      defaultSender: sandbox?.phoneNumbers.registered.id,
      webhookPath: '/webhook',
    };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Only a page of this server may drive it: another site reaching 127.0.0.1 through a renamed host is refused.
    const host = req.headers.host ?? '';
    if (!/^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(host)) throw new HttpProblem(421, 'use the address the playground printed');
    const url = new URL(req.url ?? '/', 'http://playground');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (url.pathname === '/webhook') {
      webhook ??= receiver();
      if (req.method === 'POST') await webhook.handleDelivery(req, res);
      else if (req.method === 'GET') webhook.handleHandshake(req, res);
      else webhook.handleOtherMethod(req, res);
      return;
    }
    if (parts[0] !== 'api') {
      if (req.method === 'GET' && servePage(page, url.pathname, res)) return;
      throw new HttpProblem(404, 'not found');
    }
    const route = `${req.method ?? 'GET'} ${parts[1] ?? ''}`;
    const name = parts[2] ?? '';
    switch (route) {
      case 'GET info':
        return json(res, 200, info());
      case 'GET modules': {
        const m = connector.modules[name];
        if (!m) throw new HttpProblem(404, `unknown module ${name}`);
        return json(res, 200, { id: name, ...m });
      }
      case 'GET events':
        hub.attach(res);
        return;
      case 'POST rpc': {
        const body = await readJson(req);
        try {
          return json(res, 200, { output: await connector.rpcDynamic(name, rpcInput(name, body.input), { connection }) });
        } catch (error) {
          return json(res, 200, { error: errorJson(error) });
        }
      }
      case 'POST preview':
        return json(res, 200, await preview(name, (await readJson(req)).input));
      case 'POST run':
        return json(res, 200, await run(name, (await readJson(req)).input));
      case 'POST customer':
        return json(res, 200, await customerSays(await readJson(req)));
      default:
        throw new HttpProblem(404, 'not found');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let timer: NodeJS.Timeout | undefined;
  try {
    if (options.connection) {
      connection = options.connection;
      appSecrets = String(connection.appSecret ?? '')
        .split(',')
        .filter(Boolean);
      const graph = new URL(String(connection.graphUrl ?? 'https://graph.facebook.com'));
      // A sandbox started elsewhere (wabc sandbox) can play the customer too; only ever asked on this machine.
      if (['127.0.0.1', 'localhost'].includes(graph.hostname)) {
        const probe = await fetch(`${graph.origin}/_sandbox/state`).catch(() => undefined);
        if (probe?.ok) sandboxUrl = graph.origin;
        await probe?.arrayBuffer();
      }
    } else {
      const { createSandbox } = await import('../sandbox/sandbox-server.js');
      const appSecret = randomBytes(16).toString('hex');
      appSecrets = [appSecret];
      sandbox = await createSandbox({ appSecret, verifyToken, callbackUrl: `${url}/webhook`, statusDelaysMs: options.statusDelaysMs ?? { delivered: 800, read: 1600 }, logger });
      connection = { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl };
      const s = sandbox;
      timer = setInterval(() => hub.publish({ kind: 'counters', at: Date.now(), counters: sandboxCounters(s.state, Date.now()) }), 1000);
      timer.unref();
    }
  } catch (error) {
    server.close();
    throw error;
  }

  return {
    url,
    webhookUrl: `${url}/webhook`,
    sandbox,
    async close() {
      if (timer) clearInterval(timer);
      hub.close();
      await sandbox?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
