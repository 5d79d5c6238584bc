/**
 * The form fields a template's variables need (the `template-fields` RPC's answer). What each field
 * says — type, label, help, limits — is data: fields/template-variables.json, fields/media.json for a
 * media header's id, link and filename, fields/commerce.json for a multi-product button's sections.
 * This file only picks the entry and fills in names.
 */
import { HEADER_MEDIA_FIELDS as media, PRODUCT_SECTION_FIELDS, TEMPLATE_VARIABLE_FIELDS as definitions } from './template-field-data.js';
import { findTemplate, templateVariables, type Variable } from './template-variables.js';

type FieldDefinition = Record<string, unknown>;

/** A copy the caller may change; the definitions are JSON (and structuredClone is no JavaScript built-in Make has). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A copy of `definition` named `name`, with $name / $kind / $number in its label filled in. */
function field(name: string, definition: FieldDefinition, fill: Record<string, string>): FieldDefinition {
  const out: FieldDefinition = { name, ...copy(definition) };
  if (typeof out.label === 'string') out.label = out.label.replace(/\$(name|kind|number)/g, (_, key: string) => fill[key] ?? '');
  return out;
}

function fieldFor(v: Variable): FieldDefinition {
  const out = fieldOfVariable(v);
  if (v.card !== undefined && typeof out.label === 'string') out.label = definitions.cardLabel.replace('$card', String(v.card + 1)) + out.label;
  return out;
}

function fieldOfVariable(v: Variable): FieldDefinition {
  if (v.where === 'header' && v.kind === 'text') return field(v.field, definitions.headerText, { name: v.name ?? '1' });
  if (v.where === 'header' && v.kind === 'location') return field(v.field, definitions.headerLocation, {});
  if (v.where === 'header' && v.kind === 'product') return field(v.field, definitions.headerProduct, {});
  if (v.where === 'header') {
    const spec = [...media.source, ...(v.kind === 'document' ? [media.filename] : [])];
    return { ...field(v.field, definitions.headerMedia, { kind: v.kind }), spec: copy(spec) };
  }
  if (v.where === 'body') return field(v.field, definitions.body, { name: v.name });
  if (v.where === 'limited_time_offer') return field(v.field, definitions.limitedTimeOffer, {});
  const out = { ...field(v.field, definitions.button[v.value], { number: String(v.index + 1) }), required: v.required };
  if (v.value === 'mpm_sections') {
    const { spec, validate } = PRODUCT_SECTION_FIELDS;
    return { ...out, spec: copy(spec), validate: copy(validate) };
  }
  return out;
}

/** The error Meta answers a send of a template in these states with (cloud-api.md §7.2); any other is 132001. */
const REFUSED_STATUS_CODES: Record<string, number> = { PAUSED: 132015, DISABLED: 132016 };

export function templateFields(list: unknown, templateId: unknown): FieldDefinition[] {
  const template = findTemplate(list, templateId);
  if (template.status && template.status !== 'APPROVED') {
    const code = REFUSED_STATUS_CODES[template.status] ?? 132001;
    throw new Error(`template "${template.name}" (${template.language}) is ${template.status}, not APPROVED: Meta refuses to send it (${code})`);
  }
  return templateVariables(template).map(fieldFor);
}
