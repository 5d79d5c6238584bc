/**
 * Uploads and downloads over node:http(s), streamed end to end. fetch (and ky 1.x, which clones every
 * request) buffer a streamed body in memory, so a 100 MB file would cost 100 MB+ (reliability notes §5).
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FormDataEncoder, type FileLike } from 'form-data-encoder';
import { FormData } from 'formdata-node';
import mime from 'mime';
import type { DownloadResult, HttpRequest, HttpResponse, SendOptions } from './transport-types.js';
import { clientFor, headersOf, parseBody } from './http-json.js';
import { DataError } from '../errors/connector-error.js';
import { markBeforeOpening } from './wire-mark.js';
import { downloadPath, fileSystemError, suggestedFileName } from './download-target.js';
import { writeBody } from './body-writer.js';
import type { FileInput } from '../fields/file-input.js';

/** Counts bytes moved and reports progress at most every 256 KB (and at the end), which keeps a 100 MB transfer cheap. */
function progressOf(phase: 'upload' | 'download', total: number | undefined, opts: SendOptions): (n: number) => void {
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

function counter(phase: 'upload' | 'download', total: number | undefined, opts: SendOptions): Transform {
  const count = progressOf(phase, total, opts);
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      count(chunk.length);
      cb(null, chunk);
    },
  });
}

function open(req: HttpRequest, headers: Record<string, string>, opts: SendOptions): { request: http.ClientRequest; response: Promise<http.IncomingMessage> } {
  const url = new URL(req.url);
  const request = clientFor(url).request(url, { method: req.method, headers, signal: opts.signal });
  request.setTimeout(opts.timeoutMs, () => request.destroy(Object.assign(new Error(`no activity for ${opts.timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' })));
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  return { request, response };
}

async function readSmall(res: http.IncomingMessage): Promise<unknown> {
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
  await markBeforeOpening(opts.onSending);
  const { request, response } = open(req, headers, opts);
  const sending = writeBody(request, parts, files, progressOf('upload', total, opts));
  // The server may answer (e.g. 413) before the whole body is written: take its answer either way.
  const res = await Promise.race([response, sending.then(() => response)]);
  sending.catch(() => undefined);
  return { status: res.statusCode ?? 0, headers: headersOf(res.headers), body: await readSmall(res) };
}

/** The name asked for, else the one the server suggests (made safe, or dropped). */
function fileNameFrom(res: http.IncomingMessage, spec: HttpRequest['download']): string | undefined {
  if (spec?.fileName) return spec.fileName;
  const cd = res.headers['content-disposition'];
  return suggestedFileName(cd ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd)?.[1] : undefined);
}

const FILE_CALLS = new Set(['open', 'write', 'close', 'fsync', 'rename', 'unlink']);

/**
 * Streams the body to `<path>.part`, then renames it into place: a reader never sees half a file, and
 * any failure leaves nothing behind. A failure of the file (not of the network) is a FileSystemError.
 */
async function writeFile(source: Readable, stages: [Transform, Transform], path: string, verify: () => void): Promise<void> {
  const part = `${path}.part`;
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw fileSystemError(error, 'create the folder of', path);
  }
  // A stale .part (or a link planted in its place) is removed, and the new one must not exist yet.
  await rm(part, { force: true }).catch(() => undefined);
  try {
    await pipeline(source, stages[0], stages[1], createWriteStream(part, { flags: 'wx' }));
    verify();
    await rename(part, path);
  } catch (error) {
    await rm(part, { force: true }).catch(() => undefined);
    // A lost connection reaches the file too (the pipeline destroys it with that error): only an
    // error of a file operation itself is the file system's.
    if (FILE_CALLS.has(String((error as NodeJS.ErrnoException).syscall))) throw fileSystemError(error, 'write', path);
    throw error;
  }
}

/** Meta gives sha256 as hex on GET /{media-id}; webhook payloads carry it base64-encoded. Accept both. */
function sameDigest(expected: string, digest: Buffer): boolean {
  const e = expected.trim();
  return /^[0-9a-f]{64}$/i.test(e) ? e.toLowerCase() === digest.toString('hex') : e === digest.toString('base64');
}

/** GET a file: streamed to disk (or memory when small), hashed on the way, checked against Meta's metadata. */
export async function download(req: HttpRequest, opts: SendOptions): Promise<HttpResponse> {
  const spec = req.download!;
  const { request, response } = open(req, req.headers, opts);
  request.end();
  const res = await response;
  const status = res.statusCode ?? 0;
  const headers = headersOf(res.headers);
  if (status < 200 || status >= 300) return { status, headers, body: await readSmall(res) };

  const mimeType = headers['content-type']?.split(';')[0].trim();
  const declared = Number(headers['content-length']);
  const total = spec.expectedSize ?? (Number.isFinite(declared) ? declared : undefined);
  const hash = createHash('sha256');
  let size = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      size += chunk.length;
      if (!spec.to && size > spec.maxInMemoryBytes) {
        cb(new DataError(`the file is larger than ${spec.maxInMemoryBytes} bytes: give a destination path to stream it to disk`));
        return;
      }
      cb(null, chunk);
    },
  });
  const result: DownloadResult = { sha256: '', size: 0, mimeType };
  /** The bytes must match Meta's metadata, else nothing is kept. */
  const verify = (): void => {
    const digest = hash.digest();
    result.sha256 = digest.toString('hex');
    result.size = size;
    const problems: string[] = [];
    if (spec.expectedSize !== undefined && spec.expectedSize !== size) problems.push(`size ${size} bytes, Meta said ${spec.expectedSize}`);
    if (spec.expectedSha256 && !sameDigest(spec.expectedSha256, digest)) problems.push(`sha256 ${result.sha256}, Meta said ${spec.expectedSha256}`);
    if (problems.length > 0) throw new DataError(`the downloaded file does not match Meta's metadata (${problems.join('; ')}); nothing was kept`, { details: problems.join('; ') });
  };
  if (spec.to) {
    const ext = mimeType ? mime.getExtension(mimeType) : null;
    try {
      result.path = downloadPath(spec.to, fileNameFrom(res, spec) ?? `download${ext ? `.${ext}` : ''}`);
    } catch (error) {
      res.destroy();
      throw error;
    }
    result.fileName = basename(result.path);
    await writeFile(res, [counter('download', total, opts), hasher], result.path, verify);
  } else {
    const chunks: Buffer[] = [];
    await pipeline(res, counter('download', total, opts), hasher, async function* (source: AsyncIterable<Buffer>) {
      for await (const c of source) chunks.push(c);
      yield* [];
    });
    verify();
    result.buffer = Buffer.concat(chunks);
    result.fileName = fileNameFrom(res, spec);
  }
  return { status, headers, body: undefined, download: result };
}
