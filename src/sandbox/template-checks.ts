/**
 * What Meta checks when a template is created or edited, as the sandbox reads Meta's pages (template
 * components, template management; cloud-api.md §9.2): names, lengths, variable numbering, example
 * counts. The sandbox's own reading, independent of the connector's, answered with Meta's codes.
 */
import { graphError } from './meta-errors.js';
import { LIMITS } from './meta-limits.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (v: unknown) => (typeof v === 'string' ? [...v].length : 0);
const up = (v: unknown) => String(v ?? '').toUpperCase();
const VAR = /\{\{\s*([^{}]*?)\s*\}\}/g;
const vars = (t: unknown) => (typeof t === 'string' ? [...t.matchAll(VAR)].map((m) => m[1]) : []);

const tooLong = (where: string, max: number) => graphError(100, 'Invalid parameter', `${where} is longer than ${max} characters.`, { subcode: 2388040 });
const bodyFormat = (details: string) => graphError(100, 'Invalid parameter', details, { subcode: 2388072 });

export const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];

export function checkName(name: unknown): string {
  if (typeof name !== 'string' || !/^[a-z0-9_]+$/.test(name) || len(name) > LIMITS.templateName.max)
    throw graphError(100, 'Invalid parameter', `name must be lowercase letters, digits and underscores, at most ${LIMITS.templateName.max} characters.`);
  return name;
}

function checkVariables(where: string, text: unknown, named: boolean, example: Obj | undefined, positionalKey: string, namedKey: string): void {
  const found = vars(text);
  if (found.length === 0) return;
  if (named ? found.some((v) => !/^[a-z0-9_]+$/.test(v)) : found.some((v) => !/^[1-9]\d*$/.test(v)))
    throw bodyFormat(`${where}: variables must be ${named ? 'lowercase names' : 'numbers'} (parameter_format ${named ? 'NAMED' : 'POSITIONAL'}).`);
  const distinct = [...new Set(found)];
  if (!named) {
    const sorted = distinct.map(Number).sort((a, b) => a - b);
    if (sorted.some((n, i) => n !== i + 1)) throw bodyFormat(`${where}: variables must be numbered from {{1}} without gaps.`);
  }
  const given = named ? (Array.isArray(example?.[namedKey]) ? (example[namedKey] as unknown[]).length : 0) : positionalCount(example?.[positionalKey]);
  if (given !== distinct.length) throw graphError(100, 'Invalid parameter', `${where}: ${distinct.length} variable(s) but ${given} example value(s).`);
}

const positionalCount = (v: unknown): number => (Array.isArray(v) ? (Array.isArray(v[0]) ? (v[0] as unknown[]).length : v.length) : 0);

/** Checks a create or edit body's components; throws Meta's error for the first problem. */
export function checkComponents(components: unknown, category: string, parameterFormat: unknown): Obj[] {
  if (!Array.isArray(components) || components.length === 0 || !components.every(isObj)) throw graphError(100, 'Invalid parameter', 'components must be a non-empty list of objects.');
  const named = up(parameterFormat) === 'NAMED';
  const comps = components;
  if (!comps.some((c) => up(c.type) === 'BODY')) throw graphError(100, 'Invalid parameter', 'components need a BODY.');
  for (const c of comps) {
    const type = up(c.type);
    const example = isObj(c.example) ? c.example : undefined;
    if (type === 'HEADER') {
      if (up(c.format || 'TEXT') === 'TEXT') {
        if (len(c.text) > LIMITS.templateHeaderText.max) throw tooLong('HEADER text', LIMITS.templateHeaderText.max);
        if (new Set(vars(c.text)).size > 1) throw graphError(100, 'Invalid parameter', 'a text HEADER may have one variable.', { subcode: 2388047 });
        checkVariables('HEADER', c.text, named, example, 'header_text', 'header_text_named_params');
      } else if (['IMAGE', 'VIDEO', 'DOCUMENT'].includes(up(c.format)) && !(Array.isArray(example?.header_handle) && example.header_handle.length > 0)) {
        throw graphError(100, 'Invalid parameter', `a ${up(c.format)} HEADER needs example.header_handle (Resumable Upload API).`, { subcode: 2388047 });
      }
    } else if (type === 'BODY' && category !== 'AUTHENTICATION') {
      if (len(c.text) < LIMITS.templateBody.min) throw graphError(100, 'Invalid parameter', 'BODY text is required.');
      if (len(c.text) > LIMITS.templateBody.max) throw tooLong('BODY text', LIMITS.templateBody.max);
      checkVariables('BODY', c.text, named, example, 'body_text', 'body_text_named_params');
      const t = String(c.text).trim();
      if (/^\{\{[^{}]*\}\}/.test(t) || /\{\{[^{}]*\}\}[.!?]?$/.test(t)) throw graphError(100, 'Invalid parameter', 'BODY text may not start or end with a variable.', { subcode: 2388299 });
    } else if (type === 'FOOTER' && category !== 'AUTHENTICATION') {
      if (len(c.text) > LIMITS.templateFooter.max) throw tooLong('FOOTER text', LIMITS.templateFooter.max);
      if (vars(c.text).length > 0) throw graphError(100, 'Invalid parameter', 'a FOOTER may not contain variables.', { subcode: 2388073 });
    } else if (type === 'BUTTONS') {
      const buttons = Array.isArray(c.buttons) ? c.buttons : [];
      if (buttons.length < (LIMITS.templateButtons.min ?? 1) || buttons.length > LIMITS.templateButtons.max)
        throw graphError(100, 'Invalid parameter', `BUTTONS needs 1 to ${LIMITS.templateButtons.max} buttons.`);
      for (const b of buttons) if (isObj(b) && len(b.text) > LIMITS.templateButtonText.max) throw tooLong('a button text', LIMITS.templateButtonText.max);
    }
  }
  if (category === 'AUTHENTICATION') {
    const otp = comps.flatMap((c): unknown[] => (up(c.type) === 'BUTTONS' && Array.isArray(c.buttons) ? c.buttons : [])).filter((b) => isObj(b) && up(b.type) === 'OTP');
    if (otp.length !== 1) throw graphError(100, 'Invalid parameter', 'an AUTHENTICATION template needs exactly one OTP button.');
  }
  return comps;
}
