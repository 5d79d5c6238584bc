/** Builds the `template` object of a send from a template definition and the values of its fields. */
import { findTemplate, templateVariables } from './template-variables.js';

type Params = Record<string, unknown>;

function valueParameter(value: unknown, name: string | undefined): Record<string, unknown> {
  const named = name && !/^\d+$/.test(name) ? { parameter_name: name } : {};
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.currency) return { type: 'currency', ...named, currency: o.currency };
    if (o.date_time) return { type: 'date_time', ...named, date_time: o.date_time };
  }
  return { type: 'text', ...named, text: String(value) };
}

export function buildTemplate(list: unknown, templateId: unknown, params: Params): Record<string, unknown> | undefined {
  if (list === undefined || templateId === undefined) return undefined;
  const template = findTemplate(list, templateId);
  const header: unknown[] = [];
  const body: unknown[] = [];
  const buttons: unknown[] = [];
  for (const v of templateVariables(template)) {
    const value = params[v.field];
    if (v.where === 'header') {
      if (v.kind === 'text') header.push(valueParameter(value, v.name));
      else header.push({ type: v.kind, [v.kind]: value });
    } else if (v.where === 'body') {
      body.push(valueParameter(value, v.positional ? undefined : v.name));
    } else if (value !== undefined && value !== '') {
      const parameter =
        v.subType === 'quick_reply'
          ? { type: 'payload', payload: value }
          : v.subType === 'copy_code'
            ? { type: 'coupon_code', coupon_code: value }
            : v.subType === 'flow'
              ? { type: 'action', action: { flow_token: value } }
              : { type: 'text', text: value };
      buttons.push({ type: 'button', sub_type: v.subType, index: String(v.index), parameters: [parameter] });
    }
  }
  const components = [...(header.length ? [{ type: 'header', parameters: header }] : []), ...(body.length ? [{ type: 'body', parameters: body }] : []), ...buttons];
  return { name: template.name, language: { code: template.language }, ...(components.length ? { components } : {}) };
}
