/** Grammar: literals, paths, operators, precedence, calls, and syntax errors with positions. */
import { compileExpressionString, ExpressionError, type ExpressionScope } from '../../../src/runtime/expressions/expressions.js';

const scope: ExpressionScope = {
  parameters: { to: '+15551234567', count: 3, nested: { display_phone_number: '15550001111', list: ['a', 'b'] } },
  body: { data: [{ id: 'first' }, { id: 'second' }], paging: { next: null } },
  statusCode: 200,
  temp: { key: 'to', index: 1 },
};

const run = (source: string, s: ExpressionScope = scope): unknown => compileExpressionString(source).evaluate(s);

function syntaxError(source: string): ExpressionError {
  try {
    compileExpressionString(source);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionError);
    return err as ExpressionError;
  }
  throw new Error(`expected a syntax error for ${source}`);
}

describe('literals', () => {
  it.each([
    ['{{42}}', 42],
    ['{{1.5}}', 1.5],
    ['{{2e3}}', 2000],
    ['{{-7}}', -7],
    ['{{true}}', true],
    ['{{false}}', false],
    ['{{null}}', null],
    ["{{'single'}}", 'single'],
    ['{{"double"}}', 'double'],
    ["{{'it\\'s'}}", "it's"],
    ['{{"a\\"b"}}', 'a"b'],
    ['{{"line\\nnext\\ttab\\\\"}}', 'line\nnext\ttab\\'],
    ['{{"\\u00e9"}}', 'é'],
    ["{{'}}'}}", '}}'],
  ])('%s evaluates to %p', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });
});

