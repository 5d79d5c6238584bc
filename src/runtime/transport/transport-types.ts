import type { FileInput } from '../fields/file-input.js';
import type { OnSending } from './wire-mark.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface DownloadSpec {
  /** A file path, or a directory to put `fileName` in; without it the bytes come back in memory. */
  to?: string;
  fileName?: string;
  expectedSha256?: string;
  expectedSize?: number;
  maxInMemoryBytes: number;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute, already checked by the URL guard. */
  url: string;
  headers: Record<string, string>;
  json?: unknown;
  /** multipart/form-data parts, in order: text values or files. */
  multipart?: Array<[string, string | FileInput]>;
  /** A raw file body (Resumable Upload). */
  binary?: FileInput;
  download?: DownloadSpec;
}

/** What a host is shown of a request about to leave: never its headers (they carry the access token). */
export interface RequestView {
  method: HttpMethod;
  url: string;
  body?: unknown;
  /** multipart/form-data parts: text values, or the file's name, type and size. */
  parts?: Array<[string, unknown]>;
  file?: unknown;
  /** The answer is a file to download (streamed to disk or memory). */
  download?: boolean;
}

/** The request as a host may see it (ExecutionContext.onRequest). */
export function viewOf(req: HttpRequest): RequestView {
  const view: RequestView = { method: req.method, url: req.url };
  if (req.json !== undefined) view.body = req.json;
  if (req.multipart) view.parts = req.multipart.map(([k, v]) => [k, typeof v === 'string' ? v : v.toJSON()]);
  if (req.binary) view.file = req.binary.toJSON();
  if (req.download) view.download = true;
  return view;
}

export interface DownloadResult {
  path?: string;
  buffer?: Buffer;
  sha256: string;
  size: number;
  mimeType?: string;
  fileName?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  download?: DownloadResult;
}

export interface Progress {
  phase: 'upload' | 'download';
  loaded: number;
  total?: number;
}

export interface SendOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Called once the request is about to leave (see ExecutionContext.onSending). */
  onSending?: OnSending;
}
