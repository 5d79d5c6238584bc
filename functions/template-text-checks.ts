/**
 * What the template checks share (template-checks.ts, template-part-checks.ts): Meta's limits per component,
 * and the checks of one text's variables, examples and length, each adding its problems to `out`.
 */
export type Json = Record<string, unknown>;

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAMED = /^[a-z0-9_]+$/;
const POSITIONAL = /^[1-9][0-9]*$/;
/** Per component, in characters (Meta's template components page; cloud-api.md §9.2). */
export const TEMPLATE_LIMITS = {
  headerText: 60,
  body: 1024,
  footer: 60,
  buttonText: 25,
  buttons: 10,
  urlButtons: 2,
  phoneButtons: 1,
  phoneNumber: 20,
  url: 2000,
  copyCode: 15,
  carouselCards: 10,
  carouselBody: 160,
  carouselButtons: 2,
  offerText: 16,
  offerBody: 600,
  codeExpirationMinutes: 90,
  supportedApps: 5,
} as const;

export const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : '');
export const chars = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);

export function variables(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(VARIABLE)].map((m) => m[1]) : [];
}

/** Problems of the variables of one text: numbering, naming, and the examples given for them. */
export function variableProblems(where: string, text: unknown, format: string, out: string[]): string[] {
  const vars = variables(text);
  if (vars.length === 0) return vars;
  const named = format === 'NAMED';
  for (const v of vars) {
    if (named && !NAMED.test(v)) out.push(`(#2388072) ${where}: {{${v}}} is not a named variable (lowercase letters, digits and _) — parameter_format is NAMED`);
    if (!named && !POSITIONAL.test(v)) out.push(`(#2388072) ${where}: {{${v}}} is not a positional variable ({{1}}, {{2}}…) — set parameter_format NAMED for named variables`);
  }
  if (!named && vars.every((v) => POSITIONAL.test(v))) {
    const numbers = [...new Set(vars.map(Number))].sort((a, b) => a - b);
    const expected = numbers.map((_, i) => i + 1);
    if (numbers.join() !== expected.join()) out.push(`(#2388072) ${where}: variables must be numbered {{1}} to {{${numbers.length}}} without gaps; found ${numbers.map((n) => `{{${n}}}`).join(', ')}`);
  }
  return vars;
}

export function exampleCount(where: string, vars: string[], format: string, example: Json | undefined, positionalKey: string, namedKey: string, out: string[]): void {
  if (vars.length === 0) return;
  const distinct = [...new Set(vars)];
  if (format === 'NAMED') {
    const given = list(example?.[namedKey]).map((e) => obj(e)?.param_name);
    const missing = distinct.filter((v) => !given.includes(v));
    if (missing.length > 0) out.push(`(#100) ${where}: example.${namedKey} needs an example for ${missing.map((m) => `{{${m}}}`).join(', ')}`);
    return;
  }
  const raw = example?.[positionalKey];
  const values = positionalKey === 'body_text' ? list(list(raw)[0]) : list(raw);
  if (values.length !== distinct.length) out.push(`(#100) ${where}: example.${positionalKey} has ${values.length} example value(s) for ${distinct.length} variable(s)`);
}

export function limit(where: string, value: unknown, max: number, out: string[]): void {
  if (chars(value) > max) out.push(`(#2388040) ${where} is ${chars(value)} characters; at most ${max}`);
}
