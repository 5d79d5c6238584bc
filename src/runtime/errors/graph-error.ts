/**
 * Turns Meta's error envelope into a typed error. Which class, whether a retry can help, and the hint
 * come from the manifest's `base.response.x-errors` table (data), keyed by code or `code/subcode`.
 */
import type { ErrorRule } from '../generated/descriptor.js';
import { ConnectorError, ERROR_CLASSES, RateLimitError, RuntimeError, InvalidAccessTokenError, DataError } from './connector-error.js';

export interface GraphErrorEnvelope {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { messaging_product?: string; details?: string } | string;
    fbtrace_id?: string;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
  };
}

export type ErrorTable = Record<string, ErrorRule>;

export function ruleFor(table: ErrorTable, code?: number, subcode?: number): ErrorRule | undefined {
  if (code === undefined) return undefined;
  return (subcode !== undefined ? table[`${code}/${subcode}`] : undefined) ?? table[String(code)];
}

export function isThrottle(table: ErrorTable, code?: number): boolean {
  return ruleFor(table, code)?.throttle === true;
}

/** Builds the error for an HTTP answer that is not a success. */
export function errorFromGraphResponse(table: ErrorTable, httpStatus: number, body: unknown, extra: { retryAfterMs?: number; maybeSent?: boolean } = {}): ConnectorError {
  const env = (body && typeof body === 'object' ? (body as GraphErrorEnvelope).error : undefined) ?? undefined;
  if (!env || typeof env !== 'object') {
    const Cls = httpStatus === 401 ? InvalidAccessTokenError : httpStatus === 429 ? RateLimitError : httpStatus >= 500 ? RuntimeError : DataError;
    const text = typeof body === 'string' && body.length > 0 ? `: ${body.slice(0, 200)}` : '';
    return new Cls(`HTTP ${httpStatus} from the Graph API${text}${extra.maybeSent ? ' — the request may have reached Meta and may have been sent; it was not retried' : ''}`, {
      httpStatus,
      retryable: !extra.maybeSent && (httpStatus >= 500 || httpStatus === 429),
      maybeSent: extra.maybeSent,
    });
  }
  const code = typeof env.code === 'number' ? env.code : undefined;
  const subcode = typeof env.error_subcode === 'number' ? env.error_subcode : undefined;
  const rule = ruleFor(table, code, subcode);
  const details = typeof env.error_data === 'string' ? env.error_data : (env.error_data?.details ?? env.error_user_msg);
  const typeName = rule?.type ?? (httpStatus >= 500 ? 'RuntimeError' : 'RuntimeError');
  const Cls = ERROR_CLASSES[typeName] ?? RuntimeError;
  const base = env.message ?? `Graph API error${code !== undefined ? ` ${code}` : ''}`;
  // A send answered by a server error may have gone out: say so, and never call it safe to retry.
  const message = extra.maybeSent ? `${base} — the request may have reached Meta and the message may have been sent; it was not retried, to avoid sending twice` : base;
  const error = new Cls(message, {
    code,
    subcode,
    details,
    fbtraceId: env.fbtrace_id,
    httpStatus,
    retryable: !extra.maybeSent && (rule?.retryable ?? env.is_transient === true),
    hint: rule?.hint,
    maybeSent: extra.maybeSent,
  });
  if (error instanceof RateLimitError && extra.retryAfterMs !== undefined) error.retryAfterMs = extra.retryAfterMs;
  return error;
}
