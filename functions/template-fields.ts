/** The form fields a template's variables need (the `template-fields` RPC's answer). */
import { findTemplate, templateVariables, type Variable } from './template-variables.js';

const SCHEMA = 'https://whatsapp-business-cloud-connector/schemas/template-message.schema.json';
const media = (kind: string) => [
  { name: 'id', type: 'text', label: 'Media ID', help: 'From upload-media.' },
  { name: 'link', type: 'url', label: 'Link', help: 'A public https URL (Meta caches it for 10 minutes).' },
  ...(kind === 'document' ? [{ name: 'filename', type: 'text', label: 'File name' }] : []),
];

function fieldFor(v: Variable): Record<string, unknown> {
  if (v.where === 'header' && v.kind === 'text') {
    return { name: v.field, type: 'text', label: `Header variable${v.name ? ` {{${v.name}}}` : ' {{1}}'}`, required: true, validate: { max: 60 } };
  }
  if (v.where === 'header' && v.kind === 'location') {
    return {
      name: v.field,
      type: 'collection',
      label: 'Header location',
      required: true,
      spec: [
        { name: 'latitude', type: 'number', required: true, validate: { min: -90, max: 90 } },
        { name: 'longitude', type: 'number', required: true, validate: { min: -180, max: 180 } },
        { name: 'name', type: 'text' },
        { name: 'address', type: 'text' },
      ],
    };
  }
  if (v.where === 'header') {
    return { name: v.field, type: 'collection', label: `Header ${v.kind}`, required: true, spec: media(v.kind), 'x-exactlyOne': ['id', 'link'] };
  }
  if (v.where === 'body') {
    return {
      name: v.field,
      type: 'any',
      label: `Body variable {{${v.name}}}`,
      required: true,
      help: 'Text, or {"currency": {"fallback_value", "code", "amount_1000"}} or {"date_time": {"fallback_value"}}.',
      schema: { $ref: `${SCHEMA}#/definitions/VariableValue` },
    };
  }
  const label = { url: 'URL suffix', quick_reply: 'Quick-reply payload', copy_code: 'Coupon code', flow: 'Flow token' }[v.subType];
  return {
    name: v.field,
    type: 'text',
    label: `Button ${v.index + 1}: ${v.field.endsWith('_otp') ? 'one-time code' : label}`,
    required: v.required,
    ...(v.subType === 'copy_code' ? { validate: { max: 15 } } : {}),
  };
}

export function templateFields(list: unknown, templateId: unknown): Array<Record<string, unknown>> {
  const template = findTemplate(list, templateId);
  if (template.status && template.status !== 'APPROVED') {
    throw new Error(`template "${template.name}" (${template.language}) is ${template.status}, not APPROVED: Meta refuses to send it (132001)`);
  }
  return templateVariables(template).map(fieldFor);
}
