/** Request bodies as Graph accepts them: JSON, form-encoded, multipart (busboy) or raw bytes. */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { invalidParameter } from './graph-error.js';

const MAX_BYTES = 110 * 1024 * 1024;

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BYTES) throw invalidParameter('The request body is too large.');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface ParsedBody {
  body: Record<string, unknown>;
  raw?: Buffer;
  files?: Array<{ field: string; fileName: string; mimeType: string; bytes: Buffer }>;
}

function multipart(req: IncomingMessage): Promise<ParsedBody> {
  return new Promise((resolve, reject) => {
    const body: Record<string, unknown> = {};
    const files: NonNullable<ParsedBody['files']> = [];
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_BYTES } });
    } catch (error) {
      reject(invalidParameter(`Malformed multipart body: ${(error as Error).message}`));
      return;
    }
    bb.on('field', (name, value) => (body[name] = value));
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => files.push({ field, fileName: info.filename ?? 'file', mimeType: info.mimeType, bytes: Buffer.concat(chunks) }));
    });
    bb.on('close', () => resolve({ body, files }));
    bb.on('error', (e) => reject(invalidParameter(`Malformed multipart body: ${(e as Error).message}`)));
    req.pipe(bb);
  });
}

export async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return multipart(req);
  const raw = await readAll(req);
  if (raw.length === 0) return { body: {} };
  if (type.includes('json')) {
    try {
      const parsed = JSON.parse(raw.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      return { body: parsed };
    } catch {
      throw invalidParameter('The request body is not a valid JSON object.');
    }
  }
  if (type.includes('x-www-form-urlencoded')) return { body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  return { body: {}, raw };
}
