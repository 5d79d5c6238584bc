/** The one error type of the template language: syntax errors, refused access and evaluation failures. */

const MAX_TEMPLATE_IN_MESSAGE = 120;

function quoteTemplate(template: string): string {
  const short =
    template.length > MAX_TEMPLATE_IN_MESSAGE ? `${template.slice(0, MAX_TEMPLATE_IN_MESSAGE)}…` : template;
  return JSON.stringify(short);
}

export class TemplateError extends Error {
  override name = 'TemplateError';
  /** The template source the error belongs to (descriptor text, never a scope value). */
  readonly template: string;
  /** 0-based character offset in `template`, when the error belongs to one place. */
  readonly position?: number;
  /** The problem alone, without template and position. */
  readonly reason: string;
  /** JSON path of the descriptor value being evaluated (set by `evaluate`), e.g. `body.to`. */
  path?: string;

  constructor(reason: string, template: string, position?: number, options?: { cause?: unknown }) {
    const where = position === undefined ? '' : ` at position ${position}`;
    super(`${reason}${where} in template ${quoteTemplate(template)}`, options);
    this.reason = reason;
    this.template = template;
    if (position !== undefined) this.position = position;
  }
}
