/** Safety: prototype keys refused everywhere, own properties only, no pollution, whitelisted names only. */
import { compileExpressionString, evaluate, ExpressionError, type ExpressionScope } from '../../../src/runtime/expressions/expressions.js';

function expectTemplateError(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ExpressionError);
  expect((caught as Error).message).toMatch(message);
}

afterEach(() => {
  // Whatever a test tried, Object.prototype must be untouched.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('prototype keys are refused', () => {
  it.each([
    '{{parameters.__proto__}}',
    '{{parameters.constructor}}',
    '{{parameters.prototype}}',
    '{{parameters["__proto__"]}}',
    "{{parameters['constructor']}}",
    '{{parameters.a.__proto__.polluted}}',
    '{{first(body.data).constructor}}',
    'text {{parameters.x.prototype}} text',
  ])('at parse time: %s', (source) => {
    expectTemplateError(() => compileExpressionString(source), /is refused \(it leads to an object prototype\)/);
  });

  const scope: ExpressionScope = { parameters: { a: {} }, temp: { k: '__proto__', c: 'constructor', p: 'prototype' } };

  it.each(['{{parameters[temp.k]}}', '{{parameters[temp.c]}}', '{{parameters.a[temp.p]}}', '{{parameters.missing[temp.k]}}'])('when computed at run time: %s', (source) => {
    expectTemplateError(() => evaluate(source, scope), /is refused/);
  });

  it.each([
    "{{get(parameters, '__proto__.polluted')}}",
    "{{get(parameters, 'a.constructor.prototype')}}",
    '{{get(parameters, "a[\'__proto__\']")}}',
    "{{map(parameters.list, '__proto__')}}",
    '{{get(parameters, temp.k)}}',
  ])('in function paths: %s', (source) => {
    expectTemplateError(() => evaluate(source, { ...scope, parameters: { a: {}, list: [{}] } }), /is refused/);
  });

  it('as keys of results (literal, expression or spread), so no result object can carry one', () => {
    const attack = JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>;
    expectTemplateError(() => evaluate({ '{{temp.k}}': { polluted: 'yes' } }, scope), /"__proto__" is refused/);
    expectTemplateError(() => evaluate(attack, scope), /"__proto__" is refused/);
    expectTemplateError(() => evaluate({ '{{...}}': '{{parameters.attack}}' }, { parameters: { attack } }), /is refused/);
    expectTemplateError(() => evaluate('{{merge(parameters.attack, parameters.attack)}}', { parameters: { attack } }), /merge\(\) failed/);
    expectTemplateError(() => evaluate('{{omit(parameters.attack, "x")}}', { parameters: { attack } }), /omit\(\) failed/);
  });
});

describe('only own properties are read', () => {
  const scope: ExpressionScope = { parameters: { list: [1], text: 'abc', obj: {} } };

  it.each([
    '{{parameters.toString}}',
    '{{parameters.hasOwnProperty}}',
    '{{parameters.valueOf}}',
    '{{parameters.__defineGetter__}}',
    '{{parameters.list.map}}',
    '{{parameters.list.push}}',
    '{{parameters.text.length}}',
    '{{parameters.text.charAt}}',
    '{{parameters["isPrototypeOf"]}}',
    "{{get(parameters, 'obj.toString')}}",
    "{{get(parameters, 'list.concat')}}",
  ])('%s is undefined', (source) => {
    expect(evaluate(source, scope)).toBeUndefined();
  });

  it('does not find inherited values in a scope built on a prototype', () => {
    const parameters = Object.create({ inherited: 'secret' }) as Record<string, unknown>;
    parameters.own = 'visible';
    expect(evaluate('{{parameters.own}}', { parameters })).toBe('visible');
    expect(evaluate('{{parameters.inherited}}', { parameters })).toBeUndefined();
    const scopeWithProto = Object.create({ parameters: { x: 1 } }) as ExpressionScope;
    expect(evaluate('{{parameters.x}}', scopeWithProto)).toBeUndefined();
  });
});

describe('only whitelisted names', () => {
  it('refuses roots outside the allowed list at parse time', () => {
    for (const root of ['process', 'globalThis', 'window', 'require', 'now', 'data']) {
      expectTemplateError(() => compileExpressionString(`{{${root}.x}}`), new RegExp(`unknown root '${root}'`));
    }
  });

  it('refuses functions that are neither built in nor passed by the caller', () => {
    expectTemplateError(() => evaluate('{{eval("1")}}', {}), /unknown function 'eval'/);
    expectTemplateError(() => evaluate('{{constructor("x")}}', {}), /unknown function 'constructor'/);
    expectTemplateError(() => evaluate('{{hasOwnProperty("x")}}', {}, { functions: {} }), /unknown function 'hasOwnProperty'/);
    expectTemplateError(() => evaluate('{{toCollection(parameters.qs)}}', {}), /unknown function 'toCollection'/);
  });

  it('does not find caller functions through their prototype', () => {
    const functions = Object.create({ inherited: () => 'no' }) as Record<string, () => unknown>;
    expectTemplateError(() => evaluate('{{inherited()}}', {}, { functions }), /unknown function 'inherited'/);
  });
});
