/** evaluate(): raw values vs interpolation, key expressions, the spread key, undefined dropping, no mutation. */
import { Readable } from 'node:stream';
import { evaluate, hasExpression, ExpressionError, type ExpressionScope } from '../../../src/runtime/expressions/expressions.js';

const scope: ExpressionScope = {
  parameters: {
    senderId: '106540352242922',
    to: '+15551234567',
    type: 'text',
    text: { body: 'Hello', preview_url: false },
    count: 2,
    tags: ['x', 'y'],
    headers: { 'X-One': '1', 'X-Two': '2' },
  },
  connection: { wabaId: '102290129340398' },
  temp: {},
};

describe('raw value vs interpolation', () => {
  it('returns the raw value when the string is exactly one expression', () => {
    expect(evaluate('{{parameters.text}}', scope)).toEqual({ body: 'Hello', preview_url: false });
    expect(evaluate('{{ parameters.count }}', scope)).toBe(2);
    expect(evaluate('{{parameters.text.preview_url}}', scope)).toBe(false);
    expect(evaluate('{{parameters.missing}}', scope)).toBeUndefined();
  });

  it('interpolates when text and expressions mix', () => {
    // URL shape: cloud-api.md §2 `POST /{phone-number-id}/messages`
    expect(evaluate('/{{parameters.senderId}}/messages', scope)).toBe('/106540352242922/messages');
    expect(evaluate('{{parameters.count}} items', scope)).toBe('2 items');
    expect(evaluate('[{{parameters.missing}}]', scope)).toBe('[]');
    expect(evaluate('v={{null}}', scope)).toBe('v=');
    expect(evaluate('t={{parameters.tags}} o={{parameters.text}}', scope)).toBe('t=["x","y"] o={"body":"Hello","preview_url":false}');
    expect(evaluate('{{parameters.senderId}}{{connection.wabaId}}', scope)).toBe('106540352242922102290129340398');
  });

  it('leaves strings without expressions and non-string scalars alone', () => {
    expect(evaluate('plain }} text', scope)).toBe('plain }} text');
    expect(evaluate(12, scope)).toBe(12);
    expect(evaluate(null, scope)).toBeNull();
    expect(evaluate(true, scope)).toBe(true);
  });

  it('refuses binary data inside text', () => {
    expect(() => evaluate('x{{parameters.file}}', { parameters: { file: Buffer.from('abc') } })).toThrow(/binary data cannot be turned into text/);
  });
});

describe('objects and arrays', () => {
  const descriptor = {
    url: '/{{parameters.senderId}}/messages',
    method: 'POST',
    body: {
      messaging_product: 'whatsapp',
      to: '{{parameters.to}}',
      type: '{{parameters.type}}',
      '{{parameters.type}}': '{{get(parameters, parameters.type)}}',
      context: '{{parameters.context}}',
      biz_opaque_callback_data: '{{parameters.tracking}}',
    },
  };

  it('builds a send-message body, dropping optional fields that are undefined', () => {
    // Body shape: cloud-api.md §2.1 (common envelope) and §2.2 (text).
    expect(evaluate(descriptor, scope)).toEqual({
      url: '/106540352242922/messages',
      method: 'POST',
      body: {
        messaging_product: 'whatsapp',
        to: '+15551234567',
        type: 'text',
        text: { body: 'Hello', preview_url: false },
      },
    });
    const result = evaluate(descriptor, scope) as { body: object };
    expect(Object.keys(result.body)).not.toContain('context');
  });

  it('never mutates its input and returns new containers', () => {
    const frozen = JSON.parse(JSON.stringify(descriptor)) as typeof descriptor;
    const copy = structuredClone(frozen);
    const result = evaluate(deepFreeze(frozen), scope);
    expect(frozen).toEqual(copy);
    expect(result).not.toBe(frozen);
  });

  it('keeps null values but drops undefined ones; arrays drop undefined elements', () => {
    expect(evaluate({ a: null, b: '{{parameters.missing}}', c: '{{null}}' }, scope)).toEqual({ a: null, c: null });
    expect(evaluate(['{{parameters.missing}}', '{{parameters.to}}', null, '{{parameters.nothing}}'], scope)).toEqual(['+15551234567', null]);
  });

  it('evaluates nested arrays of objects', () => {
    const components = [{ type: 'body', parameters: [{ type: 'text', text: '{{parameters.text.body}}' }] }];
    expect(evaluate(components, scope)).toEqual([{ type: 'body', parameters: [{ type: 'text', text: 'Hello' }] }]);
  });

  it('evaluates key expressions to text and drops entries whose key is empty', () => {
    expect(evaluate({ '{{parameters.type}}': 1, 'k_{{parameters.count}}': 2, '{{parameters.missing}}': 3 }, scope)).toEqual({
      text: 1,
      k_2: 2,
    });
  });

  it('merges the spread key into the parent, in key order', () => {
    const headers = { Accept: 'application/json', '{{...}}': '{{parameters.headers}}', 'X-Two': 'override' };
    expect(evaluate(headers, scope)).toEqual({ Accept: 'application/json', 'X-One': '1', 'X-Two': 'override' });
    expect(evaluate({ '{{ ... }}': '{{parameters.missing}}', a: 1 }, scope)).toEqual({ a: 1 });
    expect(evaluate({ '{{...}}': { a: '{{parameters.count}}' } }, scope)).toEqual({ a: 2 });
  });

  it('refuses a spread value that is not an object, naming the path', () => {
    expect(() => evaluate({ qs: { '{{...}}': '{{parameters.tags}}' } }, scope)).toThrow(/^qs\["\{\{\.\.\.\}\}"\]: the spread key needs an object, got array/);
  });

  it('passes buffers, typed arrays, streams and dates through by reference', () => {
    const file = Buffer.from('media bytes');
    const bytes = new Uint8Array([1, 2, 3]);
    const stream = Readable.from(['chunk']);
    const when = new Date(0);
    const s: ExpressionScope = { parameters: { file, bytes, stream } };
    const result = evaluate({ file: '{{parameters.file}}', bytes: '{{parameters.bytes}}', stream: '{{parameters.stream}}', literal: file, when }, s) as Record<string, unknown>;
    expect(result.file).toBe(file);
    expect(result.bytes).toBe(bytes);
    expect(result.stream).toBe(stream);
    expect(result.literal).toBe(file);
    expect(result.when).toBe(when);
    stream.destroy();
  });

  it('does not evaluate expressions found in scope values', () => {
    const s: ExpressionScope = { parameters: { text: '{{connection.wabaId}}' } };
    expect(evaluate({ body: '{{parameters.text}}' }, s)).toEqual({ body: '{{connection.wabaId}}' });
  });

  it('names the JSON path of a failing expression', () => {
    let caught: unknown;
    try {
      evaluate({ body: { items: [{ n: '{{1 / 0}}' }] } }, scope);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).path).toBe('body.items[0].n');
    expect((caught as ExpressionError).message).toMatch(/^body\.items\[0\]\.n: division by zero at position 4/);
  });
});

