/**
 * Meta's error envelope as the sandbox answers it (cloud-api.md §7.1): `(#code) title` messages,
 * `error_data.details`, a trace id, and the HTTP status Meta uses for that code.
 */
import { randomBytes } from 'node:crypto';

export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
    is_transient?: boolean;
  };
}

/** Thrown by route handlers; the server turns it into the answer. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly body: GraphErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error.message);
  }
}

export const traceId = () => randomBytes(12).toString('base64url');

const STATUS: Record<number, number> = { 190: 401, 0: 401, 10: 403, 200: 403, 131000: 500, 131016: 503, 132001: 404, 133004: 503 };

export function graphError(code: number, title: string, details?: string, extra: { subcode?: number; type?: string; status?: number; headers?: Record<string, string> } = {}): SandboxError {
  return new SandboxError(
    extra.status ?? STATUS[code] ?? 400,
    {
      error: {
        message: `(#${code}) ${title}`,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        // Meta's Cloud API errors always carry error_data; the connector reads `details` first.
        error_data: { messaging_product: 'whatsapp', details: details ?? title },
        fbtrace_id: traceId(),
      },
    },
    extra.headers,
  );
}

/** Meta's answer for an id that does not exist or an unknown path. */
export function unknownObject(id: string, method = 'get'): SandboxError {
  const message = `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`;
  return new SandboxError(400, {
    error: { message, type: 'GraphMethodException', code: 100, error_data: { messaging_product: 'whatsapp', details: message }, error_subcode: 33, fbtrace_id: traceId() },
  });
}

/** A bad or missing parameter: code 100 with details naming it. */
export const invalidParameter = (details: string) => graphError(100, 'Invalid parameter', details);
