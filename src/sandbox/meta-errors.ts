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

// HTTP status by error code (cloud-api.md §7.1, from Meta's older table); 400 for everything else, throttling included.
const STATUS_CODES: ReadonlyArray<[number, readonly number[]]> = [
  [401, [0, 190]],
  [403, [10, 368, 131005, 131031]],
  [500, [3, 131000, 131016, 131045, 131057, 133000]],
  [503, [2, 133004]],
  [404, [132001]],
];
const STATUS = new Map(STATUS_CODES.flatMap(([status, codes]) => codes.map((code) => [code, status] as const)));
const statusOf = (code: number) => STATUS.get(code) ?? (code >= 200 && code <= 299 ? 403 : 400);

export function graphError(code: number, title: string, details?: string, extra: { subcode?: number; type?: string; status?: number; headers?: Record<string, string> } = {}): SandboxError {
  return new SandboxError(
    extra.status ?? statusOf(code),
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
