/** Parses expression strings once and keeps them: descriptors reuse the same strings on every request. */
import type { Expr } from './ast.js';
import { compileAst, type ExpressionScope } from './evaluator.js';
import type { ExpressionFunction } from './functions.js';
import { parseExpressionString } from './parser.js';

export interface EvaluateOptions {
  /** Extra pure functions expressions may call (built-ins win on a name clash). */
  functions?: Readonly<Record<string, ExpressionFunction>>;
}

/** A root and the keys read below it, e.g. `['parameters', 'to']`. */
export type ScopePath = readonly string[];

export interface FunctionCall {
  name: string;
  position: number;
}

export interface CompiledExpressionString {
  readonly source: string;
  /** The whole string is one `{{ … }}`: evaluation returns its value as is instead of text. */
  readonly raw: boolean;
  /**
   * Every path the expression reads, root first (`parameters.to` is `['parameters', 'to']`): its value
   * is a function of the values found there, since every function it may call is pure.
   */
  readonly reads: readonly ScopePath[];
  /** Every function call, for load-time checks of function names. */
  readonly calls: readonly FunctionCall[];
  evaluate(scope: ExpressionScope, options?: EvaluateOptions): unknown;
}

/** Bounded so that a host compiling ever-new strings cannot grow memory without limit. */
const CACHE_LIMIT = 10_000;
const cache = new Map<string, CompiledExpressionString>();

export function compileExpressionString(source: string): CompiledExpressionString {
  const hit = cache.get(source);
  if (hit) return hit;
  const ast = parseExpressionString(source);
  const reads: ScopePath[] = [];
  const calls: FunctionCall[] = [];
  for (const part of ast.parts) if (typeof part !== 'string') collect(part, reads, calls);
  const run = compileAst(ast);
  const compiled: CompiledExpressionString = Object.freeze({
    source,
    raw: ast.raw,
    reads: Object.freeze(reads),
    calls: Object.freeze(calls),
    evaluate: (scope: ExpressionScope, options?: EvaluateOptions) => run(scope, options?.functions),
  });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

function collect(node: Expr, reads: ScopePath[], calls: FunctionCall[]): void {
  switch (node.kind) {
    case 'literal':
      return;
    case 'root':
      reads.push([node.name]);
      return;
    case 'member': {
      const path = pathOf(node);
      if (path) reads.push(path);
      // A key read from a computed value (a call's result): what that value reads is what counts.
      else collect(node.object, reads, calls);
      return;
    }
    case 'index':
      collect(node.object, reads, calls);
      return collect(node.index, reads, calls);
    case 'call':
      calls.push({ name: node.name, position: node.pos });
      for (const arg of node.args) collect(arg, reads, calls);
      return;
    case 'not':
    case 'negate':
      return collect(node.operand, reads, calls);
    case 'logical':
    case 'binary':
      collect(node.left, reads, calls);
      return collect(node.right, reads, calls);
  }
}

/** `root.a.b` as `['root', 'a', 'b']`; undefined when the chain starts at something other than a root. */
function pathOf(node: Expr): ScopePath | undefined {
  const keys: string[] = [];
  let at = node;
  while (at.kind === 'member') {
    keys.unshift(at.key);
    at = at.object;
  }
  if (at.kind !== 'root') return undefined;
  keys.unshift(at.name);
  return Object.freeze(keys);
}

/** True when the string contains a `{{ … }}` expression. */
export function hasExpression(s: string): boolean {
  const open = s.indexOf('{{');
  return open >= 0 && s.indexOf('}}', open + 2) >= 0;
}
