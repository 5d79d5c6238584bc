/** What every sandbox handler works with. */
import type { SandboxState } from './state.js';
import type { WebhookOut } from './webhook-out.js';
import type { ThroughputWindow, PairBuckets } from './rate-buckets.js';
import type { Logger } from '../runtime/logger.js';
import type { UploadedFile } from './parse-body.js';

export interface SandboxContext {
  state: SandboxState;
  token: string;
  baseUrl: () => string;
  now: () => number;
  webhooks: WebhookOut;
  throughput: ThroughputWindow;
  pairs: PairBuckets;
  statusDelaysMs: { delivered: number; read: number };
  logger: Logger;
  /** How long a template review takes (ms). */
  templateReviewMs: number;
}

/** A parsed Graph request: `/{version}/{id}/{edge}` plus query, headers and body. */
export interface GraphRequest {
  method: string;
  version: string;
  id: string;
  edge?: string;
  /** The id under an edge (/{phone}/message_qrdls/{code}). */
  sub?: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  /** Raw bytes (binary uploads) or the parsed multipart parts. */
  raw?: Buffer;
  files?: UploadedFile[];
}

export interface GraphAnswer {
  status?: number;
  json?: unknown;
  bytes?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Meta's phone-number form in webhooks and `wa_id`: digits only. */
export const digits = (s: string) => s.replace(/\D/g, '');
export const wamid = () => `wamid.${Buffer.from(`${Date.now()}-${Math.random()}`).toString('base64url').slice(0, 40)}`;
