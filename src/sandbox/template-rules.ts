/**
 * Template sends, checked as Meta does (cloud-api.md §2.8, §7.2): the template must exist, be APPROVED
 * and exist in the language (132001; a paused one 132015, a disabled one 132016); each component must carry as many parameters as the template has
 * variables (132000); each parameter must have the shape its place takes (132012). What the template
 * asks for is the sandbox's own reading of it (template-reading.ts).
 */
import { graphError } from './meta-errors.js';
import { templateSlots, type ButtonSlot, type StoredTemplate } from './template-reading.js';
import type { Catalog } from './catalog.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const paramMismatch = (details: string) => graphError(132000, 'Number of parameters does not match the expected number of params', details);
const badFormat = (details: string) => graphError(132012, 'Parameter format does not match format in the created template', details);

const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** Body parameters take text, currency or date_time; header text parameters take text ([OAS] BodyComponent, HeaderComponent). */
function checkValueParam(p: Obj, where: string, types: readonly string[]): void {
  if (!types.includes(String(p.type))) throw badFormat(`${where}: parameter type ${String(p.type)} is not allowed here (${types.join(', ')}).`);
  if (p.type === 'text') {
    if (!nonEmpty(p.text)) throw badFormat(`${where}: a text parameter needs non-empty text.`);
  } else if (p.type === 'currency') {
    const c = p.currency;
    if (!isObj(c) || typeof c.fallback_value !== 'string' || typeof c.code !== 'string' || !/^[A-Z]{3}$/.test(c.code) || !Number.isInteger(c.amount_1000)) {
      throw badFormat(`${where}: currency needs fallback_value, an ISO 4217 code and an integer amount_1000.`);
    }
  } else if (!isObj(p.date_time) || typeof p.date_time.fallback_value !== 'string') throw badFormat(`${where}: date_time needs fallback_value.`);
}

/** Named templates name every text parameter; positional ones name none. */
function checkName(p: Obj, where: string, named: boolean, known: readonly string[]): void {
  if (!named) {
    if (p.parameter_name !== undefined) throw badFormat(`${where}: this template uses positional parameters; parameter_name is not allowed.`);
    return;
  }
  if (p.parameter_name === undefined) throw badFormat(`${where}: this template uses named parameters; the parameter has no parameter_name.`);
  if (!known.includes(String(p.parameter_name))) throw badFormat(`${where}: the template has no parameter named ${String(p.parameter_name)}.`);
}

function parametersOf(components: Obj[], type: string): unknown[] {
  return components.filter((c) => String(c.type).toLowerCase() === type).flatMap((c) => (Array.isArray(c.parameters) ? (c.parameters as unknown[]) : []));
}

function checkHeader(template: StoredTemplate, components: Obj[], named: boolean): void {
  const slot = templateSlots(template).header;
  const params = parametersOf(components, 'header');
  const expected = slot ? 1 : 0;
  if (params.length !== expected) throw paramMismatch(`header: expected ${expected} parameter(s), received ${params.length}.`);
  if (!slot) return;
  const p = params[0];
  if (!isObj(p)) throw badFormat('header: parameters must be objects.');
  if (slot.kind === 'text') {
    checkValueParam(p, 'header', ['text']);
    return checkName(p, 'header', named, [slot.name]);
  }
  const m = p[slot.kind];
  if (p.type !== slot.kind || !isObj(m)) throw badFormat(`header: the template has a ${slot.kind.toUpperCase()} header; received a ${String(p.type)} parameter.`);
  if (slot.kind === 'location') {
    // Numbers or numeric strings, as for a location message (Meta's location template page writes strings).
    const degrees = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && v.trim() !== '')) && Number.isFinite(Number(v));
    if (!degrees(m.latitude) || !degrees(m.longitude)) throw badFormat('header: location needs latitude and longitude in decimal degrees.');
  } else if (nonEmpty(m.id) === nonEmpty(m.link)) throw badFormat(`header: ${slot.kind} needs exactly one of id or link.`);
}

function checkBody(template: StoredTemplate, components: Obj[], named: boolean): void {
  const names = templateSlots(template).body;
  const params = parametersOf(components, 'body');
  if (params.length !== names.length) throw paramMismatch(`body: expected ${names.length} parameter(s), received ${params.length}.`);
  params.forEach((p, i) => {
    const where = `body parameter ${i + 1}`;
    if (!isObj(p)) throw badFormat('body: parameters must be objects.');
    checkName(p, where, named, names);
    checkValueParam(p, where, ['text', 'currency', 'date_time']);
  });
}