describe('paths', () => {
  it.each([
    ['{{parameters.to}}', '+15551234567'],
    ['{{ parameters.to }}', '+15551234567'],
    ['{{body.data[0].id}}', 'first'],
    ['{{body.data.1.id}}', 'second'],
    ['{{parameters.nested["display_phone_number"]}}', '15550001111'],
    ["{{parameters.nested['list'][1]}}", 'b'],
    ['{{parameters[temp.key]}}', '+15551234567'],
    ['{{body.data[temp.index].id}}', 'second'],
    ['{{statusCode}}', 200],
    ['{{body.paging.next}}', null],
    ['{{body.data.length}}', 2],
  ])('%s reads %p', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('gives undefined for missing roots, keys and paths through non-objects', () => {
    expect(run('{{payload}}')).toBeUndefined();
    expect(run('{{parameters.missing.deeper}}')).toBeUndefined();
    expect(run('{{parameters.to.length}}')).toBeUndefined();
    expect(run('{{body.data[5].id}}')).toBeUndefined();
    expect(run('{{parameters[temp.nothing]}}')).toBeUndefined();
  });

  it('lets keywords be property names after a dot', () => {
    expect(run('{{body.not}}', { body: { not: 1 } })).toBe(1);
    expect(run('{{body.null}}', { body: { null: 'x' } })).toBe('x');
  });

  it('refuses an index that is neither text nor a number', () => {
    expect(() => run('{{parameters[body.data]}}')).toThrow(/an index must be text or a number, got array/);
  });
});

describe('operators', () => {
  it.each([
    ['{{1 + 2 * 3}}', 7],
    ['{{(1 + 2) * 3}}', 9],
    ['{{10 - 4 - 3}}', 3],
    ['{{12 / 4 / 3}}', 1],
    ['{{-parameters.count}}', -3],
    ['{{"n=" + parameters.count}}', 'n=3'],
    ['{{parameters.count + "!"}}', '3!'],
    ['{{"x" + parameters.missing}}', 'x'],
    ['{{"list:" + parameters.nested.list}}', 'list:["a","b"]'],
    ['{{statusCode = 200}}', true],
    ['{{statusCode = "200"}}', true],
    ['{{statusCode != 200}}', false],
    ['{{parameters.missing = null}}', true],
    ['{{parameters.nested.list = body.data}}', false],
    ['{{parameters.count < 4}}', true],
    ['{{parameters.count >= 3}}', true],
    ['{{parameters.count > 3}}', false],
    ['{{parameters.count <= 2}}', false],
    ['{{"abc" < "abd"}}', true],
    ['{{parameters.missing > 1}}', false],
    ['{{true and false}}', false],
    ['{{false or 1}}', true],
    ['{{not parameters.missing}}', true],
    ['{{not(statusCode = 200)}}', false],
    ['{{not statusCode = 200}}', false],
    ['{{1 = 1 and 2 = 2 or false}}', true],
    ['{{false and 1 / 0}}', false],
    ['{{true or 1 / 0}}', true],
  ])('%s is %p', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('compares JSON data deeply', () => {
    expect(run('{{parameters.nested.list = split("a,b")}}')).toBe(true);
  });

  it.each([
    ['{{1 / 0}}', /division by zero/],
    ['{{1 - "a"}}', /'-' needs two numbers, got number and string/],
    ['{{true + 1}}', /'\+' needs two numbers or some text, got boolean and number/],
    ['{{-parameters.to}}', /'-' needs a number, got string/],
  ])('%s fails with a clear ExpressionError', (source, message) => {
    expect(() => run(source)).toThrow(ExpressionError);
    expect(() => run(source)).toThrow(message);
  });
});

describe('function calls', () => {
  it('accepts , and ; as separators, even mixed', () => {
    expect(run('{{join(parameters.nested.list, "-")}}')).toBe('a-b');
    expect(run('{{join(parameters.nested.list; "-")}}')).toBe('a-b');
    expect(run('{{coalesce(parameters.missing; null, "x")}}')).toBe('x');
  });

  it('allows accessors after a call', () => {
    expect(run('{{first(body.data).id}}')).toBe('first');
    expect(run('{{last(body.data)["id"]}}')).toBe('second');
    expect(run('{{split("a.b", ".")[1]}}')).toBe('b');
  });

  it('nests calls and expressions as arguments', () => {
    expect(run('{{upper(if(statusCode = 200, "ok", "no"))}}')).toBe('OK');
  });
});

describe('syntax errors name the problem and its position', () => {
  it.each([
    ['{{parameters.to +}}', /expected an expression but found '}}' at position 17/, 17],
    ['{{parameters.to', /'\{\{' is never closed with '\}\}' at position 0/, 0],
    ['{{}}', /empty expression/, 0],
    ['{{ "abc }}', /string literal is never closed at position 3/, 3],
    ['ab {{1 == 2}}', /unexpected '==' \(use '=' to compare\) at position 7/, 7],
    ['{{foo.bar}}', /unknown root 'foo' \(a path starts with one of: parameters, query, connection/, 2],
    ['{{true && false}}', /unexpected '&&' \(use 'and'\) at position 7/, 7],
    ['{{!x}}', /unexpected '!' \(use 'not'\)/, 2],
    ['{{join(a,)}}', /unknown root 'a'/, 7],
    ['{{join(parameters.x,)}}', /expected an expression but found '\)' at position 20/, 20],
    ['{{parameters.}}', /expected a property name after '.' but found '\}\}'/, 13],
    ['{{parameters[0}}', /expected '\]' but found '\}\}'/, 14],
    ['{{(1 + 2}}', /expected '\)' but found '\}\}'/, 8],
    ['{{1 2}}', /unexpected number 2/, 4],
    ['{{1 = 2 = 3}}', /unexpected '='/, 8],
    ['{{12abc}}', /invalid number/, 2],
    ['{{"\\q"}}', /invalid escape/, 3],
    ['{{"\\u12"}}', /invalid \\u escape/, 3],
    ['{{ # }}', /unexpected character "#"/, 3],
    ['{{and}}', /expected an expression but found 'and'/, 2],
    ['x {{ {{parameters.to}} }}', /unexpected character "\{"/, 5],
  ])('%s', (source, message, position) => {
    const err = syntaxError(source);
    expect(err.message).toMatch(message);
    expect(err.position).toBe(position);
    expect(err.expression).toBe(source);
  });
});

describe('compileExpressionString', () => {
  it('caches compiled expressions', () => {
    expect(compileExpressionString('{{parameters.to}}')).toBe(compileExpressionString('{{parameters.to}}'));
  });

  it('reports the paths it reads, its calls and whether the value is raw', () => {
    const t = compileExpressionString('/{{parameters.id}}/{{lower(temp.x)}}');
    expect(t.raw).toBe(false);
    expect(t.reads).toEqual([
      ['parameters', 'id'],
      ['temp', 'x'],
    ]);
    expect(t.calls).toEqual([{ name: 'lower', position: 21 }]);
    expect(compileExpressionString(' {{parameters.id}}').raw).toBe(false);
    expect(compileExpressionString('{{ parameters.id }}').raw).toBe(true);
  });

  it.each([
    ['{{first(body.messages).id}}', [['body', 'messages']]],
    ['{{parameters["a-b"].c}}', [['parameters', 'a-b', 'c']]],
    [
      '{{parameters.list[temp.i].name}}',
      [
        ['parameters', 'list'],
        ['temp', 'i'],
      ],
    ],
    ['{{if(parameters.x, connection, 1)}}', [['parameters', 'x'], ['connection']]],
    ['{{1 + 2}} text', []],
  ])('%s reads %j', (source, reads) => {
    expect(compileExpressionString(source).reads).toEqual(reads);
  });
});
