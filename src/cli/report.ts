/** Prints a failure as `{"error":{…}}` on stderr and picks the exit code. */
import { isConnectorError, isValidationError } from '../runtime/index.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './exit-codes.js';
import { toJson, type CliIo } from './io.js';

export function reportError(io: CliIo, error: unknown): number {
  if (error instanceof UsageError) {
    io.stderr(`${toJson({ error: { type: 'UsageError', message: error.message } }, false)}\n`);
    return EXIT_USAGE;
  }
  if (isValidationError(error)) {
    const e = error.toJSON();
    io.stderr(`${toJson({ error: { type: e.type, message: e.message, details: e.details, fields: error.issues } }, false)}\n`);
    return EXIT_USAGE;
  }
  if (isConnectorError(error)) {
    const e = error.toJSON();
    const { type, message, code, details, fbtraceId, hint, httpStatus, retryable, maybeSent } = e;
    io.stderr(`${toJson({ error: { type, message, code, details, fbtraceId, hint, httpStatus, retryable, maybeSent } }, false)}\n`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${toJson({ error: { type: 'RuntimeError', message } }, false)}\n`);
  return EXIT_FAILURE;
}
