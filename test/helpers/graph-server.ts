/** A local stand-in for graph.facebook.com on 127.0.0.1: records every request, answers from a handler. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  json?: unknown;
}

export type Reply = { status?: number; json?: unknown; text?: string; headers?: Record<string, string>; destroy?: boolean };
export type Handler = (req: Recorded) => Reply | Promise<Reply>;

export interface GraphServer {
  url: string;
  requests: Recorded[];
  setHandler(h: Handler): void;
  close(): Promise<void>;
}

export async function startGraphServer(handler: Handler = () => ({ json: {} })): Promise<GraphServer> {
  let current = handler;
  const requests: Recorded[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://x');
    const rec: Recorded = { method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body };
    try {
      rec.json = body ? JSON.parse(body) : undefined;
    } catch {
      /* not JSON */
    }
    requests.push(rec);
    const reply = await current(rec);
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': reply.text !== undefined ? 'text/plain' : 'application/json', ...reply.headers });
    res.end(reply.text ?? JSON.stringify(reply.json ?? {}));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler: (h) => (current = h),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** In-memory io for runCli. */
export function memoryIo(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), isTTY: false, env, cwd: process.cwd() },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
