/** Bad input: every bad field, by path, with a reason a person can act on. */
import { ConnectorError } from './connector-error.js';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `text.body` or `contacts[0].name.formatted_name`. */
  path: string;
  message: string;
}

export class ValidationError extends ConnectorError {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[], context?: string) {
    const list = issues.map((i) => `${i.path || '(input)'}: ${i.message}`).join('; ');
    super(`${context ? `${context}: ` : ''}invalid input — ${list}`, { retryable: false });
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), details: this.issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues: this.issues };
  }
}

export function isValidationError(error: unknown): error is ValidationError {
  return error instanceof ValidationError || (typeof error === 'object' && error !== null && Array.isArray((error as ValidationError).issues) && (error as ValidationError).name === 'ValidationError');
}
