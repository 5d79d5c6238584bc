/**
 * Runs the receiver standalone on a plain node:http server (used by `wabc webhook serve`, the demo, tests
 * and the benchmark): requests for the callback path go straight to the framework-free handler,
 * anything else is a 404.
 *
 * Limits that keep unauthenticated clients from holding the server: a connection cap, a time limit for
 * the headers, one for the whole request (headers and body), and one for an idle keep-alive
 * connection. Node checks the first two every second here (its default is every 30 s).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidConfigurationError } from '../runtime/errors/index.js';
import type { WebhookCounters } from './counters.js';
import { SERVER_LIMITS } from './defaults.js';
import { createWebhookHandler } from './handler.js';
import { notFound } from './router.js';
import type { WebhookRouterOptions } from './webhook-types.js';

export interface WebhookServerOptions extends WebhookRouterOptions {
  /** Port to listen on; 0 picks a free one (default 3000). */
  port?: number;
  /** Interface to bind (default 127.0.0.1: put a TLS proxy or tunnel in front for Meta). */
  host?: string;
  /** Path of the callback URL (default /webhook). */
  path?: string;
  /** Most open connections; more are dropped as they arrive (default 1000). */
  maxConnections?: number;
  /** Time for a request's headers to arrive (default 10,000 ms); then 408 and the connection closes. */
  headersTimeoutMs?: number;
  /** Time for the whole request, headers and body, to arrive (default 30,000 ms); then 408. */
  bodyTimeoutMs?: number;
  /** Time a keep-alive connection may stay idle between requests (default 10,000 ms). */
  idleTimeoutMs?: number;
}

/** The server's limits with their defaults, checked. */
function serverLimits(options: WebhookServerOptions): typeof SERVER_LIMITS {
  const limits = { ...SERVER_LIMITS };
  for (const name of Object.keys(limits) as Array<keyof typeof SERVER_LIMITS>) {
    const value = options[name] ?? limits[name];
    if (!Number.isSafeInteger(value) || value < 1) throw new InvalidConfigurationError(`webhook server: ${name} must be a positive integer`);
    limits[name] = value;
  }
  if (limits.headersTimeoutMs > limits.bodyTimeoutMs) throw new InvalidConfigurationError('webhook server: headersTimeoutMs cannot exceed bodyTimeoutMs (the time for the whole request)');
  return limits;
}

export interface RunningWebhookServer {
  url: string;
  port: number;
  /** Live counters. */
  counters: WebhookCounters;
  /** Stops accepting connections, closes idle keep-alive sockets and waits for the server to close. */
  close(): Promise<void>;
}

export function normalisePath(path: string | undefined): string {
  const p = (path ?? '/webhook').trim();
  if (!p.startsWith('/') || /[?#\s]/.test(p)) throw new Error(`webhook path must start with "/" and contain no "?", "#" or spaces: ${JSON.stringify(p)}`);
  return p;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<RunningWebhookServer> {
  const path = normalisePath(options.path);
  const host = options.host ?? '127.0.0.1';
  const limits = serverLimits(options);
  const handler = createWebhookHandler(options);

  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.bodyTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const requestPath = q < 0 ? url : url.slice(0, q);
      if (requestPath !== path && requestPath !== `${path}/`) return notFound(res);
      void handler(req, res);
    },
  );
  server.keepAliveTimeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.listen(options.port ?? 3000, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}${path}`,
    port,
    counters: handler.counters,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
