/**
 * A download's body read straight from its socket into one reused buffer. A node:http response gets a
 * fresh buffer for every socket read and a second one for every body piece the parser copies out; the
 * garbage piles up to ~32 MB before a collection frees it, so a 100 MB download grew RSS by ~40 MB.
 *
 * Here the request is still made by node:http (headers, TLS, timeouts, abort, interceptors as they are),
 * over a socket that reads into one buffer (net's `onread`). Only the response head is handed to the
 * http parser, as a copy. A 2xx answer with a Content-Length, on this very socket, is then ours: its
 * bytes go from the read buffer to `take` (which copies what it keeps) and the parser never sees them.
 * Anything else — another status, a chunked body, no length, a socket that is not ours (a test
 * interceptor) — is handed to the parser whole, as copies, and read as a normal response.
 */
import type http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

const READ_BYTES = 64 * 1024;
const LF = 10;
const CR = 13;

type Mode = 'head' | 'body' | 'parser';

export class SocketBody {
  private readonly buffer = Buffer.allocUnsafe(READ_BYTES);
  private socket: net.Socket | undefined;
  private request: http.ClientRequest | undefined;
  private response: http.IncomingMessage | undefined;
  private mode: Mode = 'head';
  /** Where the scan for the blank line that ends the head is: 1 after a LF, 2 after LF CR. */
  private lineState = 0;
  private remaining = 0;
  private total = 0;
  private pending: Buffer[] = [];
  private take: ((bytes: Uint8Array) => boolean) | undefined;
  private onRoom: ((fn: () => void) => void) | undefined;
  private settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  private failure: unknown;
  private done = false;

  constructor(private readonly secure: boolean) {}

  /** For http.request's `createConnection`: a TCP (or TLS) socket that reads into our buffer. */
  readonly createConnection = (options: { host?: string | null; port?: number | string | null }): net.Socket => {
    const host = options.host ?? 'localhost';
    const port = Number(options.port);
    const onread = { buffer: this.buffer, callback: (n: number, buf: Uint8Array) => this.onRead(n, buf) };
    const socket = this.secure ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, onread } as tls.ConnectionOptions) : net.connect({ host, port, onread });
    socket.once('close', () => this.fail(Object.assign(new Error(`the connection closed after ${this.total - this.remaining} of ${this.total} bytes`), { code: 'ECONNRESET' })));
    this.socket = socket;
    return socket;
  };

  /** Watches `request` (made with `createConnection`) for its response head and failures. */
  watch(request: http.ClientRequest): void {
    this.request = request;
    request.on('response', (res) => (this.response ??= res));
    request.on('error', (error) => this.fail(error));
  }

  /** Whether the response's body is read here (else it comes through the IncomingMessage as usual). */
  get owned(): boolean {
    return this.mode === 'body';
  }

  /**
   * Hands every byte of an owned body to `take`, in order; `take` returns false to pause reading until
   * `onRoom` calls back. Resolves once the whole body went through, rejects if the connection fails first.
   */
  receive(take: (bytes: Uint8Array) => boolean, onRoom: (fn: () => void) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      this.settle = { resolve, reject };
      this.take = take;
      this.onRoom = onRoom;
      const held = this.pending;
      this.pending = [];
      let room = true;
      try {
        for (const bytes of held) room = take(bytes);
      } catch (error) {
        this.fail(error);
        return;
      }
      if (this.remaining === 0) this.finish();
      // Paused since the head: read on (the next tick, as from a read callback).
      else if (this.resumeWhen(room)) this.resumeSoon();
    });
  }

  /** Stops: the socket is closed (an owned body's connection is never reused). */
  close(): void {
    this.done = true;
    this.request?.destroy();
  }

  private onRead(n: number, buf: Uint8Array): boolean {
    try {
      const bytes = buf.subarray(0, n);
      if (this.mode === 'body') return this.body(bytes);
      if (this.mode === 'parser' || this.request?.socket !== this.socket) return this.toParser(bytes);
      return this.head(bytes);
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  /** From now on every byte goes to the http parser. */
  private toParser(bytes: Uint8Array): boolean {
    this.mode = 'parser';
    this.emitCopy(bytes);
    return true;
  }

  /** Hands bytes to the http parser as a copy (the read buffer is read into again). */
  private emitCopy(bytes: Uint8Array): void {
    if (bytes.length > 0) this.socket!.emit('data', Buffer.from(bytes));
  }

  /** Index just after the blank line ending a head within `bytes` from `from`, or -1. */
  private headEnd(bytes: Uint8Array, from: number): number {
    let state = this.lineState;
    for (let i = from; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === LF) {
        if (state !== 0) {
          this.lineState = 0;
          return i + 1;
        }
        state = 1;
      } else state = b === CR && state === 1 ? 2 : 0;
    }
    this.lineState = state;
    return -1;
  }

  private head(bytes: Uint8Array): boolean {
    let start = 0;
    for (;;) {
      const end = this.headEnd(bytes, start);
      if (end < 0) {
        // The head goes on in the next read.
        this.emitCopy(bytes.subarray(start));
        return true;
      }
      const before = this.response;
      this.emitCopy(bytes.subarray(start, end));
      start = end;
      const res = this.response;
      if (!res) continue; // a 1xx head: the final one follows
      // The response must have been completed by exactly this head, with no body parsed yet.
      if (before || res.readableLength > 0 || !this.ours(res)) return this.toParser(bytes.subarray(start));
      this.mode = 'body';
      this.total = this.remaining = Number(res.headers['content-length']);
      // The parser waits for a body it will never get; the socket is closed when we are done.
      res.on('error', () => undefined);
      return this.body(bytes.subarray(start));
    }
  }

  /** A 2xx answer of a known length, not chunked: its bytes are simply the next Content-Length bytes. */
  private ours(res: http.IncomingMessage): boolean {
    const status = res.statusCode ?? 0;
    const length = res.headers['content-length'];
    return status >= 200 && status < 300 && status !== 204 && res.headers['transfer-encoding'] === undefined && length !== undefined && /^\d{1,15}$/.test(length);
  }

  private body(bytes: Uint8Array): boolean {
    if (this.done) return false;
    const n = Math.min(bytes.length, this.remaining);
    const part = n === bytes.length ? bytes : bytes.subarray(0, n);
    this.remaining -= n;
    if (!this.take) {
      // Not asked for yet (the file is being opened): held, and the socket paused.
      if (n > 0) this.pending.push(Buffer.from(part));
      return false;
    }
    const room = n > 0 ? this.take(part) : true;
    if (this.remaining === 0) {
      this.finish();
      return false;
    }
    return this.resumeWhen(room);
  }

  /** Resumes reading on the next tick: a read callback that paused the socket has returned by then. */
  private readonly resumeSoon = (): void =>
    process.nextTick(() => {
      if (!this.done && !this.socket!.destroyed) this.socket!.resume();
    });

  /** Reading goes on now (true), or once `take` has room again. */
  private resumeWhen(room: boolean): boolean {
    if (room) return true;
    this.onRoom!(this.resumeSoon);
    return false;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.settle!.resolve();
    process.nextTick(() => this.request?.destroy());
  }

  private fail(error: unknown): void {
    // Once every byte is in, a closing connection (a server that closes after its answer) changes nothing.
    if (this.done || (this.mode === 'body' && this.remaining === 0)) return;
    this.failure ??= error;
    if (!this.settle) return; // told when the body is asked for
    this.done = true;
    this.settle.reject(error);
    process.nextTick(() => this.request?.destroy());
  }
}
