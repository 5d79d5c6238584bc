/**
 * Every way a call can fail, as (set-up, run) pairs, so the token-leak checks cover each path once.
 * Meta sometimes echoes request data back (cloud-api.md §7.1), hence the envelopes carrying the token.
 */
import nock from 'nock';
import { GRAPH, PHONE_ID, TOKEN, WABA } from './connection.js';
import type { ExecutionContext } from '../../src/runtime/runtime.js';
import { connector, ctx, graphError, v, type ContractCtx } from './graph-api.js';

export const send = { senderId: PHONE_ID, to: '+16315551234', type: 'text' as const, text: { body: 'Hello' } };
const messages = () => nock(GRAPH).post(v(`/${PHONE_ID}/messages`));
const senders = () =>
  nock(GRAPH)
    .get(v(`/${WABA}/phone_numbers`))
    .query(true);

export interface Scenario {
  title: string;
  /** Installs the nock answers; returns the context to run with. */
  arrange: () => ContractCtx;
  run: (c: ContractCtx) => Promise<unknown>;
}

const execute = (input: unknown) => (c: ExecutionContext) => connector().executeDynamic('send-message', input, c);
const listSenders = (c: ExecutionContext) => connector().rpc('list-senders', {}, c);

export const scenarios: Scenario[] = [
  {
    title: 'Meta echoes the token in message and details (190)',
    arrange: () => {
      messages().reply(401, graphError(190, { message: `Invalid OAuth access token - ${TOKEN}`, details: `token ${TOKEN} is invalid` }));
      return ctx();
    },
    run: execute(send),
  },
  {
    title: 'Meta echoes the URL-encoded token in error_user_msg',
    arrange: () => {
      const env = graphError(100);
      messages().reply(400, { error: { ...env.error, error_data: undefined, error_user_msg: `bad access_token=${encodeURIComponent(TOKEN)}` } });
      return ctx();
    },
    run: execute(send),
  },
  {
    title: 'a non-JSON answer quoting the token',
    arrange: () => {
      senders().reply(401, `Authorization: Bearer ${TOKEN} refused`);
      return ctx();
    },
    run: listSenders,
  },
  {
    title: 'throttled until the retries run out (logs the backoff)',
    arrange: () => {
      messages()
        .times(3)
        .reply(400, graphError(130429, { message: `(#130429) Rate limit hit for ${TOKEN}` }), { 'retry-after': '1' });
      return ctx({ transport: { maxThrottleRetries: 2 } });
    },
    run: execute(send),
  },
  {
    title: 'a GET answered 5xx until the retries run out (logs the retries)',
    arrange: () => {
      senders()
        .times(3)
        .reply(503, graphError(2, { details: `upstream saw ${TOKEN}` }));
      return ctx({ transport: { maxGetRetries: 2 } });
    },
    run: listSenders,
  },
  {
    title: 'a POST answered 500 (131000)',
    arrange: () => {
      messages().reply(500, graphError(131000));
      return ctx();
    },
    run: execute(send),
  },
  {
    title: 'a reset connection on a POST',
    arrange: () => {
      messages().replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      return ctx();
    },
    run: execute(send),
  },
  {
    title: 'a timeout on a POST',
    arrange: () => {
      messages().delay(200).reply(200, {});
      return ctx({ transport: { timeoutMs: 50 } });
    },
    run: execute(send),
  },
  {
    title: 'invalid input that contains the token',
    arrange: () => ctx(),
    run: execute({ ...send, to: TOKEN, type: TOKEN, text: { body: TOKEN.repeat(300) } }),
  },
  {
    title: 'an invalid connection',
    arrange: () => ({ ...ctx(), connection: { accessToken: TOKEN, wabaId: `x ${TOKEN}`, graphUrl: `not a url ${TOKEN}` } }),
    run: execute(send),
  },
];
