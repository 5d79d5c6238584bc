/** Shared set-up for module tests: one loaded connector, a context that never sleeps, Meta's error envelope. */
import nock from 'nock';
import { loadConnector, type Connector, type ExecutionContext } from '../../src/runtime/runtime.js';
import { connection, GRAPH, VERSION, assertNoToken } from '../helpers/connection.js';

let loaded: Connector | undefined;
export function connector(): Connector {
  loaded ??= loadConnector();
  return loaded;
}

export function ctx(extra: Partial<ExecutionContext['connection']> = {}): ExecutionContext {
  return { connection: { ...connection, ...extra }, transport: { sleep: async () => undefined } };
}

/** nock scope on the Graph API; paths given without the version. */
export function graph(): nock.Scope {
  return nock(GRAPH);
}

export const v = (path: string) => `/${VERSION}${path}`;

/** Meta's error envelope (cloud-api.md §7.1). */
export function graphError(code: number, message = `(#${code}) error`, details = 'details from Meta') {
  return { error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: 'AbCdEf123' } };
}

/** Runs a module expecting a failure; returns the error after checking that no secret leaked. */
export async function failure(moduleId: string, input: unknown, c: ExecutionContext = ctx()): Promise<Record<string, unknown> & Error> {
  try {
    await connector().executeDynamic(moduleId, input, c);
  } catch (error) {
    assertNoToken(error);
    assertNoToken((error as Error).message);
    return error as Record<string, unknown> & Error;
  }
  throw new Error(`${moduleId} was expected to fail`);
}

export function setUpNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

/** The hint the manifest's error table gives a code. */
export function hintFor(code: number): string {
  const rule = connector().manifest.base.response?.['x-errors']?.[String(code)];
  if (!rule?.hint) throw new Error(`no hint for ${code} in the manifest`);
  return rule.hint;
}
