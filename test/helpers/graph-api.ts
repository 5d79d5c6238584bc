/**
 * The kit for tests that run modules against a nocked Graph API: one loaded connector, a context that
 * never paces or sleeps, a recorder of what reached the Graph, Meta's error envelope, and a logger that
 * keeps every line so tests can prove the token never reached it.
 */
import nock from 'nock';
import { loadConnector, noPacing, type Connector, type ExecutionContext, type Logger } from '../../src/runtime/runtime.js';
import { connection, GRAPH, PHONE_ID, VERSION, assertNoToken } from './connection.js';

let loaded: Connector | undefined;
export function connector(): Connector {
  loaded ??= loadConnector();
  return loaded;
}

/** Every line a logger was given, serialised, so a test can search it. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (data: Record<string, unknown>, msg: string) => {
    lines.push(`${level} ${msg} ${JSON.stringify(data)}`);
  };
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

export interface ContractCtx extends ExecutionContext {
  logger: Logger & { lines: string[] };
  /** Waits the transport asked for (fake sleep: none really happen). */
  delays: number[];
}

/** A context that never waits: no pacing, a fake sleep that records delays, a recording logger. */
export function ctx(options: { connection?: Partial<ExecutionContext['connection']>; transport?: ExecutionContext['transport'] } = {}): ContractCtx {
  const delays: number[] = [];
  return {
    connection: { ...connection, ...options.connection },
    pacer: noPacing,
    logger: recordingLogger(),
    delays,
    transport: {
      sleep: async (ms: number) => {
        delays.push(ms);
      },
      ...options.transport,
    },
  };
}

/** A nock scope on the Graph API (paths with the version: use `v()`). */
export function graph(): nock.Scope {
  return nock(GRAPH);
}

export const v = (path: string) => `/${VERSION}${path}`;
export const MESSAGES_PATH = v(`/${PHONE_ID}/messages`);

/** Meta's answer to an accepted send (cloud-api.md §2.1). */
export function accepted(to = '+16315551234', id = 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA') {
  return { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id }] };
}

/** Meta's error envelope (cloud-api.md §7.1). */
export function graphError(code: number, extra: { message?: string; details?: string; subcode?: number; fbtraceId?: string } = {}) {
  return {
    error: {
      message: extra.message ?? `(#${code}) error ${code}`,
      type: 'OAuthException',
      code,
      ...(extra.subcode === undefined ? {} : { error_subcode: extra.subcode }),
      error_data: { messaging_product: 'whatsapp', details: extra.details ?? `details for ${code}` },
      fbtrace_id: extra.fbtraceId ?? `trace-${code}`,
    },
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string' || body === '') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * Intercepts POST /v23.0/{phone-id}/messages `times` times and records each request; answers with
 * `reply` (status + body + headers), by default an accepted send.
 */
export function recordMessages(
  reply: { status: number; body: unknown; headers?: Record<string, string> } = { status: 200, body: accepted() },
  times = 1,
): { requests: RecordedRequest[]; scope: nock.Scope } {
  const requests: RecordedRequest[] = [];
  const scope = nock(GRAPH)
    .post(MESSAGES_PATH)
    .times(times)
    .reply(function (uri, body) {
      requests.push({ method: this.req.method, path: uri, headers: this.req.headers, body: parseBody(body) });
      return [reply.status, JSON.stringify(reply.body), { 'content-type': 'application/json', ...reply.headers }];
    });
  return { requests, scope };
}

/** nock set-up every file that nocks the Graph uses: no network but 127.0.0.1, nothing left over between tests. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.cleanAll();
    // Each test nocks its own template list: none may answer from the list an earlier test read.
    connector().refresh();
  });
  afterAll(() => nock.enableNetConnect());
}

type Failure = Error & Record<string, unknown> & { toJSON?: () => Record<string, unknown> };

/** Expects `run` to throw; proves the token is nowhere in the error, its JSON or the log lines. */
export async function failureOf(run: () => Promise<unknown>, c?: ContractCtx): Promise<Failure> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error('expected a failure, got a result');
  const error = caught as Failure;
  assertNoToken(error);
  assertNoToken(error.message);
  assertNoToken(typeof error.toJSON === 'function' ? error.toJSON() : error);
  if (c) c.logger.lines.forEach(assertNoToken);
  return error;
}

export function execute(moduleId: string, input: unknown, c: ContractCtx = ctx()): Promise<unknown> {
  return connector().executeDynamic(moduleId, input, c);
}

/** Paths of a ValidationError's issues. */
export function issuePaths(error: unknown): string[] {
  return ((error as { issues?: Array<{ path: string }> }).issues ?? []).map((i) => i.path);
}

/** Runs a module expecting a failure; returns the error after checking that no secret leaked. */
export function failure(moduleId: string, input: unknown, c: ContractCtx = ctx()): Promise<Failure> {
  return failureOf(() => execute(moduleId, input, c), c);
}

/** The hint the manifest's error table gives a code. */
export function hintFor(code: number): string {
  const rule = connector().manifest.base.response?.['x-errors']?.[String(code)];
  if (!rule?.hint) throw new Error(`no hint for ${code} in the manifest`);
  return rule.hint;
}
