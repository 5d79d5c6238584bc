/** The one error type of the expression language: syntax errors, refused access and evaluation failures. */

const MAX_SOURCE_IN_MESSAGE = 120;

function quoteSource(expression: string): string {
  const short = expression.length > MAX_SOURCE_IN_MESSAGE ? `${expression.slice(0, MAX_SOURCE_IN_MESSAGE)}…` : expression;
  return JSON.stringify(short);
}

export class ExpressionError extends Error {
  override name = 'ExpressionError';
  /** The expression source the error belongs to (descriptor text, never a scope value). */
  readonly expression: string;
  /** 0-based character offset in `expression`, when the error belongs to one place. */
  readonly position?: number;
  /** The problem alone, without expression and position. */
  readonly reason: string;
  /** JSON path of the descriptor value being evaluated (set by `evaluate`), e.g. `body.to`. */
  path?: string;

  constructor(reason: string, expression: string, position?: number, options?: { cause?: unknown }) {
    const where = position === undefined ? '' : ` at position ${position}`;
    super(`${reason}${where} in expression ${quoteSource(expression)}`, options);
    this.reason = reason;
    this.expression = expression;
    if (position !== undefined) this.position = position;
  }
}
