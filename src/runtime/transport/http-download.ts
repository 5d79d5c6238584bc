/**
 * Downloads over node:http(s): streamed to disk (or memory when small), hashed on the way, checked
 * against Meta's metadata. A 2xx body of known length is read straight from the socket (socket-body.ts)
 * and written through reused buffers (file-writer.ts); other answers come through the http parser.
 */
import type http from 'node:http';
import { createHash } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { finished } from 'node:stream';
import mime from 'mime';
import type { DownloadResult, HttpRequest, HttpResponse, SendOptions } from './transport-types.js';
import { headersOf } from './http-json.js';
import { open, progressOf, readSmall } from './http-stream.js';
import { DataError } from '../errors/connector-error.js';
import { downloadPath, fileSystemError, suggestedFileName } from './download-target.js';
import { FileWriter } from './file-writer.js';
import { SocketBody } from './socket-body.js';

/** The name asked for, else the one the server suggests (made safe, or dropped). */
function fileNameFrom(res: http.IncomingMessage, spec: HttpRequest['download']): string | undefined {
  if (spec?.fileName) return spec.fileName;
  const cd = res.headers['content-disposition'];
  return suggestedFileName(cd ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd)?.[1] : undefined);
}

const FILE_CALLS = new Set(['open', 'write', 'close', 'fsync', 'rename', 'unlink']);

/**
 * Writes the body to `<path>.part`, then renames it into place: a reader never sees half a file, and
 * any failure leaves nothing behind. A failure of the file (not of the network) is a FileSystemError.
 */
async function writeFile(path: string, receiveInto: (writer: FileWriter) => Promise<void>, verify: () => void): Promise<void> {
  const part = `${path}.part`;
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw fileSystemError(error, 'create the folder of', path);
  }
  // A stale .part (or a link planted in its place) is removed, and the new one must not exist yet.
  await rm(part, { force: true }).catch(() => undefined);
  try {
    const writer = await FileWriter.create(part);
    try {
      await receiveInto(writer);
    } catch (error) {
      await writer.discard();
      throw error;
    }
    await writer.end();
    verify();
    await rename(part, path);
  } catch (error) {
    await rm(part, { force: true }).catch(() => undefined);
    // Only an error of a file operation itself is the file system's (a lost connection is not).
    if (FILE_CALLS.has(String((error as NodeJS.ErrnoException).syscall))) throw fileSystemError(error, 'write', path);
    throw error;
  }
}

/**
 * The body, piece by piece through `take` (false: wait for `onRoom`): read from the socket when it is
 * ours (socket-body.ts), else from the response stream.
 */
function receive(res: http.IncomingMessage, body: SocketBody, take: (bytes: Uint8Array) => boolean, onRoom: (fn: () => void) => void): Promise<void> {
  if (body.owned) return body.receive(take, onRoom);
  return new Promise<void>((resolve, reject) => {
    res.on('data', (chunk: Buffer) => {
      let room: boolean;
      try {
        room = take(chunk);
      } catch (error) {
        res.destroy(error as Error);
        return;
      }
      if (!room) {
        res.pause();
        onRoom(() => res.resume());
      }
    });
    finished(res, (error) => (error ? reject(error) : resolve()));
  });
}

/** Meta gives sha256 as hex on GET /{media-id}; webhook payloads carry it base64-encoded. Accept both. */
function sameDigest(expected: string, digest: Buffer): boolean {
  const e = expected.trim();
  return /^[0-9a-f]{64}$/i.test(e) ? e.toLowerCase() === digest.toString('hex') : e === digest.toString('base64');
}

/** GET a file: streamed to disk (or memory when small), hashed on the way, checked against Meta's metadata. */
export async function download(req: HttpRequest, opts: SendOptions): Promise<HttpResponse> {
  const spec = req.download!;
  const body = new SocketBody(new URL(req.url).protocol === 'https:');
  const { request, response } = open(req, req.headers, opts, body.createConnection);
  body.watch(request);
  request.end();
  try {
    const res = await response;
    const status = res.statusCode ?? 0;
    const headers = headersOf(res.headers);
    if (status < 200 || status >= 300) return { status, headers, body: await readSmall(res) };

    const mimeType = headers['content-type']?.split(';')[0].trim();
    const declared = Number(headers['content-length']);
    const total = spec.expectedSize ?? (Number.isFinite(declared) ? declared : undefined);
    const hash = createHash('sha256');
    const count = progressOf('download', total, opts);
    let size = 0;
    /** Every piece, in order: hashed, counted, then kept by `keep` (which says whether to go on at once). */
    const take =
      (keep: (bytes: Uint8Array) => boolean) =>
      (bytes: Uint8Array): boolean => {
        hash.update(bytes);
        size += bytes.length;
        count(bytes.length);
        if (!spec.to && size > spec.maxInMemoryBytes) throw new DataError(`the file is larger than ${spec.maxInMemoryBytes} bytes: give a destination path to stream it to disk`);
        return keep(bytes);
      };
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
      result.path = downloadPath(spec.to, fileNameFrom(res, spec) ?? `download${ext ? `.${ext}` : ''}`);
      result.fileName = basename(result.path);
      const into = (writer: FileWriter) =>
        receive(
          res,
          body,
          take((bytes) => {
            if (writer.error) throw writer.error;
            return writer.write(bytes);
          }),
          (fn) => writer.onRoom(fn),
        );
      await writeFile(result.path, into, verify);
    } else {
      const chunks: Buffer[] = [];
      // Pieces read from the socket are views of a buffer read into again: those are copied.
      const owned = body.owned;
      await receive(
        res,
        body,
        take((bytes) => chunks.push(owned ? Buffer.from(bytes) : (bytes as Buffer)) > 0),
        (fn) => fn(),
      );
      verify();
      result.buffer = Buffer.concat(chunks);
      result.fileName = fileNameFrom(res, spec);
    }
    return { status, headers, body: undefined, download: result };
  } finally {
    // The connection is never reused: whatever happened, it is closed.
    body.close();
  }
}
