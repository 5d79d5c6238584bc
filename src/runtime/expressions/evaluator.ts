/** Evaluates parsed expressions against a scope: each is compiled once into closures (compileAst). */
import type { Expr, ExpressionStringAst } from './ast.js';
import { ExpressionError } from './errors.js';
import { BUILTIN_FUNCTIONS, type ExpressionFunction } from './functions.js';
import { compareValues, FORBIDDEN_KEYS, forbiddenKeyReason, isTruthy, readOwn, toText, typeName, valuesEqual } from './values.js';

export interface ExpressionScope {
  parameters?: unknown;
  query?: unknown;
  connection?: unknown;
  body?: unknown;
  headers?: unknown;
  statusCode?: unknown;
  temp?: unknown;
  item?: unknown;
  webhook?: unknown;
  payload?: unknown;
  output?: unknown;
}

type Functions = Readonly<Record<string, ExpressionFunction>> | undefined;

/** One compiled expression (or expression): the scope and the caller's extra functions in, a value out. */
export type Run = (scope: ExpressionScope, functions: Functions) => unknown;

/**
 * Compiles a parsed expression into nested closures, once: evaluating it then runs no parser and no
 * dispatch on node kinds, only the operations the expression holds.
 */
export function compileAst(ast: ExpressionStringAst): Run {
  const source = ast.source;
  if (ast.raw) return compileExpr(ast.parts[0] as Expr, source);
  const parts = ast.parts.map((part) => (typeof part === 'string' ? part : { run: compileExpr(part, source), pos: part.pos }));
  return (scope, functions) => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const value = part.run(scope, functions);
      try {
        out += toText(value);
      } catch (err) {
        throw new ExpressionError((err as Error).message, source, part.pos);
      }
    }
    return out;
  };
}

function compileExpr(node: Expr, source: string): Run {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'root': {
      const name = node.name;
      return (scope) => readOwn(scope, name);
    }
    case 'member': {
      const object = compileExpr(node.object, source);
      const key = node.key;
      return (scope, functions) => readOwn(object(scope, functions), key);
    }
    case 'index':
      return compileIndex(node, source);
    case 'call':
      return compileCall(node, source);
    case 'not': {
      const operand = compileExpr(node.operand, source);
      return (scope, functions) => !isTruthy(operand(scope, functions));
    }
    case 'negate': {
      const operand = compileExpr(node.operand, source);
      const pos = node.pos;
      return (scope, functions) => {
        const value = operand(scope, functions);
        if (typeof value !== 'number') throw new ExpressionError(`'-' needs a number, got ${typeName(value)}`, source, pos);
        return -value;
      };
    }
    case 'logical': {
      const left = compileExpr(node.left, source);
      const right = compileExpr(node.right, source);
      const and = node.op === 'and';
      return (scope, functions) => {
        const l = isTruthy(left(scope, functions));
        if (and ? !l : l) return l;
        return isTruthy(right(scope, functions));
      };
    }
    case 'binary': {
      const left = compileExpr(node.left, source);
      const right = compileExpr(node.right, source);
      const op = binaryOperation(node, source);
      return (scope, functions) => op(left(scope, functions), right(scope, functions));
    }
  }
}

function compileIndex(node: Extract<Expr, { kind: 'index' }>, source: string): Run {
  const object = compileExpr(node.object, source);
  const index = compileExpr(node.index, source);
  const pos = node.index.pos;
  return (scope, functions) => {
    const target = object(scope, functions);
    const key = index(scope, functions);
    if (key === undefined || key === null) return undefined;
    if (typeof key !== 'string' && typeof key !== 'number') {
      throw new ExpressionError(`an index must be text or a number, got ${typeName(key)}`, source, pos);
    }
    const name = String(key);
    // Checked even when the target is absent, so a refused key fails the same way every time.
    if (FORBIDDEN_KEYS.has(name)) throw new ExpressionError(forbiddenKeyReason(name), source, pos);
    return readOwn(target, name);
  };
}

function compileCall(node: Extract<Expr, { kind: 'call' }>, source: string): Run {
  const { name, pos } = node;
  if (name === 'if') {
    if (node.args.length !== 3)
      return () => {
        throw new ExpressionError(`if() expects 3 arguments, got ${node.args.length}`, source, pos);
      };
    const [cond, then, otherwise] = node.args.map((arg) => compileExpr(arg, source)) as [Run, Run, Run];
    return (scope, functions) => (isTruthy(cond(scope, functions)) ? then : otherwise)(scope, functions);
  }
  const args = node.args.map((arg) => compileExpr(arg, source));
  // Built-ins win on a name clash, so one known now is the one every evaluation would find.
  const builtin = Object.hasOwn(BUILTIN_FUNCTIONS, name) ? BUILTIN_FUNCTIONS[name] : undefined;
  return (scope, functions) => {
    const fn = builtin ?? extraFunction(name, functions);
    if (!fn) throw new ExpressionError(`unknown function '${name}'`, source, pos);
    const values = args.map((arg) => arg(scope, functions));
    try {
      return fn(...values);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ExpressionError(`${name}() failed: ${message}`, source, pos, { cause: err });
    }
  };
}

function extraFunction(name: string, functions: Functions): ExpressionFunction | undefined {
  if (functions && Object.hasOwn(functions, name) && typeof functions[name] === 'function') return functions[name];
  return undefined;
}

function binaryOperation(node: Extract<Expr, { kind: 'binary' }>, source: string): (left: unknown, right: unknown) => unknown {
  const fail = (reason: string): never => {
    throw new ExpressionError(reason, source, node.pos);
  };
  switch (node.op) {
    case '=':
      return valuesEqual;
    case '!=':
      return (left, right) => !valuesEqual(left, right);
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const op = node.op;
      return (left, right) => {
        const order = compareValues(left, right);
        if (order === undefined) return false;
        return op === '<' ? order < 0 : op === '>' ? order > 0 : op === '<=' ? order <= 0 : order >= 0;
      };
    }
    case '+':
      return (left, right) => {
        if (typeof left === 'string' || typeof right === 'string') {
          try {
            return toText(left) + toText(right);
          } catch (err) {
            return fail((err as Error).message);
          }
        }
        if (typeof left === 'number' && typeof right === 'number') return left + right;
        return fail(`'+' needs two numbers or some text, got ${typeName(left)} and ${typeName(right)}`);
      };
    default: {
      const op = node.op;
      return (left, right) => {
        if (typeof left !== 'number' || typeof right !== 'number') {
          return fail(`'${op}' needs two numbers, got ${typeName(left)} and ${typeName(right)}`);
        }
        if (op === '/' && right === 0) return fail('division by zero');
        return op === '-' ? left - right : op === '*' ? left * right : left / right;
      };
    }
  }
}
