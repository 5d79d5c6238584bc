/**
 * A file given to a `buffer` field: a path, a Buffer, a readable stream, or an object naming one of
 * them with a file name and MIME type. It is opened lazily so nothing is read before every check passed.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import mime from 'mime';

export class FileInput {
  constructor(
    readonly fileName: string,
    readonly mimeType: string | undefined,
    readonly size: number | undefined,
    private readonly source: { path: string } | { buffer: Buffer } | { stream: Readable },
  ) {}

  get path(): string | undefined {
    return 'path' in this.source ? this.source.path : undefined;
  }

  /** Whether open() can be called again (a caller's stream can be read once only). */
  get reopenable(): boolean {
    return !('stream' in this.source);
  }

  /** A fresh stream of the bytes (a stream source can be read once only). */
  open(): Readable {
    if ('path' in this.source) return createReadStream(this.source.path, { highWaterMark: 256 * 1024 });
    if ('buffer' in this.source) return Readable.from([this.source.buffer]);
    return this.source.stream;
  }

  toJSON(): Record<string, unknown> {
    return { fileName: this.fileName, mimeType: this.mimeType, size: this.size, ...(this.path ? { path: this.path } : {}) };
  }
}

/** What a `buffer` field accepts: a path, a FileInput, or an object naming a path, bytes or a stream. */
export type FileSource =
  | string
  | FileInput
  | { path: string; fileName?: string | undefined; mimeType?: string | undefined }
  | { data: Uint8Array | string; encoding?: 'utf8' | 'base64' | undefined; fileName: string; mimeType?: string | undefined }
  | { stream: Readable; fileName: string; mimeType?: string | undefined; size?: number | undefined };

export type FileInputResult = { ok: true; value: FileInput } | { ok: false; reason: string };

const isReadable = (v: unknown): v is Readable =>
  v instanceof Readable || (typeof v === 'object' && v !== null && typeof (v as Readable).pipe === 'function' && typeof (v as Readable).on === 'function');

function fromPath(path: string, fileName?: string, mimeType?: string): FileInputResult {
  const full = resolve(path);
  let size: number;
  try {
    const st = statSync(full);
    if (!st.isFile()) return { ok: false, reason: `${path} is not a file` };
    size = st.size;
  } catch {
    return { ok: false, reason: `cannot read file ${path}` };
  }
  const name = fileName ?? basename(full);
  return { ok: true, value: new FileInput(name, mimeType ?? inferMime(name), size, { path: full }) };
}

export function inferMime(fileName: string): string | undefined {
  return mime.getType(fileName) ?? undefined;
}

export function toFileInput(value: unknown): FileInputResult {
  if (value instanceof FileInput) return { ok: true, value };
  if (typeof value === 'string') {
    if (value.length === 0) return { ok: false, reason: 'is empty' };
    return fromPath(value);
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return { ok: false, reason: 'a buffer needs a file name: give { data, fileName, mimeType? }' };
  }
  if (isReadable(value)) return { ok: false, reason: 'a stream needs a file name: give { stream, fileName, mimeType? }' };
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    const fileName = typeof o.fileName === 'string' ? o.fileName : typeof o.filename === 'string' ? o.filename : undefined;
    const mimeType = typeof o.mimeType === 'string' ? o.mimeType : undefined;
    if (typeof o.path === 'string') return fromPath(o.path, fileName, mimeType);
    if (!fileName) return { ok: false, reason: 'needs fileName' };
    const type = mimeType ?? inferMime(fileName);
    if (Buffer.isBuffer(o.data) || o.data instanceof Uint8Array) {
      const buffer = Buffer.from(o.data as Uint8Array);
      return { ok: true, value: new FileInput(fileName, type, buffer.length, { buffer }) };
    }
    if (typeof o.data === 'string') {
      const buffer = Buffer.from(o.data, o.encoding === 'base64' ? 'base64' : 'utf8');
      return { ok: true, value: new FileInput(fileName, type, buffer.length, { buffer }) };
    }
    if (isReadable(o.stream)) {
      const size = typeof o.size === 'number' ? o.size : undefined;
      return { ok: true, value: new FileInput(fileName, type, size, { stream: o.stream }) };
    }
    return { ok: false, reason: 'give a path, or { path | data | stream, fileName, mimeType? }' };
  }
  return { ok: false, reason: 'must be a file path, or { path | data | stream, fileName, mimeType? }' };
}
