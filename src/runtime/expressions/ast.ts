/** Syntax tree of one `{{ … }}` expression, and of a whole expression string. */

export const EXPRESSION_ROOTS = ['parameters', 'query', 'connection', 'body', 'headers', 'statusCode', 'temp', 'item', 'webhook', 'payload', 'output'] as const;

export type RootName = (typeof EXPRESSION_ROOTS)[number];

export type BinaryOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/';

/** Every node keeps `pos`, its offset in the expression source, so runtime errors can point at it. */
export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; pos: number }
  | { kind: 'root'; name: RootName; pos: number }
  /** `.name`, `["name"]` or `[0]`: a key known when parsing. */
  | { kind: 'member'; object: Expr; key: string; pos: number }
  /** `[expr]`: a key computed when evaluating. */
  | { kind: 'index'; object: Expr; index: Expr; pos: number }
  | { kind: 'call'; name: string; args: Expr[]; pos: number }
  | { kind: 'not'; operand: Expr; pos: number }
  | { kind: 'negate'; operand: Expr; pos: number }
  | { kind: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr; pos: number }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr; pos: number };

/** A expression string: literal text and expressions, in order. */
export interface ExpressionStringAst {
  source: string;
  parts: Array<string | Expr>;
  /** True when the whole string is exactly one `{{ … }}`: its value is returned as is, not as text. */
  raw: boolean;
}
