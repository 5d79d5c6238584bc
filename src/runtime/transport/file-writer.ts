/**
 * Writes a downloaded body to a file through a few reused buffers: each piece of the body is copied into
 * the current buffer, a full buffer is written at its offset (several may be in flight) and filled again
 * once written. The pieces given may be views of a buffer the socket reads into again (socket-body.ts),
 * so they are never kept; and nothing is allocated per piece, so a 100 MB download leaves no garbage
 * behind it for a collection to free (a fresh buffer per read would pile up tens of MB before one).
 */
import { close, open, write } from 'node:fs';

const BUFFER_BYTES = 256 * 1024;
const BUFFERS = 4;

function opened(path: string, flags: string): Promise<number> {
  return new Promise((resolve, reject) => open(path, flags, 0o666, (error, fd) => (error ? reject(error) : resolve(fd))));
}

export class FileWriter {
  private readonly free: Buffer[] = [];
  private current: Buffer | undefined;
  private used = 0;
  private position = 0;
  private inFlight = 0;
  private failure: Error | undefined;
  private closed = false;
  private waiting: Array<() => void> = [];
  private room: (() => void) | undefined;

  private constructor(private readonly fd: number) {}

  /** Opens `path` for a new file (flags 'wx': a file or link already there is an error, never followed). */
  static async create(path: string): Promise<FileWriter> {
    return new FileWriter(await opened(path, 'wx'));
  }

  /** The first error of a write, if any: the caller stops sending more. */
  get error(): Error | undefined {
    return this.failure;
  }

  /**
   * Takes a copy of `bytes`. Returns false when every buffer is being written: the caller should pause
   * until `onRoom` calls back (bytes given meanwhile are still taken, into an extra buffer).
   */
  write(bytes: Uint8Array): boolean {
    let from = 0;
    while (from < bytes.length) {
      this.current ??= this.free.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES);
      const n = Math.min(bytes.length - from, BUFFER_BYTES - this.used);
      this.current.set(n === bytes.length ? bytes : bytes.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
      if (this.used === BUFFER_BYTES) this.flush();
    }
    return this.hasRoom();
  }

  /** Calls `fn` once a buffer is free again (or at once if one is). */
  onRoom(fn: () => void): void {
    if (this.hasRoom()) fn();
    else this.room = fn;
  }

  /** Writes what is left and closes the file; rejects with the first write error. */
  async end(): Promise<void> {
    this.flush();
    await this.settled();
    await this.closeFd();
    if (this.failure) throw this.failure;
  }

  /** Waits for the writes under way and closes the file, whatever happened (the caller removes it). */
  async discard(): Promise<void> {
    await this.settled();
    await this.closeFd().catch(() => undefined);
  }

  private hasRoom(): boolean {
    return this.inFlight < BUFFERS;
  }

  private flush(): void {
    const buffer = this.current;
    const length = this.used;
    if (!buffer || length === 0) return;
    this.current = undefined;
    this.used = 0;
    if (this.failure) {
      this.free.push(buffer);
      return;
    }
    this.inFlight++;
    const position = this.position;
    this.position += length;
    this.writeAll(buffer, 0, length, position);
  }

  /** fs.write may write less than asked (rare, for a file): the rest is written after it. */
  private writeAll(buffer: Buffer, offset: number, length: number, position: number): void {
    write(this.fd, buffer, offset, length, position, (error, written) => {
      if (!error && written < length && written > 0) {
        this.writeAll(buffer, offset + written, length - written, position + written);
        return;
      }
      if (error) this.failure ??= error;
      else if (written === 0) this.failure ??= Object.assign(new Error('the file took no bytes'), { code: 'EIO', syscall: 'write' });
      this.inFlight--;
      if (this.free.length < BUFFERS) this.free.push(buffer); // an extra buffer (see write) is let go
      if (this.hasRoom() && this.room) {
        const fn = this.room;
        this.room = undefined;
        fn();
      }
      if (this.inFlight === 0) for (const fn of this.waiting.splice(0)) fn();
    });
  }

  private settled(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }

  private closeFd(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve, reject) => close(this.fd, (error) => (error ? reject(error) : resolve())));
  }
}
