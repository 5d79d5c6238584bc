/**
 * Calls a callback at the last moment before a request's first byte is written to the socket, so the
 * batch journal's "may have reached Meta" mark leaves no gap in which a hard kill could strand a row
 * that never left (resume after a kill sends each row exactly once).
 *
 * node:http hands a request's bytes to its socket right after emitting `socket`; a socket still
 * connecting writes them when it emits `connect`. A listener on the first (reused socket) or the second
 * (new connection), added before the request writes, runs just before the bytes go — and never for a
 * connection that fails, so a request that provably never left is not marked.
 */
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { NotSentError } from './not-sent.js';

/** The mark: synchronous (a journal line), or a promise (a shared store) the first byte waits for. */
export type OnSending = (() => void) | (() => PromiseLike<void>);

const isThenable = (value: unknown): value is PromiseLike<void> => typeof (value as PromiseLike<void> | undefined)?.then === 'function';

/**
 * Marks `request` with `onSending` just before its first byte; a mark that throws (or rejects) stops the
 * request. A socket still connecting is corked from the start, so the bytes node:http hands it wait
 * until the mark is taken — an asynchronous mark holds them the same way on a reused socket.
 */
export function markBeforeFirstByte(request: ClientRequest, onSending: OnSending): void {
  const stop = (socket: Socket, error: unknown) => {
    // Destroyed before the bytes are handed over: nothing reaches the server.
    const stopped = new WireMarkError(error);
    socket.destroy(stopped);
    request.destroy(stopped);
  };
  const mark = (socket: Socket, corked: boolean) => {
    let pending: ReturnType<OnSending>;
    try {
      pending = onSending();
    } catch (error) {
      stop(socket, error);
      return;
    }
    if (isThenable(pending)) {
      if (!corked) socket.cork();
      pending.then(
        () => socket.uncork(),
        (error: unknown) => stop(socket, error),
      );
    } else if (corked) socket.uncork();
  };
  request.once('socket', (socket: Socket) => {
    if (!socket.connecting) return mark(socket, false);
    socket.cork();
    socket.once('connect', () => mark(socket, true));
  });
}

/** The same mark for a request about to be opened (a streamed upload): it leaves only once marked. */
export async function markBeforeOpening(onSending: OnSending | undefined): Promise<void> {
  try {
    await onSending?.();
  } catch (error) {
    throw new WireMarkError(error); // not recorded, so not sent
  }
}

/** The mark could not be taken, so the request was stopped before its first byte: it was not sent. */
export class WireMarkError extends NotSentError {
  override name = 'WireMarkError';
  constructor(cause: unknown) {
    super(`the request was stopped before it left, as it could not be recorded first: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