describe('compiled once per descriptor', () => {
  it('a frozen descriptor gives a fresh result on every evaluation, from its scope of the moment', () => {
    const descriptor = deepFreeze({ to: '{{parameters.to}}', n: ['{{parameters.n}}'], '{{parameters.key}}': 1 });
    const first = evaluate(descriptor, { parameters: { to: 'a', n: 1, key: 'k1' } });
    const second = evaluate(descriptor, { parameters: { to: 'b', n: 2, key: 'k2' } });
    expect(first).toEqual({ to: 'a', n: [1], k1: 1 });
    expect(second).toEqual({ to: 'b', n: [2], k2: 1 });
    expect(second).not.toBe(first);
  });

  it('a value that is not frozen is read as it is now, even after a change', () => {
    const inner = { to: '{{parameters.to}}' };
    const descriptor = Object.freeze({ body: inner });
    expect(evaluate(descriptor, { parameters: { to: 'a' } })).toEqual({ body: { to: 'a' } });
    inner.to = 'fixed';
    expect(evaluate(descriptor, { parameters: { to: 'a' } })).toEqual({ body: { to: 'fixed' } });
  });

  it('a expression that does not parse fails when evaluated, naming its path, every time', () => {
    const descriptor = deepFreeze({ ok: 'x', body: { bad: '{{parameters.}}' } });
    for (let i = 0; i < 2; i++) {
      let caught: unknown;
      try {
        evaluate(descriptor, scope);
      } catch (err) {
        caught = err;
      }
      expect((caught as ExpressionError).path).toBe('body.bad');
    }
  });
});

describe('extra functions', () => {
  it('calls caller-supplied pure functions; built-ins win a name clash', () => {
    const functions = { double: (x: unknown) => Number(x) * 2, upper: () => 'shadowed' };
    expect(evaluate('{{double(parameters.count)}}', scope, { functions })).toBe(4);
    expect(evaluate('{{upper("a")}}', scope, { functions })).toBe('A');
  });

  it('wraps an error thrown by a function, naming the function', () => {
    const functions = {
      boom: () => {
        throw new RangeError('bad input');
      },
    };
    expect(() => evaluate({ x: '{{boom()}}' }, scope, { functions })).toThrow(/^x: boom\(\) failed: bad input at position 2/);
  });
});

describe('hasExpression', () => {
  it.each([
    ['{{a}}', true],
    ['x {{ parameters.to }} y', true],
    ['no expression', false],
    ['{{ unclosed', false],
    ['}} {{', false],
  ])('%s → %p', (s, expected) => {
    expect(hasExpression(s)).toBe(expected);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
