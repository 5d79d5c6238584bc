/** Builds the `template` object of a send from a template definition and the values of its fields. */
import { carouselCards, findTemplate, hasLimitedTimeOffer, templateVariables, type ButtonValue, type Variable } from './template-variables.js';
import { isBsuid } from './recipient-kinds.js';

type Params = Record<string, unknown>;
type Component = Record<string, unknown>;

/**
 * The button component each kind of value goes into. Meta writes `sub_type: "CATALOG"` in its catalog
 * template example (OpenAPI v23.0 "Send Catalog Template Message") and lower case elsewhere.
 */
const SUB_TYPE: Record<ButtonValue, string> = {
  url: 'url',
  otp: 'url',
  quick_reply: 'quick_reply',
  copy_code: 'copy_code',
  flow_token: 'flow',
  flow_action_data: 'flow',
  catalog: 'CATALOG',
  mpm_thumbnail: 'mpm',
  mpm_sections: 'mpm',
};

/**
 * Meta's pages write a button's index as a string ("0": OpenAPI v23.0 template examples, the
 * authentication template pages) except where they write a number: catalog and multi-product buttons
 * (OpenAPI "Send Catalog Template Message"; the catalog and multi-product template pages), every button of
 * a limited-time offer (its send page: "index": 0) and the buttons of carousel cards (the carousel send
 * pages: BUTTON_INDEX, Integer). Each message goes out the way Meta documents it.
 */
const NUMBER_INDEX = new Set<ButtonValue>(['catalog', 'mpm_thumbnail', 'mpm_sections']);

function valueParameter(value: unknown, name: string | undefined): Record<string, unknown> {
  const named = name && !/^\d+$/.test(name) ? { parameter_name: name } : {};
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.currency) return { type: 'currency', ...named, currency: o.currency };
    if (o.date_time) return { type: 'date_time', ...named, date_time: o.date_time };
  }
  return { type: 'text', ...named, text: String(value) };
}

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/** One button's parameter from the values of its variables (undefined: nothing to send for it). */
function buttonParameter(values: Map<ButtonValue, unknown>): Record<string, unknown> | undefined {
  const [[first, value]] = values;
  if (first === 'flow_token' || first === 'flow_action_data') {
    const token = values.get('flow_token');
    const data = values.get('flow_action_data');
    if (!given(token) && !given(data)) return undefined;
    return { type: 'action', action: { ...(given(token) ? { flow_token: token } : {}), ...(given(data) ? { flow_action_data: data } : {}) } };
  }
  if (first === 'mpm_thumbnail' || first === 'mpm_sections') {
    return { type: 'action', action: { thumbnail_product_retailer_id: values.get('mpm_thumbnail'), sections: values.get('mpm_sections') } };
  }
  if (!given(value)) return undefined;
  if (first === 'quick_reply') return { type: 'payload', payload: value };
  if (first === 'copy_code') return { type: 'coupon_code', coupon_code: value };
  if (first === 'catalog') return { type: 'action', action: { thumbnail_product_retailer_id: value } };
  return { type: 'text', text: value };
}

/** The components of the message, or of one carousel card, in the order Meta's pages write them. */
function components(variables: readonly Variable[], params: Params, numberIndex: boolean): Component[] {
  const header: unknown[] = [];
  const body: unknown[] = [];
  const offer: unknown[] = [];
  const buttons = new Map<number, Map<ButtonValue, unknown>>();
  for (const v of variables) {
    const value = params[v.field];
    if (v.where === 'header') {
      if (v.kind === 'text') header.push(valueParameter(value, v.name));
      else header.push({ type: v.kind, [v.kind]: value });
    } else if (v.where === 'body') body.push(valueParameter(value, v.positional ? undefined : v.name));
    else if (v.where === 'limited_time_offer') offer.push({ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: value } });
    else {
      const values = buttons.get(v.index) ?? new Map<ButtonValue, unknown>();
      values.set(v.value, value);
      buttons.set(v.index, values);
    }
  }
  const out: Component[] = [];
  if (header.length) out.push({ type: 'header', parameters: header });
  if (body.length) out.push({ type: 'body', parameters: body });
  if (offer.length) out.push({ type: 'limited_time_offer', parameters: offer });
  for (const [index, values] of [...buttons].sort(([a], [b]) => a - b)) {
    const parameter = buttonParameter(values);
    if (!parameter) continue;
    const [kind] = values.keys();
    const at = numberIndex || NUMBER_INDEX.has(kind) ? index : String(index);
    out.push({ type: 'button', sub_type: SUB_TYPE[kind], index: at, parameters: [parameter] });
  }
  return out;
}

export function buildTemplate(list: unknown, templateId: unknown, params: Params): Record<string, unknown> | undefined {
  if (list === undefined || templateId === undefined) return undefined;
  const template = findTemplate(list, templateId);
  if ((template.category ?? '').toUpperCase() === 'AUTHENTICATION' && isBsuid(params.to)) {
    // Meta refuses it with 131062 ("Business-scoped User ID recipients are not supported for this message").
    throw new Error(`"${template.name}" is an authentication template: Meta does not send those to a business-scoped user ID (131062); send it to the customer's phone number`);
  }
  const variables = templateVariables(template);
  const out = components(
    variables.filter((v) => v.card === undefined),
    params,
    hasLimitedTimeOffer(template),
  );
  const cards = carouselCards(template);
  if (cards > 0) {
    const perCard = Array.from({ length: cards }, (_, i) => ({
      card_index: i,
      components: components(
        variables.filter((v) => v.card === i),
        params,
        true,
      ),
    }));
    out.push({ type: 'carousel', cards: perCard });
  }
  return { name: template.name, language: { code: template.language }, ...(out.length ? { components: out } : {}) };
}
