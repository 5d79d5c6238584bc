/**
 * Odd or hostile values given to execute(): each is refused before anything is sent, as a ValidationError
 * that names the field (DESIGN "every bad input is a clear error naming the field"), never a crash.
 */
import { Readable } from 'node:stream';
import { ctx, failure, issuePaths, useNock } from '../helpers/graph-api.js';
import { redactingLogger } from '../../src/runtime/logger.js';

useNock();

/** A context that counts the requests that would leave. */
function counting() {
  const c = ctx();
  const sent: string[] = [];
  c.onRequest = (r) => void sent.push(r.url);
  return { c, sent };
}

describe('a json field takes JSON data only', () => {
  const cyclic = (): Record<string, unknown> => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    return o;
  };
  const deep = (levels: number): Record<string, unknown> => {
    const root: Record<string, unknown> = {};
    let o = root;
    for (let i = 0; i < levels; i++) o = o.a = {};
    return root;
  };
  test.each([
    ['a cycle', () => ({ text: cyclic() }), 'body[text][self]', /cycle/],
    ['10,000 levels of nesting', () => deep(10_000), 'body[a]', /nested more than 100 levels/],
    ['a BigInt', () => ({ n: 10n }), 'body[n]', /bigint is not JSON data/],
    ['a Map', () => new Map([['a', 1]]), 'body', /a Map is not JSON data/],
    ['a Date', () => ({ at: new Date(0) }), 'body[at]', /a Date is not JSON data/],
    ['a Buffer', () => Buffer.from('hi'), 'body', /a Buffer is not JSON data/],
    ['a stream', () => Readable.from(['a']), 'body', /a Readable is not JSON data/],
    ['NaN', () => ({ n: [1, NaN] }), 'body[n][1]', /NaN is not a JSON number/],
  ])('%s: a ValidationError naming the value, nothing sent', async (_what, body, path, message) => {
    const { c, sent } = counting();
    const error = await failure('make-api-call', { url: 'me', method: 'POST', body: body() }, c);
    expect(error.name).toBe('ValidationError');
    expect(error.maybeSent).not.toBe(true);
    expect(issuePaths(error).some((p) => p.startsWith(path))).toBe(true);
    expect(error.message).toMatch(message);
    expect(sent).toEqual([]);
  });

  test('JSON data whose parts are shared (not a cycle) is taken, and checked once per part', async () => {
    // 40 levels of an object holding its child twice: 2^40 paths, 40 objects.
    let shared: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i++) shared = { left: shared, right: shared };
    const { c, sent } = counting();
    c.onRequest = (r) => {
      sent.push(r.url);
      throw new Error('dry run'); // the body would be 2^40 leaves long: stop before it is written
    };
    const error = await failure('make-api-call', { url: 'me', method: 'POST', body: { shared } }, c);
    expect(error.name).not.toBe('ValidationError');
    expect(sent).toHaveLength(1);
  });

  test('a plain body with __proto__ and constructor keys is sent as data, and pollutes nothing', async () => {
    const { c, sent } = counting();
    c.onRequest = (r) => {
      sent.push(JSON.stringify(r.body));
      throw new Error('dry run');
    };
    const body = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}') as unknown;
    await failure('make-api-call', { url: 'me', method: 'POST', body }, c);
    expect(sent[0]).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a getter in the input that throws', () => {
  const throwing = (message: string) => {
    throw new Error(message);
  };
  test.each([
    [
      'a field',
      'send-message',
      {
        senderId: '1',
        to: '+16315551234',
        type: 'text',
        get text() {
          return throwing('text is gone');
        },
      },
      'text',
    ],
    [
      'a nested field',
      'send-message',
      {
        senderId: '1',
        to: '+16315551234',
        type: 'text',
        text: {
          get body() {
            return throwing('body is gone');
          },
        },
      },
      'text.body',
    ],
    [
      'a file object',
      'upload-media',
      {
        senderId: '1',
        file: {
          fileName: 'a.png',
          get data() {
            return throwing('bytes are gone');
          },
        },
      },
      'file',
    ],
    [
      'a field named like a secret',
      'enable-two-step-verification',
      {
        senderId: '1',
        get pin() {
          return throwing('pin is gone');
        },
      },
      'pin',
    ],
    [
      'an unknown field',
      'delete-media',
      {
        mediaId: '1',
        get extra() {
          return throwing('extra is gone');
        },
      },
      'extra',
    ],
  ])('in %s: a ValidationError naming the field, nothing sent', async (_what, moduleId, input, path) => {
    const { c, sent } = counting();
    const error = await failure(moduleId, input, c);
    expect(error.name).toBe('ValidationError');
    expect(issuePaths(error)).toContain(path);
    expect(sent).toEqual([]);
  });
});

describe('a lone UTF-16 surrogate in a secret', () => {
  const pin = '12\ud83d3456'; // half an emoji: encodeURIComponent throws on it

  test('in a PIN: a ValidationError naming the field, the PIN in no message', async () => {
    const { c, sent } = counting();
    const error = await failure('enable-two-step-verification', { senderId: '1', pin }, c);
    expect(error.name).toBe('ValidationError');
    expect(issuePaths(error)).toContain('pin');
    expect(JSON.stringify(error.toJSON?.())).not.toContain(JSON.stringify(pin).slice(1, -1));
    expect(sent).toEqual([]);
  });

  test('in the access token: the failure is a ConnectorError, with the token taken out', async () => {
    const c = ctx({ connection: { accessToken: `tok\ud800en-0123456789` } });
    const error = await failure('delete-media', { mediaId: '1' }, c); // no Graph: the connection fails
    expect(error.isConnectorError).toBe(true);
    expect(error.message).not.toContain('tok\ud800en');
  });

  test('is scrubbed from a log line, which is still written', () => {
    const lines: string[] = [];
    const log = (fields: Record<string, unknown>, message: string) => void lines.push(`${JSON.stringify(fields)} ${message}`);
    redactingLogger({ debug: log, info: log, warn: log, error: log }, () => [pin]).warn({ pin, other: `x${pin}y` }, `sent ${pin}`);
    expect(lines).toEqual(['{"pin":"[redacted]","other":"x[redacted]y"} sent [redacted]']);
  });
});

test('a JSON Schema checked list of 200,000 bad items: a ValidationError naming the first few, not a stack overflow', async () => {
  // Each bad item is an error in each oneOf branch; they were grouped by copying a list per error and
  // their paths spread as arguments to Math.min, which overflows the stack from about 120,000.
  const { c, sent } = counting();
  const error = await failure('make-api-call', { url: 'me', qs: new Array(200_000).fill('a') }, c);
  expect(error.name).toBe('ValidationError');
  expect(issuePaths(error).slice(0, 3)).toEqual(['qs[0]', 'qs[1]', 'qs[2]']);
  expect(issuePaths(error).length).toBeLessThanOrEqual(10);
  expect(sent).toEqual([]);
});

test('30,000 unknown keys: the message names the first 20 and counts the rest; every issue is kept', async () => {
  const input: Record<string, unknown> = { mediaId: '1' };
  for (let i = 0; i < 30_000; i++) input[`k${i}`] = 1;
  const { c, sent } = counting();
  const error = await failure('delete-media', input, c);
  expect(error.name).toBe('ValidationError');
  expect(issuePaths(error)).toHaveLength(30_000);
  expect(error.message).toMatch(/k0: unknown field .*k19: unknown field [^;]*; and 29980 more$/);
  expect(error.message).not.toContain('k20:');
  expect(String(error.toJSON?.().details)).toMatch(/; and 29980 more$/);
  expect(sent).toEqual([]);
});