const PARAMETER_VALUE: Record<ButtonSlot['parameter'], (p: Obj) => boolean> = {
  text: (p) => nonEmpty(p.text),
  payload: (p) => nonEmpty(p.payload),
  coupon_code: (p) => nonEmpty(p.coupon_code),
  action: (p) => isObj(p.action),
};

/** The products a catalog or multi-product button names must be in the catalog (131009, as in a product message). */
function checkProducts(action: Obj, catalog: Catalog | undefined): void {
  if (!catalog) return;
  const sections = Array.isArray(action.sections) ? (action.sections as Obj[]) : [];
  const ids = [action.thumbnail_product_retailer_id, ...sections.flatMap((s) => (Array.isArray(s?.product_items) ? (s.product_items as Obj[]) : []).map((i) => i?.product_retailer_id))];
  const missing = ids.filter((id) => id !== undefined && !catalog.products.has(String(id)));
  if (missing.length > 0) throw graphError(131009, 'Parameter value is not valid', `Products not found in FB Catalog: ${missing.join(', ')}.`);
}

function checkButtons(template: StoredTemplate, components: Obj[], catalog: Catalog | undefined): void {
  const slots = templateSlots(template).buttons;
  const given = components.filter((c) => String(c.type).toLowerCase() === 'button');
  for (const b of given) {
    const slot = slots.find((s) => String(s.index) === String(b.index));
    if (!slot) throw paramMismatch(`button ${String(b.index)}: the template has no button there that takes a parameter.`);
    if (String(b.sub_type).toLowerCase() !== slot.subType) throw badFormat(`button ${slot.index}: sub_type must be ${slot.subType}.`);
    const params = Array.isArray(b.parameters) ? (b.parameters as unknown[]) : [];
    if (params.length !== 1) throw paramMismatch(`button ${slot.index}: expected 1 parameter, received ${params.length}.`);
    const p = params[0];
    if (!isObj(p) || p.type !== slot.parameter || !PARAMETER_VALUE[slot.parameter](p)) {
      throw badFormat(`button ${slot.index}: a ${slot.subType} button takes one parameter of type ${slot.parameter} with a value.`);
    }
    if (slot.subType === 'catalog' || slot.subType === 'mpm') checkProducts(p.action as Obj, catalog);
  }
  for (const slot of slots) {
    if (slot.required && !given.some((b) => String(b.index) === String(slot.index))) {
      throw paramMismatch(`button ${slot.index}: the template's ${slot.subType} button needs a parameter (${slot.source}).`);
    }
  }
}

export function checkTemplateSend(templates: readonly StoredTemplate[], t: unknown, catalog?: Catalog): StoredTemplate {
  if (!isObj(t) || typeof t.name !== 'string') throw graphError(100, 'Invalid parameter', "The parameter template['name'] is required.");
  const code = isObj(t.language) ? t.language.code : undefined;
  if (typeof code !== 'string') throw graphError(100, 'Invalid parameter', "The parameter template['language']['code'] is required.");
  const template = templates.find((x) => x.name === t.name && x.language === code);
  // Meta names these two states with codes of their own (cloud-api.md §7.2), not the generic 132001.
  if (template?.status === 'PAUSED') throw graphError(132015, 'Template is Paused', `Template ${t.name} (${code}) is paused for low quality: edit it and wait for its approval.`);
  if (template?.status === 'DISABLED') throw graphError(132016, 'Template is Disabled', `Template ${t.name} (${code}) was disabled after being paused too often: create a new template.`);
  if (!template || template.status !== 'APPROVED') {
    throw graphError(132001, 'Template name does not exist in the translation', `template name (${t.name}) does not exist in ${code}${template ? ` (its status is ${template.status})` : ''}`);
  }
  const components = (Array.isArray(t.components) ? (t.components as unknown[]) : []).filter(isObj);
  const named = template.parameter_format === 'NAMED';
  checkHeader(template, components, named);
  checkBody(template, components, named);
  checkButtons(template, components, catalog);
  return template;
}
