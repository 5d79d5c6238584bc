/**
 * Uploads over node:http(s), streamed end to end, and what downloads share with them (http-download.ts).
 * fetch (and ky 1.x, which clones every request) buffer a streamed body in memory, so a 100 MB file
 * would cost 100 MB+ (reliability notes §5).
 */
import http from 'node:http';
import { FormDataEncoder, type FileLike } from 'form-data-encoder';
import { FormData } from 'formdata-node';
import type { HttpRequest, HttpResponse, SendOptions } from './transport-types.js';
import { clientFor, headersOf, parseBody } from './http-json.js';
import { markBeforeOpening } from './wire-mark.js';
import { buildOrNotSent, checkHeaders } from './not-sent.js';
import { writeBody } from './body-writer.js';
import type { FileInput } from '../fields/file-input.js';

/** Counts bytes moved and reports progress at most every 256 KB (and at the end), which keeps a 100 MB transfer cheap. */
export function progressOf(phase: 'upload' | 'download', total: number | undefined, opts: SendOptions): (n: number) => void {
  let loaded = 0;
  let last = 0;
  return (n) => {
    loaded += n;
    if (opts.onProgress && (loaded - last >= 262144 || loaded === total)) {
      last = loaded;
      opts.onProgress({ phase, loaded, total });
    }
  };
}

export function open(
  req: HttpRequest,
  headers: Record<string, string>,
  opts: SendOptions,
  createConnection?: http.RequestOptions['createConnection'],
): { request: http.ClientRequest; response: Promise<http.IncomingMessage> } {
  const url = new URL(req.url);
  const request = buildOrNotSent(() => clientFor(url).request(url, { method: req.method, headers, signal: opts.signal, createConnection }));
  request.setTimeout(opts.timeoutMs, () => request.destroy(Object.assign(new Error(`no activity for ${opts.timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' })));
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  return { request, response };
}

export async function readSmall(res: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res) {
    size += (c as Buffer).length;
    if (size <= 1_048_576) chunks.push(c as Buffer);
  }
  return parseBody(Buffer.concat(chunks).toString('utf8'), res.headers['content-type']);
}

/** multipart/form-data or a raw binary body, streamed (files from reused buffers: body-writer.ts). */
export async function sendStreamed(req: HttpRequest, opts: SendOptions): Promise<HttpResponse> {
  let parts: Iterable<unknown>;
  const files = new Map<unknown, FileInput>();
  const headers: Record<string, string> = { ...req.headers };
  let total: number | undefined;
  if (req.multipart) {
    const form = new FormData();
    let knowsLength = true;
    for (const [name, value] of req.multipart) {
      if (typeof value === 'string') form.append(name, value);
      else {
        if (value.size === undefined) knowsLength = false;
        // The encoder frames the parts and counts the length; the file's bytes are written by writeBody.
        const file: FileLike = {
          name: value.fileName,
          type: value.mimeType ?? 'application/octet-stream',
          size: value.size ?? 0,
          lastModified: 0,
          stream: () => value.open(),
          [Symbol.toStringTag]: 'File',
        };
        files.set(file, value);
        form.append(name, file);
      }
    }
    const encoder = new FormDataEncoder(form);
    headers['content-type'] = encoder.contentType;
    if (knowsLength) {
      total = encoder.contentLength === undefined ? undefined : Number(encoder.contentLength);
      if (total !== undefined) headers['content-length'] = String(total);
    }
    // values(): the framing as bytes and each file as the object appended, not re-chunked or copied.
    parts = encoder.values();
  } else if (req.binary) {
    files.set(req.binary, req.binary);
    parts = [req.binary];
    total = req.binary.size;
    if (total !== undefined) headers['content-length'] = String(total);
    headers['content-type'] ??= req.binary.mimeType ?? 'application/octet-stream';
  } else {
    throw new Error('sendStreamed needs a multipart or binary body');
  }
  // Checked before the mark: a header node:http refuses must not leave a row marked as maybe sent.
  checkHeaders(headers);
  await markBeforeOpening(opts.onSending);
  const { request, response } = open(req, headers, opts);
  const sending = writeBody(request, parts, files, progressOf('upload', total, opts));
  // The server may answer (e.g. 413) before the whole body is written: take its answer either way.
  const res = await Promise.race([response, sending.then(() => response)]);
  sending.catch(() => undefined);
  return { status: res.statusCode ?? 0, headers: headersOf(res.headers), body: await readSmall(res) };
}
