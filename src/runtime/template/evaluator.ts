/** Evaluates parsed templates against a scope. A tree walk: templates are small and parsed once. */
import type { Expr, TemplateAst } from './ast.js';
import { TemplateError } from './errors.js';
import { BUILTIN_FUNCTIONS, type TemplateFunction } from './functions.js';
import {
  compareValues,
  FORBIDDEN_KEYS,
  forbiddenKeyReason,
  isTruthy,
  readOwn,
  toText,
  typeName,
  valuesEqual,
} from './values.js';

export interface TemplateScope {
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

export interface Env {
  scope: TemplateScope;
  /** Extra pure functions from the caller; built-ins win on a name clash. */
  functions?: Readonly<Record<string, TemplateFunction>> | undefined;
}

export function runTemplate(ast: TemplateAst, env: Env): unknown {
  if (ast.raw) return evalExpr(ast.parts[0] as Expr, env, ast.source);
  let out = '';
  for (const part of ast.parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = evalExpr(part, env, ast.source);
    try {
      out += toText(value);
    } catch (err) {
      throw new TemplateError((err as Error).message, ast.source, part.pos);
    }
  }
  return out;
}

function evalExpr(node: Expr, env: Env, source: string): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'root':
      return readOwn(env.scope, node.name);
    case 'member':
      return readOwn(evalExpr(node.object, env, source), node.key);
    case 'index':
      return evalIndex(node, env, source);
    case 'call':
      return evalCall(node, env, source);
    case 'not':
      return !isTruthy(evalExpr(node.operand, env, source));
    case 'negate': {
      const value = evalExpr(node.operand, env, source);
      if (typeof value !== 'number') throw new TemplateError(`'-' needs a number, got ${typeName(value)}`, source, node.pos);
      return -value;
    }
    case 'logical': {
      const left = isTruthy(evalExpr(node.left, env, source));
      if (node.op === 'and' ? !left : left) return left;
      return isTruthy(evalExpr(node.right, env, source));
    }
    case 'binary':
      return evalBinary(node, evalExpr(node.left, env, source), evalExpr(node.right, env, source), source);
  }
}

function evalIndex(node: Extract<Expr, { kind: 'index' }>, env: Env, source: string): unknown {
  const target = evalExpr(node.object, env, source);
  const key = evalExpr(node.index, env, source);
  if (key === undefined || key === null) return undefined;
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw new TemplateError(`an index must be text or a number, got ${typeName(key)}`, source, node.index.pos);
  }
  const name = String(key);
  // Checked even when the target is absent, so a refused key fails the same way every time.
  if (FORBIDDEN_KEYS.has(name)) throw new TemplateError(forbiddenKeyReason(name), source, node.index.pos);
  return readOwn(target, name);
}

function evalCall(node: Extract<Expr, { kind: 'call' }>, env: Env, source: string): unknown {
  if (node.name === 'if') {
    if (node.args.length !== 3) {
      throw new TemplateError(`if() expects 3 arguments, got ${node.args.length}`, source, node.pos);
    }
    const [cond, then, otherwise] = node.args as [Expr, Expr, Expr];
    return evalExpr(isTruthy(evalExpr(cond, env, source)) ? then : otherwise, env, source);
  }
  const fn = lookupFunction(node.name, env);
  if (!fn) throw new TemplateError(`unknown function '${node.name}'`, source, node.pos);
  const args = node.args.map((arg) => evalExpr(arg, env, source));
  try {
    return fn(...args);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new TemplateError(`${node.name}() failed: ${message}`, source, node.pos, { cause: err });
  }
}

function lookupFunction(name: string, env: Env): TemplateFunction | undefined {
  if (Object.hasOwn(BUILTIN_FUNCTIONS, name)) return BUILTIN_FUNCTIONS[name];
  const extra = env.functions;
  if (extra && Object.hasOwn(extra, name) && typeof extra[name] === 'function') return extra[name];
  return undefined;
}

function evalBinary(node: Extract<Expr, { kind: 'binary' }>, left: unknown, right: unknown, source: string): unknown {
  const fail = (reason: string): never => {
    throw new TemplateError(reason, source, node.pos);
  };
  switch (node.op) {
    case '=':
      return valuesEqual(left, right);
    case '!=':
      return !valuesEqual(left, right);
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const order = compareValues(left, right);
      if (order === undefined) return false;
      return node.op === '<' ? order < 0 : node.op === '>' ? order > 0 : node.op === '<=' ? order <= 0 : order >= 0;
    }
    case '+':
      if (typeof left === 'string' || typeof right === 'string') {
        try {
          return toText(left) + toText(right);
        } catch (err) {
          return fail((err as Error).message);
        }
      }
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      return fail(`'+' needs two numbers or some text, got ${typeName(left)} and ${typeName(right)}`);
    default: {
      if (typeof left !== 'number' || typeof right !== 'number') {
        return fail(`'${node.op}' needs two numbers, got ${typeName(left)} and ${typeName(right)}`);
      }
      if (node.op === '/' && right === 0) return fail('division by zero');
      return node.op === '-' ? left - right : node.op === '*' ? left * right : left / right;
    }
  }
}
