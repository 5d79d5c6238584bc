/**
 * Request bodies as Graph accepts them: JSON, form-encoded, multipart (busboy, streamed) or raw bytes.
 * A multipart file is kept only up to the size limit of its declared type: past it the rest is counted
 * and dropped, so an oversized upload costs no more memory than the largest file Meta would take.
 */
import type { IncomingMessage } from 'node:http';
import type { Busboy } from 'busboy';
import { invalidParameter } from './meta-errors.js';
import { MEDIA_KINDS, mediaKindOf } from './media-table.js';

/** Meta's largest media (documents, cloud-api.md §3.5). */
export const MAX_FILE_BYTES = Math.max(...MEDIA_KINDS.map((k) => k.maxBytes));
/** JSON and form bodies: far above any valid send, well below anything that would hurt. */
const MAX_STRUCTURED_BYTES = 4 * 1024 * 1024;

async function readAll(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) throw invalidParameter(`The request body is larger than ${max} bytes.`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface UploadedFile {
  field: string;
  fileName: string;
  mimeType: string;
  /** The bytes kept; empty when the file went over its limit (then `size` says how big it was). */
  bytes: Buffer;
  size: number;
  truncated: boolean;
}

export interface ParsedBody {
  body: Record<string, unknown>;
  raw?: Buffer;
  files?: UploadedFile[];
}

// busboy is loaded when the first multipart body arrives: most sandbox runs never upload.
async function multipart(req: IncomingMessage): Promise<ParsedBody> {
  const { default: busboy } = await import('busboy');
  return new Promise((resolve, reject) => {
    const body: Record<string, unknown> = {};
    const files: UploadedFile[] = [];
    let bb: Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 64 * 1024, fileSize: MAX_FILE_BYTES + 1 } });
    } catch (error) {
      reject(invalidParameter(`Malformed multipart body: ${(error as Error).message}`));
      return;
    }
    bb.on('field', (name, value) => (body[name] = value));
    bb.on('file', (field, stream, info) => {
      // `type` usually precedes `file` (the connector and Meta's examples send it first).
      const cap = Math.min(mediaKindOf(body.type)?.maxBytes ?? MAX_FILE_BYTES, MAX_FILE_BYTES);
      const file: UploadedFile = { field, fileName: info.filename ?? 'file', mimeType: info.mimeType, bytes: Buffer.alloc(0), size: 0, truncated: false };
      let chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        file.size += c.length;
        if (file.size > cap) {
          file.truncated = true;
          chunks = [];
        } else chunks.push(c);
      });
      stream.on('limit', () => (file.truncated = true));
      stream.on('end', () => {
        file.bytes = file.truncated ? Buffer.alloc(0) : Buffer.concat(chunks);
        files.push(file);
      });
    });
    bb.on('close', () => resolve({ body, files }));
    bb.on('error', (e) => reject(invalidParameter(`Malformed multipart body: ${(e as Error).message}`)));
    req.pipe(bb);
  });
}

export async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return multipart(req);
  const structured = type.includes('json') || type.includes('x-www-form-urlencoded');
  const raw = await readAll(req, structured ? MAX_STRUCTURED_BYTES : MAX_FILE_BYTES);
  if (raw.length === 0) return { body: {} };
  if (type.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      return { body: parsed as Record<string, unknown> };
    } catch {
      throw invalidParameter('The request body is not a valid JSON object.');
    }
  }
  if (type.includes('x-www-form-urlencoded')) return { body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  return { body: {}, raw };
}
