/**
 * Runs the router standalone on a plain node:http server (used by `wabc webhook serve`, the demo, tests
 * and the benchmark): requests for the callback path go to the router, anything else is a 404.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookCounters } from './counters.js';
import { createWebhookRouter, notFound } from './router.js';
import type { WebhookRouterOptions } from './types.js';

export interface WebhookServerOptions extends WebhookRouterOptions {
  /** Port to listen on; 0 picks a free one (default 3000). */
  port?: number;
  /** Interface to bind (default 127.0.0.1: put a TLS proxy or tunnel in front for Meta). */
  host?: string;
  /** Path of the callback URL (default /webhook). */
  path?: string;
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
  const router = createWebhookRouter(options);

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const requestPath = q < 0 ? url : url.slice(0, q);
    if (requestPath !== path && requestPath !== `${path}/`) return notFound(res);
    // The router sees the path relative to its mount, as under express.
    req.url = `/${q < 0 ? '' : url.slice(q)}`;
    router(req, res);
  });
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
    counters: router.counters,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
