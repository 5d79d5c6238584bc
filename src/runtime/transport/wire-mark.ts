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

/** Marks `request` with `onSending` just before its first byte; a mark that throws stops the request. */
export function markBeforeFirstByte(request: ClientRequest, onSending: () => void): void {
  const mark = (socket: Socket) => {
    try {
      onSending();
    } catch (error) {
      // Destroyed before the bytes are handed over: nothing reaches the server.
      const stopped = new WireMarkError(error);
      socket.destroy(stopped);
      request.destroy(stopped);
    }
  };
  request.once('socket', (socket: Socket) => {
    if (socket.connecting) socket.once('connect', () => mark(socket));
    else mark(socket);
  });
}

/** The mark could not be taken, so the request was stopped before its first byte: it was not sent. */
export class WireMarkError extends Error {
  override name = 'WireMarkError';
  constructor(cause: unknown) {
    super(`the request was stopped before it left, as it could not be recorded first: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
