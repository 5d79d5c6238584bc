/**
 * Writes a request body made of byte parts and files to a `node:http` request. A file on disk is read
 * into a few reused buffers, each written as it is and read into again only once the socket has taken
 * it: a 100 MB upload allocates no memory per chunk (a read stream allocates a fresh buffer for every
 * read, and an encoder that re-chunks copies them again), and reading the next chunk overlaps sending
 * the last. Other sources (bytes, a caller's stream) are written chunk by chunk with backpressure.
 */
import type http from 'node:http';
import { open } from 'node:fs/promises';
import type { FileInput } from '../fields/file-input.js';

const BUFFER_BYTES = 256 * 1024;
const BUFFERS = 4;

/** Resolves once the socket has taken `chunk` (the bytes may be reused then); rejects if the request closes first. */
function written(request: http.ClientRequest, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (request.destroyed) {
      reject(new Error('the request was closed before its body was sent'));
      return;
    }
    const onClose = () => reject(new Error('the request was closed before its body was sent'));
    request.once('close', onClose);
    request.write(chunk, (error) => {
      request.off('close', onClose);
      if (error) reject(error);
      else resolve();
    });
  });
}

/** Resolves when the request can take more (backpressure), or at once. */
function room(request: http.ClientRequest, accepted: boolean): Promise<void> | undefined {
  if (accepted) return undefined;
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      request.off('drain', onDrain);
      request.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the request was closed before its body was sent'));
    request.once('drain', onDrain);
    request.once('close', onClose);
  });
}

async function writeFile(request: http.ClientRequest, path: string, onBytes: (n: number) => void): Promise<void> {
  const handle = await open(path, 'r');
  const slots = Array.from({ length: BUFFERS }, () => ({ buffer: Buffer.allocUnsafe(BUFFER_BYTES), free: Promise.resolve() }));
  try {
    for (let i = 0; ; i++) {
      const slot = slots[i % BUFFERS];
      await slot.free;
      const { bytesRead } = await handle.read(slot.buffer, 0, BUFFER_BYTES, null);
      if (bytesRead === 0) break;
      slot.free = written(request, bytesRead === BUFFER_BYTES ? slot.buffer : slot.buffer.subarray(0, bytesRead));
      slot.free.catch(() => undefined); // awaited when the slot comes round again, or below
      onBytes(bytesRead);
    }
    await Promise.all(slots.map((s) => s.free));
  } finally {
    await handle.close();
  }
}

async function writeStream(request: http.ClientRequest, source: AsyncIterable<unknown>, onBytes: (n: number) => void): Promise<void> {
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    onBytes(bytes.length);
    await room(request, request.write(bytes));
  }
}

/** Writes every part in order and ends the request. `files` says which parts are files (by identity). */
export async function writeBody(request: http.ClientRequest, parts: Iterable<unknown>, files: Map<unknown, FileInput>, onBytes: (n: number) => void): Promise<void> {
  for (const part of parts) {
    const file = files.get(part);
    if (file?.path !== undefined) await writeFile(request, file.path, onBytes);
    else if (file) await writeStream(request, file.open(), onBytes);
    else {
      const bytes = part as Uint8Array;
      onBytes(bytes.length);
      await room(request, request.write(bytes));
    }
  }
  await new Promise<void>((resolve) => request.end(resolve));
}
