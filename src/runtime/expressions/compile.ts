/** Parses expression strings once and keeps them: descriptors reuse the same strings on every request. */
import type { Expr, RootName } from './ast.js';
import { compileAst, type ExpressionScope } from './evaluator.js';
import type { ExpressionFunction } from './functions.js';
import { parseExpressionString } from './parser.js';

export interface EvaluateOptions {
  /** Extra pure functions expressions may call (built-ins win on a name clash). */
  functions?: Readonly<Record<string, ExpressionFunction>>;
}

export interface FunctionCall {
  name: string;
  position: number;
}

export interface CompiledExpressionString {
  readonly source: string;
  /** The whole string is one `{{ … }}`: evaluation returns its value as is instead of text. */
  readonly raw: boolean;
  /** Roots the expression reads, e.g. `['parameters']`. */
  readonly roots: readonly RootName[];
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
  const roots = new Set<RootName>();
  const calls: FunctionCall[] = [];
  for (const part of ast.parts) if (typeof part !== 'string') collect(part, roots, calls);
  const run = compileAst(ast);
  const compiled: CompiledExpressionString = Object.freeze({
    source,
    raw: ast.raw,
    roots: Object.freeze([...roots]),
    calls: Object.freeze(calls),
    evaluate: (scope: ExpressionScope, options?: EvaluateOptions) => run(scope, options?.functions),
  });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

function collect(node: Expr, roots: Set<RootName>, calls: FunctionCall[]): void {
  switch (node.kind) {
    case 'literal':
      return;
    case 'root':
      roots.add(node.name);
      return;
    case 'member':
      return collect(node.object, roots, calls);
    case 'index':
      collect(node.object, roots, calls);
      return collect(node.index, roots, calls);
    case 'call':
      calls.push({ name: node.name, position: node.pos });
      for (const arg of node.args) collect(arg, roots, calls);
      return;
    case 'not':
    case 'negate':
      return collect(node.operand, roots, calls);
    case 'logical':
    case 'binary':
      collect(node.left, roots, calls);
      return collect(node.right, roots, calls);
  }
}

/** True when the string contains a `{{ … }}` expression. */
export function hasExpression(s: string): boolean {
  const open = s.indexOf('{{');
  return open >= 0 && s.indexOf('}}', open + 2) >= 0;
}
