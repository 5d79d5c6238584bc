/**
 * Recursive-descent parser for expression strings (grammar in docs/expressions.md). Everything that can be
 * refused without data is refused here: unknown roots, prototype keys written literally, bad syntax.
 */
import { EXPRESSION_ROOTS, type BinaryOperator, type Expr, type RootName, type ExpressionStringAst } from './ast.js';
import { ExpressionError } from './errors.js';
import { lexExpression, type Punct, type Token } from './lexer.js';
import { FORBIDDEN_KEYS, forbiddenKeyReason } from './values.js';

const ROOTS: ReadonlySet<string> = new Set(EXPRESSION_ROOTS);
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false', 'null']);
const COMPARISONS: ReadonlySet<string> = new Set(['=', '!=', '<', '>', '<=', '>=']);

export function parseExpressionString(source: string): ExpressionStringAst {
  const parts: Array<string | Expr> = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      parts.push(source.slice(i));
      break;
    }
    if (open > i) parts.push(source.slice(i, open));
    const { tokens, end } = lexExpression(source, open + 2);
    parts.push(new Parser(source, tokens).parseWhole(open));
    i = end;
  }
  return { source, parts, raw: parts.length === 1 && typeof parts[0] !== 'string' };
}

function describe(token: Token): string {
  switch (token.type) {
    case 'close':
      return "'}}'";
    case 'string':
      return 'a string';
    case 'number':
      return `number ${token.value}`;
    default:
      return `'${token.value}'`;
  }
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parseWhole(openPos: number): Expr {
    if (this.peek().type === 'close') this.fail("empty expression: write something between '{{' and '}}'", openPos);
    const expr = this.parseOr();
    const next = this.peek();
    if (next.type !== 'close') this.fail(`unexpected ${describe(next)}`, next.pos);
    return expr;
  }

  private fail(reason: string, pos: number): never {
    throw new ExpressionError(reason, this.source, pos);
  }

  /** The token list always ends with a 'close' token, so peeking never runs off the end. */
  private peek(): Token {
    return this.tokens[Math.min(this.index, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }

  private isPunct(value: Punct): boolean {
    const t = this.peek();
    return t.type === 'punct' && t.value === value;
  }

  private isKeyword(value: string): boolean {
    const t = this.peek();
    return t.type === 'ident' && t.value === value;
  }

  private expectPunct(value: Punct): void {
    const t = this.peek();
    if (!this.isPunct(value)) this.fail(`expected '${value}' but found ${describe(t)}`, t.pos);
    this.index++;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      const pos = this.next().pos;
      left = { kind: 'logical', op: 'or', left, right: this.parseAnd(), pos };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      const pos = this.next().pos;
      left = { kind: 'logical', op: 'and', left, right: this.parseNot(), pos };
    }
    return left;
  }

  private parseNot(): Expr {
    if (!this.isKeyword('not')) return this.parseComparison();
    const pos = this.next().pos;
    return { kind: 'not', operand: this.parseNot(), pos };
  }

  /** Comparisons do not chain: `a = b = c` is a syntax error. */
  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t.type !== 'punct' || !COMPARISONS.has(t.value)) return left;
    this.index++;
    return { kind: 'binary', op: t.value as BinaryOperator, left, right: this.parseAdditive(), pos: t.pos };
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isPunct('+') || this.isPunct('-')) {
      const t = this.next() as Extract<Token, { type: 'punct' }>;
      left = { kind: 'binary', op: t.value as BinaryOperator, left, right: this.parseMultiplicative(), pos: t.pos };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isPunct('*') || this.isPunct('/')) {
      const t = this.next() as Extract<Token, { type: 'punct' }>;
      left = { kind: 'binary', op: t.value as BinaryOperator, left, right: this.parseUnary(), pos: t.pos };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (!this.isPunct('-')) return this.parsePostfix();
    const pos = this.next().pos;
    const operand = this.parseUnary();
    if (operand.kind === 'literal' && typeof operand.value === 'number') return { ...operand, value: -operand.value, pos };
    return { kind: 'negate', operand, pos };
  }

  private parsePostfix(): Expr {
    let expr = this.parsePrimary();
    for (;;) {
      if (this.isPunct('.')) {
        const dot = this.next();
        const name = this.next();
        const key = name.type === 'ident' ? name.value : name.type === 'number' ? String(name.value) : undefined;
        if (key === undefined) this.fail(`expected a property name after '.' but found ${describe(name)}`, name.pos);
        expr = this.member(expr, key, name.pos, dot.pos);
      } else if (this.isPunct('[')) {
        const open = this.next();
        const index = this.parseOr();
        this.expectPunct(']');
        // A literal key is checked now; a computed one when it is evaluated.
        expr =
          index.kind === 'literal' && (typeof index.value === 'string' || typeof index.value === 'number')
            ? this.member(expr, String(index.value), index.pos, open.pos)
            : { kind: 'index', object: expr, index, pos: open.pos };
      } else {
        return expr;
      }
    }
  }

  private member(object: Expr, key: string, keyPos: number, pos: number): Expr {
    if (FORBIDDEN_KEYS.has(key)) this.fail(forbiddenKeyReason(key), keyPos);
    return { kind: 'member', object, key, pos };
  }

  private parsePrimary(): Expr {
    const t = this.next();
    switch (t.type) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: t.value, pos: t.pos };
      case 'punct':
        if (t.value === '(') {
          const inner = this.parseOr();
          this.expectPunct(')');
          return inner;
        }
        return this.fail(`expected an expression but found ${describe(t)}`, t.pos);
      case 'close':
        return this.fail(`expected an expression but found ${describe(t)}`, t.pos);
      case 'ident':
        return this.parseName(t);
    }
  }

  private parseName(t: Extract<Token, { type: 'ident' }>): Expr {
    if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true', pos: t.pos };
    if (t.value === 'null') return { kind: 'literal', value: null, pos: t.pos };
    if (KEYWORDS.has(t.value)) this.fail(`expected an expression but found '${t.value}'`, t.pos);
    if (this.isPunct('(')) {
      this.index++;
      return { kind: 'call', name: t.value, args: this.parseArguments(), pos: t.pos };
    }
    if (!ROOTS.has(t.value)) {
      this.fail(`unknown root '${t.value}' (a path starts with one of: ${EXPRESSION_ROOTS.join(', ')})`, t.pos);
    }
    return { kind: 'root', name: t.value as RootName, pos: t.pos };
  }

  /** Arguments are separated by ',' or by ';' as in Make. */
  private parseArguments(): Expr[] {
    const args: Expr[] = [];
    if (this.isPunct(')')) {
      this.index++;
      return args;
    }
    for (;;) {
      args.push(this.parseOr());
      if (this.isPunct(',') || this.isPunct(';')) {
        this.index++;
        continue;
      }
      this.expectPunct(')');
      return args;
    }
  }
}
