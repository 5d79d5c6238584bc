/**
 * Template sends, checked as Meta does: the template must exist, be APPROVED and exist in the language
 * (132001); each component must carry as many parameters as the template has variables (132000); each
 * parameter must have the right shape for its place (132012). The variables come from the same reading
 * of the template the connector uses (functions/template-variables.ts).
 */
import { templateVariables, type MessageTemplate } from '../../functions/template-variables.js';
import { graphError } from './meta-errors.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const paramMismatch = (details: string) => graphError(132000, 'Number of parameters does not match the expected number of params', details);
const badFormat = (details: string) => graphError(132012, 'Parameter format does not match format in the created template', details);

function checkValueParam(p: Obj, where: string): void {
  if (p.type === 'text') {
    if (typeof p.text !== 'string' || p.text.trim() === '') throw badFormat(`${where}: a text parameter needs non-empty text.`);
  } else if (p.type === 'currency') {
    const c = p.currency as Obj | undefined;
    if (!isObj(c) || typeof c.fallback_value !== 'string' || typeof c.code !== 'string' || !/^[A-Z]{3}$/.test(c.code) || !Number.isInteger(c.amount_1000)) {
      throw badFormat(`${where}: currency needs fallback_value, an ISO 4217 code and an integer amount_1000.`);
    }
  } else if (p.type === 'date_time') {
    if (!isObj(p.date_time) || typeof p.date_time.fallback_value !== 'string') throw badFormat(`${where}: date_time needs fallback_value.`);
  } else throw badFormat(`${where}: parameter type ${String(p.type)} is not allowed here.`);
}

export function checkTemplateSend(templates: MessageTemplate[], t: unknown): MessageTemplate {
  if (!isObj(t) || typeof t.name !== 'string') throw graphError(100, 'Invalid parameter', "The parameter template['name'] is required.");
  const code = isObj(t.language) ? t.language.code : undefined;
  if (typeof code !== 'string') throw graphError(100, 'Invalid parameter', "The parameter template['language']['code'] is required.");
  const template = templates.find((x) => x.name === t.name && x.language === code);
  if (!template || (template as { status?: string }).status !== 'APPROVED') {
    throw graphError(
      132001,
      'Template name does not exist in the translation',
      `template name (${t.name}) does not exist in ${code}${template ? ` (its status is ${(template as { status?: string }).status})` : ''}`,
    );
  }
  const components = Array.isArray(t.components) ? (t.components as unknown[]) : [];
  const vars = templateVariables(template);
  const named = (template as { parameter_format?: string }).parameter_format === 'NAMED';
  const byType = (type: string) => components.filter((c): c is Obj => isObj(c) && String(c.type).toLowerCase() === type);

  const headerVars = vars.filter((v) => v.where === 'header');
  const headerParams = byType('header').flatMap((c) => (Array.isArray(c.parameters) ? (c.parameters as Record<string, unknown>[]) : []));
  if (headerParams.length !== headerVars.length) throw paramMismatch(`header: expected ${headerVars.length} parameter(s), received ${headerParams.length}.`);
  headerVars.forEach((v, i) => {
    const p = headerParams[i] as Obj;
    if (!isObj(p)) throw badFormat('header: parameters must be objects.');
    if (v.where !== 'header') return;
    if (v.kind === 'text') return checkValueParam(p, 'header');
    if (p.type !== v.kind || !isObj(p[v.kind])) throw badFormat(`header: the template has a ${v.kind.toUpperCase()} header; received a ${String(p.type)} parameter.`);
    const m = p[v.kind] as Obj;
    if (v.kind === 'location') {
      if (typeof m.latitude !== 'number' || typeof m.longitude !== 'number') throw badFormat('header: location needs numeric latitude and longitude.');
    } else if (!m.id === !m.link) throw badFormat(`header: ${v.kind} needs exactly one of id or link.`);
  });

  const bodyVars = vars.filter((v) => v.where === 'body');
  const bodyParams = byType('body').flatMap((c) => (Array.isArray(c.parameters) ? (c.parameters as Record<string, unknown>[]) : []));
  if (bodyParams.length !== bodyVars.length) throw paramMismatch(`body: expected ${bodyVars.length} parameter(s), received ${bodyParams.length}.`);
  bodyVars.forEach((v, i) => {
    const p = bodyParams[i];
    if (!isObj(p)) throw badFormat('body: parameters must be objects.');
    if (v.where !== 'body') return;
    if (named) {
      if (p.parameter_name === undefined) throw badFormat(`body: this template uses named parameters; parameter ${i + 1} has no parameter_name.`);
      if (!bodyVars.some((b) => b.where === 'body' && b.name === p.parameter_name)) throw badFormat(`body: the template has no parameter named ${String(p.parameter_name)}.`);
    } else if (p.parameter_name !== undefined) throw badFormat('body: this template uses positional parameters; parameter_name is not allowed.');
    checkValueParam(p, `body parameter ${i + 1}`);
  });

  const buttons = byType('button');
  for (const b of buttons) {
    const index = Number(b.index);
    const v = vars.find((x) => x.where === 'button' && x.index === index);
    if (!v || v.where !== 'button') throw paramMismatch(`button ${String(b.index)}: the template has no variable for this button.`);
    if (String(b.sub_type) !== v.subType) throw badFormat(`button ${index}: sub_type must be ${v.subType}.`);
    const params = Array.isArray(b.parameters) ? b.parameters : [];
    if (params.length !== 1) throw paramMismatch(`button ${index}: expected 1 parameter, received ${params.length}.`);
  }
  for (const v of vars) {
    if (v.where === 'button' && v.required && !buttons.some((b) => Number(b.index) === v.index)) throw paramMismatch(`button ${v.index}: a parameter is required.`);
  }
  return template;
}
