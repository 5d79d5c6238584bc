/**
 * Calls a callback at the last moment before a fetch request's first byte is written to the socket,
 * so the batch journal's "may have reached Meta" mark leaves no gap in which a hard kill could strand a
 * row that never left (issue 6: resume after a kill sends each row exactly once).
 *
 * Node's fetch is undici, which publishes `undici:request:create` (in the caller's async context, so
 * AsyncLocalStorage tells whose request it is) and `undici:client:sendHeaders` (synchronously, just
 * before writing to the socket). Until that pair has been seen working in this process, the callback
 * runs when fetch is called instead: earlier, never later, so a mark can be early but never missing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';

const context = new AsyncLocalStorage<Mark>();
const waiting = new WeakMap<object, Mark>();
let channelsProven = false;

interface Mark {
  callback: () => void;
  done: boolean;
  /** Why the mark could not be taken (the journal write failed): the request must not go out. */
  error?: unknown;
}

function fire(mark: Mark): void {
  if (mark.done) return;
  mark.done = true;
  mark.callback();
}

subscribe('undici:request:create', (message) => {
  const mark = context.getStore();
  const request = (message as { request?: object }).request;
  if (mark && request) waiting.set(request, mark);
});

subscribe('undici:client:sendHeaders', (message) => {
  const { request, socket } = message as { request?: object; socket?: { destroy(error?: Error): void } };
  const mark = request && waiting.get(request);
  if (!mark) return;
  waiting.delete(request);
  channelsProven = true;
  try {
    fire(mark);
  } catch (error) {
    // A subscriber's exception would not stop undici from writing; destroying the socket does.
    mark.error = error;
    socket?.destroy(error instanceof Error ? error : new Error(String(error)));
  }
});

/** `fetch`, with `onSending` called right before the request goes on the wire. */
export async function fetchWithWireMark(onSending: () => void, input: Request | URL | string, init?: RequestInit): Promise<Response> {
  const mark: Mark = { callback: onSending, done: false };
  if (!channelsProven) {
    try {
      fire(mark);
    } catch (error) {
      throw new WireMarkError(error);
    }
  }
  let response: Response;
  try {
    response = await context.run(mark, () => fetch(input, init));
  } catch (error) {
    if (mark.error !== undefined) throw new WireMarkError(mark.error);
    throw error;
  }
  // A response means the request left; should the channels ever stay silent, mark it now all the same.
  fire(mark);
  return response;
}

/** The mark could not be taken, so the request was stopped before its first byte: it was not sent. */
export class WireMarkError extends Error {
  override name = 'WireMarkError';
  constructor(cause: unknown) {
    super(`the request was stopped before it left, as it could not be recorded first: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** For tests: whether the late mark is in use. */
export function wireMarkProven(): boolean {
  return channelsProven;
}
