/** Every built-in function, including its handling of absent input and its errors. */
import { BUILTIN_FUNCTION_NAMES, compileExpressionString, ExpressionError, type ExpressionScope } from '../../../src/runtime/expressions/expressions.js';

const scope: ExpressionScope = {
  parameters: {
    name: '  Ada Lovelace ',
    tags: ['a', 'b', 'c'],
    numbers: [1, 2],
    contact: { phone: '15550001111', wa_id: '15550001111', profile: { name: 'Ada' } },
    messages: [
      { id: 'wamid.1', type: 'text', from: '1' },
      { id: 'wamid.2', type: 'image', from: '2' },
      { id: 'wamid.3', type: 'text', from: '3' },
    ],
    empty: '',
    none: null,
    list: [],
    obj: {},
  },
};

const run = (source: string): unknown => compileExpressionString(source).evaluate(scope);

type Examples = Array<[string, unknown]>;

const cases: Record<string, Examples> = {
  if: [
    ['{{if(true, "yes", "no")}}', 'yes'],
    ['{{if(parameters.empty, "yes", "no")}}', 'no'],
    ['{{if(parameters.list, 1, 2)}}', 2],
    ['{{if(parameters.tags, 1, 2)}}', 1],
    // Only the chosen branch is evaluated.
    ['{{if(false, 1 / 0, "safe")}}', 'safe'],
  ],
  ifempty: [
    ['{{ifempty(parameters.missing, "fallback")}}', 'fallback'],
    ['{{ifempty(parameters.none, "fallback")}}', 'fallback'],
    ['{{ifempty(parameters.empty, "fallback")}}', 'fallback'],
    ['{{ifempty(parameters.list, "fallback")}}', 'fallback'],
    ['{{ifempty(0, "fallback")}}', 0],
    ['{{ifempty(parameters.tags, "fallback")}}', ['a', 'b', 'c']],
  ],
  coalesce: [
    ['{{coalesce(parameters.missing, parameters.none, "", "x")}}', ''],
    ['{{coalesce(parameters.missing, parameters.none)}}', undefined],
    ['{{coalesce(parameters.missing, 0)}}', 0],
  ],
  isEmpty: [
    ['{{isEmpty(parameters.missing)}}', true],
    ['{{isEmpty(parameters.empty)}}', true],
    ['{{isEmpty(parameters.list)}}', true],
    ['{{isEmpty(parameters.obj)}}', false],
    ['{{isEmpty(0)}}', false],
    ['{{isEmpty("x")}}', false],
  ],
  length: [
    ['{{length("abc")}}', 3],
    ['{{length(parameters.tags)}}', 3],
    ['{{length(parameters.contact)}}', 3],
    ['{{length(parameters.missing)}}', 0],
  ],
  join: [
    ['{{join(parameters.tags, ", ")}}', 'a, b, c'],
    ['{{join(parameters.tags)}}', 'a,b,c'],
    ['{{join(parameters.numbers; "+")}}', '1+2'],
    ['{{join(parameters.missing, ",")}}', undefined],
  ],
  split: [
    ['{{split("a,b,c")}}', ['a', 'b', 'c']],
    ['{{split("a b", " ")}}', ['a', 'b']],
    ['{{split(parameters.empty, ",")}}', []],
    ['{{split(parameters.missing, ",")}}', undefined],
  ],
  lower: [
    ['{{lower("AbC")}}', 'abc'],
    ['{{lower(parameters.missing)}}', undefined],
  ],
  upper: [
    ['{{upper("AbC")}}', 'ABC'],
    ['{{upper(12)}}', '12'],
  ],
  trim: [
    ['{{trim(parameters.name)}}', 'Ada Lovelace'],
    ['{{trim(parameters.none)}}', undefined],
  ],
  toString: [
    ['{{toString(12)}}', '12'],
    ['{{toString(true)}}', 'true'],
    ['{{toString(parameters.contact.profile)}}', '{"name":"Ada"}'],
    ['{{toString(parameters.missing)}}', undefined],
  ] as Examples, // the cast stops TypeScript reading this key as Object.prototype.toString
  parseNumber: [
    ['{{parseNumber("42")}}', 42],
    ['{{parseNumber(" -1.5 ")}}', -1.5],
    ['{{parseNumber("1,234.5")}}', 1234.5],
    ['{{parseNumber("1.234,5", ",")}}', 1234.5],
    ['{{parseNumber(7)}}', 7],
    ['{{parseNumber(parameters.empty)}}', undefined],
  ],
  get: [
    ['{{get(parameters, "contact.profile.name")}}', 'Ada'],
    ['{{get(parameters, "messages[1].id")}}', 'wamid.2'],
    ['{{get(parameters.messages, 2).from}}', '3'],
    ['{{get(parameters, "contact[\'wa_id\']")}}', '15550001111'],
    ['{{get(parameters, "contact.nothing.deeper")}}', undefined],
    ['{{get(parameters, parameters.missing)}}', undefined],
    ['{{get(parameters.missing, "a")}}', undefined],
  ],
  first: [
    ['{{first(parameters.tags)}}', 'a'],
    ['{{first(parameters.list)}}', undefined],
    ['{{first(parameters.missing)}}', undefined],
  ],
  last: [
    ['{{last(parameters.tags)}}', 'c'],
    ['{{last(parameters.list)}}', undefined],
  ],
  contains: [
    ['{{contains(parameters.tags, "b")}}', true],
    ['{{contains(parameters.tags, "z")}}', false],
    ['{{contains(parameters.numbers, "2")}}', true],
    ['{{contains("hello world", "o w")}}', true],
    ['{{contains(parameters.missing, "a")}}', false],
  ],
  keys: [
    ['{{keys(parameters.contact)}}', ['phone', 'wa_id', 'profile']],
    ['{{keys(parameters.tags)}}', ['0', '1', '2']],
    ['{{keys(parameters.missing)}}', undefined],
  ],
  map: [
    ['{{map(parameters.messages, "id")}}', ['wamid.1', 'wamid.2', 'wamid.3']],
    ['{{map(parameters.messages, "id", "type", "text")}}', ['wamid.1', 'wamid.3']],
    ['{{map(parameters.messages, "from", "type", split("image,text"))}}', ['1', '2', '3']],
    ['{{map(parameters.messages, "nope")}}', []],
    ['{{map(parameters.missing, "id")}}', undefined],
  ],
  omit: [
    ['{{omit(parameters.contact, "phone", "wa_id")}}', { profile: { name: 'Ada' } }],
    ['{{omit(parameters.contact; split("phone,profile", ","))}}', { wa_id: '15550001111' }],
    ['{{omit(parameters.missing, "a")}}', undefined],
  ],
  pick: [
    ['{{pick(parameters.contact, "phone")}}', { phone: '15550001111' }],
    ['{{pick(parameters.contact, "phone", "nothing")}}', { phone: '15550001111' }],
  ],
  merge: [
    ['{{merge(parameters.contact.profile, pick(parameters.contact, "phone"))}}', { name: 'Ada', phone: '15550001111' }],
    ['{{merge(parameters.obj, parameters.missing)}}', {}],
    ['{{merge(pick(parameters.contact, "phone"), omit(parameters.contact, "profile"))}}', { phone: '15550001111', wa_id: '15550001111' }],
  ],
  encodeURL: [
    ['{{encodeURL("a b&c/d")}}', 'a%20b%26c%2Fd'],
    ['{{encodeURL(parameters.missing)}}', undefined],
  ],
};

