/**
 * Errors as Node-RED's Catch node receives them. Node-RED copies only `message`, `code`, `stack` and
 * `cause` of the error it is given into `msg.error`, so the connector's error is reshaped: the message
 * carries the hint, `code` is Meta's code (or the error type when Meta gave none), and `cause` is the
 * whole error as the CLI prints it (type, code, details, hint, maybeSent, issues with each bad field).
 */
import { isConnectorError } from '../../../runtime/errors/connector-error.js';
import type { NodeStatus } from './node-red-api.js';

export interface CatchableError extends Error {
  code: number | string;
  cause: Record<string, unknown>;
}

export function catchableError(error: unknown): CatchableError {
  if (!isConnectorError(error)) {
    const plain = error instanceof Error ? error : new Error(String(error));
    return Object.assign(new Error(plain.message), { code: plain.name, cause: { type: plain.name, message: plain.message } });
  }
  const json = error.toJSON();
  const message = error.hint ? `${error.message} — ${error.hint}` : error.message;
  const out = new Error(message) as CatchableError;
  out.name = error.name;
  out.code = error.code ?? error.name;
  out.cause = json;
  return out;
}

/** The node's status line after a failure: the error type and Meta's code. */
export function failureStatus(error: CatchableError): NodeStatus {
  const code = typeof error.code === 'number' ? ` ${error.code}` : '';
  return { fill: 'red', shape: 'ring', text: `${error.name}${code}` };
}
