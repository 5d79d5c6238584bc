/**
 * Errors the runtime throws. The class names are Make's error types, so a flow engine that knows Make
 * can route them unchanged. Every error carries Meta's code, details and trace id when Meta sent them.
 */
export interface ConnectorErrorInit {
  code?: number;
  subcode?: number;
  details?: string;
  fbtraceId?: string;
  httpStatus?: number;
  retryable?: boolean;
  hint?: string;
  /** The request may have reached Meta although no answer came back (it was not retried). */
  maybeSent?: boolean;
  cause?: unknown;
}

export class ConnectorError extends Error {
  readonly code?: number;
  readonly subcode?: number;
  readonly details?: string;
  readonly fbtraceId?: string;
  readonly httpStatus?: number;
  readonly retryable: boolean;
  readonly hint?: string;
  readonly maybeSent: boolean;

  constructor(message: string, init: ConnectorErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.subcode = init.subcode;
    this.details = init.details;
    this.fbtraceId = init.fbtraceId;
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable ?? false;
    this.hint = init.hint;
    this.maybeSent = init.maybeSent ?? false;
  }

  /** Cross-realm guard, as ky does: `instanceof` fails across copies of the package. */
  get isConnectorError(): true {
    return true;
  }

  /** The shape the CLI prints and hosts can serialise. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { type: this.name, message: this.message };
    for (const key of ['code', 'subcode', 'details', 'fbtraceId', 'httpStatus', 'hint'] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    out.retryable = this.retryable;
    if (this.maybeSent) out.maybeSent = true;
    return out;
  }
}

export class InvalidAccessTokenError extends ConnectorError {}
export class RateLimitError extends ConnectorError {
  /** How long Meta (or its usage headers) asked us to wait, when it said. */
  retryAfterMs?: number;
}
export class DataError extends ConnectorError {}
export class ConnectionError extends ConnectorError {}
export class RuntimeError extends ConnectorError {}
export class InvalidConfigurationError extends ConnectorError {}
export class IncompleteDataError extends ConnectorError {}
export class DuplicateDataError extends ConnectorError {}

/**
 * A file could not be written or read on this machine (a full disk, no permission, a folder in the way).
 * A RuntimeError for hosts that route by Make's types; never retried, as asking Meta again cannot help.
 */
export class FileSystemError extends RuntimeError {
  /** The file or folder concerned. */
  readonly path: string;
  /** Node's error code: ENOSPC, EACCES, EISDIR… */
  readonly fsCode?: string;

  constructor(message: string, init: ConnectorErrorInit & { path: string; fsCode?: string }) {
    super(message, { ...init, retryable: false });
    this.path = init.path;
    this.fsCode = init.fsCode;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), path: this.path, ...(this.fsCode ? { fsCode: this.fsCode } : {}) };
  }
}

export const ERROR_CLASSES = {
  InvalidAccessTokenError,
  RateLimitError,
  DataError,
  ConnectionError,
  RuntimeError,
  InvalidConfigurationError,
  IncompleteDataError,
  DuplicateDataError,
} as const;
export type ErrorTypeName = keyof typeof ERROR_CLASSES;

export function isConnectorError(error: unknown): error is ConnectorError {
  return typeof error === 'object' && error !== null && (error as { isConnectorError?: unknown }).isConnectorError === true;
}