describe('built-in functions', () => {
  it('are all covered by this file', () => {
    expect(Object.keys(cases).sort()).toEqual([...BUILTIN_FUNCTION_NAMES].sort());
  });

  for (const [name, examples] of Object.entries(cases)) {
    it.each(examples)(`${name}: %s → %p`, (source, expected) => {
      expect(run(source)).toEqual(expected);
    });
  }

  it('return new objects and never change their input', () => {
    const contact = (scope.parameters as { contact: object }).contact;
    const picked = run('{{omit(parameters.contact, "x")}}');
    expect(picked).toEqual(contact);
    expect(picked).not.toBe(contact);
  });
});

describe('function errors become TemplateErrors naming the function', () => {
  it.each([
    ['{{join("abc", ",")}}', /join\(\) failed: expects an array, got string/],
    ['{{lower(parameters.tags)}}', /lower\(\) failed: expects text, got array/],
    ['{{parseNumber("12abc")}}', /parseNumber\(\) failed: the text is not a number/],
    ['{{parseNumber("1", ";")}}', /decimal separator must be/],
    ['{{length(12)}}', /length\(\) failed: expects an object, got number/],
    ['{{first("abc")}}', /first\(\) failed: expects an array/],
    ['{{merge(parameters.contact, parameters.tags)}}', /merge\(\) failed: expects an object, got array/],
    ['{{get(parameters, "a..b")}}', /get\(\) failed: malformed path/],
    ['{{get(parameters, "a.")}}', /get\(\) failed: the path ends with a dot/],
    ['{{get(parameters, parameters.tags)}}', /get\(\) failed: expects a path, got array/],
    ['{{contains(12, 1)}}', /contains\(\) failed: expects an array, got number/],
    ['{{ifempty(1)}}', /ifempty\(\) failed: expects 2 argument\(s\), got 1/],
    ['{{coalesce()}}', /coalesce\(\) failed: expects at least 1 argument\(s\), got 0/],
    ['{{map(parameters.tags)}}', /map\(\) failed: expects 2 to 4 argument\(s\), got 1/],
    ['{{if(true, 1)}}', /if\(\) expects 3 arguments, got 2/],
  ])('%s', (source, message) => {
    let caught: unknown;
    try {
      run(source);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).message).toMatch(message);
    expect((caught as ExpressionError).position).toBe(2);
  });

  it('never puts the failing value in the message', () => {
    const secretScope: ExpressionScope = { connection: { accessToken: 'fake-test-token-not-real' } };
    for (const source of ['{{parseNumber(connection.accessToken)}}', '{{connection.accessToken - 1}}', '{{first(connection.accessToken)}}']) {
      expect(() => compileExpressionString(source).evaluate(secretScope)).toThrow(ExpressionError);
      try {
        compileExpressionString(source).evaluate(secretScope);
      } catch (err) {
        expect((err as Error).message).not.toContain('fake-test-token-not-real');
      }
    }
  });
});
