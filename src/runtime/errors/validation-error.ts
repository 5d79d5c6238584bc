/** Bad input: every bad field, by path, with a reason a person can act on. */
import { ConnectorError } from './connector-error.js';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `text.body` or `contacts[0].name.formatted_name`. */
  path: string;
  message: string;
}

/** How many issues a message spells out; `issues` keeps them all. */
export const LISTED_ISSUES = 20;

/**
 * The first issues as one line, and how many more there are: an input with a million unknown keys or
 * bad items made a message (and a log line, a terminal's output) of tens of megabytes.
 */
function listed(issues: readonly FieldIssue[], pathOf: (i: FieldIssue) => string): string {
  const list = issues
    .slice(0, LISTED_ISSUES)
    .map((i) => `${pathOf(i)}: ${i.message}`)
    .join('; ');
  const more = issues.length - LISTED_ISSUES;
  return more > 0 ? `${list}; and ${more} more` : list;
}

export class ValidationError extends ConnectorError {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[], context?: string) {
    super(`${context ? `${context}: ` : ''}invalid input — ${listed(issues, (i) => i.path || '(input)')}`, { retryable: false });
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), details: listed(this.issues, (i) => i.path), issues: this.issues };
  }
}

export function isValidationError(error: unknown): error is ValidationError {
  return error instanceof ValidationError || (typeof error === 'object' && error !== null && Array.isArray((error as ValidationError).issues) && (error as ValidationError).name === 'ValidationError');
}
