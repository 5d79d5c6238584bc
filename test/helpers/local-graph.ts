/**
 * A stand-in Graph API on 127.0.0.1 (port 0) for tests that need the exact bytes a module sends
 * (multipart, binary) or a streamed answer. Unlike test/helpers/graph-server.ts, which records every body
 * as UTF-8 text, the handler gets Node's own request and response: raw bytes, and no buffering of a
 * large upload it only counts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the local server saw it: method, URL, headers and the exact body bytes. */
export interface SeenRequest {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface LocalGraph {
  url: string;
  close(): Promise<void>;
}

export async function startGraph(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>): Promise<LocalGraph> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: Error) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: error.message, code: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Splits a multipart/form-data body into its parts (enough for checking what a module sent). */
export function parseMultipart(body: Buffer, contentType: string | undefined): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/
    .exec(contentType ?? '')
    ?.slice(1)
    .find(Boolean);
  if (!boundary) throw new Error(`not multipart: ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = chunk.indexOf('\r\n\r\n');
    const head = chunk.subarray(0, headerEnd).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    parts.push({
      name: /[;\s]name="([^"]*)"/.exec(disposition)?.[1] ?? '',
      filename: /filename="([^"]*)"/.exec(disposition)?.[1],
      contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1],
      data: chunk.subarray(headerEnd + 4),
    });
    start = next;
  }
  return parts;
}
