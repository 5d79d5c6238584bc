/** Property tests: arbitrary input only ever fails with ExpressionError; paths never reach inherited values. */
import fc from 'fast-check';
import { compileExpressionString, evaluate, ExpressionError, type ExpressionScope } from '../../../src/runtime/expressions/expressions.js';

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
const DATA_KEYS = ['a', 'b', '0', '1', 'length', 'toString', 'valueOf', 'hasOwnProperty', 'map', 'x'];

/** JSON-like trees whose keys collide with inherited names, so a leak would show. */
const { tree } = fc.letrec<{ tree: unknown; leaf: unknown; obj: unknown; arr: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('obj'), tie('arr')),
  leaf: fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null)),
  obj: fc.dictionary(fc.constantFrom(...DATA_KEYS), tie('tree'), { maxKeys: 5 }),
  arr: fc.array(tie('tree'), { maxLength: 3 }),
}));

const segments = fc.array(fc.constantFrom(...DATA_KEYS, '2', ...FORBIDDEN), { minLength: 1, maxLength: 4 });

/** What an own-property-only walk finds. */
function ownPath(root: unknown, path: string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The same path written four ways: dots, literal brackets, computed brackets and get(). */
function spellings(path: string[]): Array<{ source: string; temp: Record<string, string> }> {
  const temp = Object.fromEntries(path.map((key, i) => [`k${i}`, key]));
  return [
    { source: `{{parameters.${path.join('.')}}}`, temp: {} },
    { source: `{{parameters${path.map((k) => `[${JSON.stringify(k)}]`).join('')}}}`, temp: {} },
    { source: `{{parameters${path.map((_, i) => `[temp.k${i}]`).join('')}}}`, temp },
    { source: `{{get(parameters, ${JSON.stringify(path.join('.'))})}}`, temp: {} },
  ];
}

function evaluateOrError(source: string, scope: ExpressionScope): { value?: unknown; error?: unknown } {
  try {
    return { value: compileExpressionString(source).evaluate(scope) };
  } catch (error) {
    return { error };
  }
}

const TOKENS = [
  '{{',
  '}}',
  'parameters',
  'temp',
  'body',
  '.',
  '[',
  ']',
  '(',
  ')',
  ',',
  ';',
  '"',
  "'",
  '\\',
  ' ',
  '0',
  '1',
  '-1',
  '=',
  '!=',
  '<',
  '+',
  '-',
  '*',
  '/',
  'not',
  'and',
  'or',
  'null',
  'true',
  'get',
  'if',
  'first',
  'join',
  'map',
  'merge',
  'parseNumber',
  '__proto__',
  'constructor',
  'x',
  'a',
  'k',
];

const templateLike = fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((parts) => parts.join(''));

const scope: ExpressionScope = {
  parameters: { a: { x: [1, 'two', { k: null }] }, x: 'text', k: '__proto__' },
  temp: { k: 'constructor', a: 0 },
  body: [{ x: 1 }],
};

describe('property: any input fails only with ExpressionError', () => {
  it('for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        for (const source of [text, `{{${text}}}`, `a {{ ${text} }} b`]) {
          const { error } = evaluateOrError(source, scope);
          if (error !== undefined) expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for strings made of expression tokens, also as descriptor keys and values', () => {
    fc.assert(
      fc.property(templateLike, templateLike, (a, b) => {
        for (const source of [a, `{{${a}}}`, `{{${a}}} and {{${b}}}`]) {
          const { error } = evaluateOrError(source, scope);
          if (error !== undefined) expect(error).toBeInstanceOf(ExpressionError);
        }
        try {
          evaluate({ [a]: b, '{{...}}': `{{${b}}}`, list: [a, `{{${b}}}`] }, scope);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
        expect(({} as Record<string, unknown>).x).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: paths read own properties only', () => {
  it('every spelling of a random path in a random JSON scope agrees with an own-property walk', () => {
    fc.assert(
      fc.property(tree, segments, (parameters, path) => {
        const refused = path.some((key) => FORBIDDEN.includes(key));
        for (const { source, temp } of spellings(path)) {
          const { value, error } = evaluateOrError(source, { parameters, temp });
          if (refused) {
            expect(error).toBeInstanceOf(ExpressionError);
          } else {
            expect(error).toBeUndefined();
            expect(value).toBe(ownPath(parameters, path));
            expect(typeof value).not.toBe('function');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
