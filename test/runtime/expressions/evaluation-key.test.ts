/**
 * What an evaluation is kept by: primitivesKey tells every two lists of primitives apart, evaluationKey
 * reads every path an expression reads (so equal keys give equal results), and requestTarget keeps a
 * loaded request's target by that key — never when a read value is an object.
 */
import fc from 'fast-check';
import { evaluate, evaluationKey, type ExpressionScope } from '../../../src/runtime/expressions/expressions.js';
import { primitivesKey } from '../../../src/runtime/fields/content-key.js';
import { requestTarget, type BuildContext } from '../../../src/runtime/communication/build-request.js';
import type { Request } from '../../../src/runtime/generated/descriptor.js';

const primitive = fc.oneof(fc.string({ unit: fc.constantFrom('a', ',', ':', 's', '1', 'n', 'u', 'z') }), fc.double(), fc.constantFrom(0, -0, Number.NaN, true, false, null, undefined));
const sameList = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('primitivesKey', () => {
  it('gives two lists the same key exactly when they hold the same values', () => {
    fc.assert(
      fc.property(fc.array(primitive, { maxLength: 4 }), fc.array(primitive, { maxLength: 4 }), (a, b) => {
        expect(primitivesKey(a) === primitivesKey(b)).toBe(sameList(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells apart lists whose texts would run together', () => {
    for (const [one, two] of [
      [['a,sb'], ['a', 'b']],
      [['a,s1:b'], ['a', 'b']],
      [
        ['a,', 'b'],
        ['a', ',b'],
      ],
      [['1:a'], ['a']],
      [['u,'], [undefined, '']],
    ]) {
      expect(primitivesKey(one)).not.toBe(primitivesKey(two));
    }
    expect(primitivesKey(['1'])).not.toBe(primitivesKey([1]));
    expect(primitivesKey([null])).not.toBe(primitivesKey([undefined]));
    expect(primitivesKey([0])).not.toBe(primitivesKey([-0]));
  });

  it('has no key for a list holding an object, an array or a function', () => {
    for (const v of [{}, [], () => 1, new Date(0)]) expect(primitivesKey(['x', v])).toBeUndefined();
  });
});

/** Descriptor values whose expressions read paths in every way the grammar allows. */
const values = Object.freeze([
  Object.freeze({ url: '/{{parameters.a}}/x', qs: Object.freeze({ n: "{{first(split(parameters.b, ':'))}}" }) }),
  Object.freeze({ '{{parameters.a}}': '{{temp.c}}', plain: '{{if(parameters.flag, parameters.b, temp.c)}}' }),
  Object.freeze({ '{{...}}': "{{pick(temp, 'c')}}" }),
  Object.freeze(['{{lower(parameters.b)}}', '{{parameters.list[temp.i]}}', '{{length(parameters.a) + 1}}']),
]);
const scopeOf = fc.record({
  parameters: fc.record({ a: fc.constantFrom('p', 'q'), b: fc.constantFrom('x:y', 'z:w'), flag: fc.boolean(), unread: fc.string() }),
  temp: fc.record({ c: fc.constantFrom('1', '2'), i: fc.constantFrom(0, 1), other: fc.string() }),
});

describe('evaluationKey', () => {
  it('gives equal results to scopes with equal keys (every read path is part of the key)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...values), scopeOf, scopeOf, (value, s1, s2) => {
        const k1 = evaluationKey(value, s1);
        const k2 = evaluationKey(value, s2);
        if (k1 !== undefined && k1 === k2) expect(evaluate(value, s2)).toEqual(evaluate(value, s1));
      }),
      { numRuns: 1000 },
    );
  });

  it('changes with a value that is read, not with one that is not', () => {
    const value = values[0];
    const scope = { parameters: { a: 'p', b: 'x:y', unread: 1 } };
    const key = evaluationKey(value, scope);
    expect(key).toBeDefined();
    expect(evaluationKey(value, { parameters: { ...scope.parameters, unread: 2 } })).toBe(key);
    expect(evaluationKey(value, { parameters: { ...scope.parameters, a: 'q' } })).not.toBe(key);
  });

  it('has no key when a read value is an object, or when the value is not frozen', () => {
    expect(evaluationKey(values[0], { parameters: { a: { id: 'p' }, b: 'x:y' } })).toBeUndefined();
    expect(evaluationKey(values[3], { parameters: { a: 'p', b: 'x', list: ['l'] }, temp: { i: 0 } })).toBeUndefined();
    expect(evaluationKey({ url: '/{{parameters.a}}' }, { parameters: { a: 'p' } })).toBeUndefined();
  });
});

describe('requestTarget', () => {
  const ctx: BuildContext = { policy: { base: 'https://graph.example.test/v23.0', mediaHosts: [] }, baseHeaders: undefined, expressions: {} };
  const request = Object.freeze({
    url: '/{{parameters.waba}}/message_templates',
    method: 'GET',
    qs: Object.freeze({ name: "{{first(split(parameters.templateId, ':'))}}", language: "{{last(split(parameters.templateId, ':'))}}", limit: 100 }),
  }) as Request;
  const scope = (templateId: unknown): ExpressionScope => ({ parameters: { waba: '102290129340398', templateId } });

  it('is kept by the values it is made from, and made again for other values', () => {
    const first = requestTarget(request, scope('order_update:en_US'), ctx);
    expect(first).toEqual({ method: 'GET', url: 'https://graph.example.test/v23.0/102290129340398/message_templates?name=order_update&language=en_US&limit=100' });
    expect(requestTarget(request, scope('order_update:en_US'), ctx)).toBe(first);
    expect(requestTarget(request, scope('welcome:de'), ctx).url).toContain('name=welcome&language=de');
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('is made afresh when a value it reads is an object, or the request is not frozen', () => {
    const filtered = Object.freeze({ url: '/{{parameters.waba}}/x', method: 'GET', qs: Object.freeze({ filtering: '{{parameters.filter}}' }) }) as Request;
    const at = { parameters: { waba: '1', filter: { field: 'status', value: 'APPROVED' } } };
    const target = requestTarget(filtered, at, ctx);
    expect(target.url).toBe(`https://graph.example.test/v23.0/1/x?filtering=${encodeURIComponent('{"field":"status","value":"APPROVED"}')}`);
    expect(requestTarget(filtered, at, ctx)).not.toBe(target);
    const loose = { ...request };
    expect(requestTarget(loose, scope('a:b'), ctx)).not.toBe(requestTarget(loose, scope('a:b'), ctx));
  });

  it('refuses a URL outside the policy every time, keeping nothing', () => {
    const outside = Object.freeze({ url: '{{parameters.url}}', method: 'GET' }) as Request;
    const at = { parameters: { url: 'https://elsewhere.example.test/x' } };
    expect(() => requestTarget(outside, at, ctx)).toThrow();
    expect(() => requestTarget(outside, at, ctx)).toThrow();
  });
});
