/** Builds the `template` object of a send from a template definition and the values of its fields. */
import { findTemplate, hasLimitedTimeOffer, templateVariables, type ButtonValue, type MessageTemplate, type Variable } from './template-variables.js';
import { isBsuid } from './recipient-kinds.js';
import { frozenMemo } from './frozen-memo.js';

type Params = Record<string, unknown>;
type Component = Record<string, unknown>;

/**
 * The button component each kind of value goes into: its own name, but for these. Meta writes
 * `sub_type: "CATALOG"` in its catalog template example (OpenAPI v23.0 "Send Catalog Template Message").
 */
const SUB_TYPE: Partial<Record<ButtonValue, string>> = { otp: 'url', flow_token: 'flow', flow_action_data: 'flow', catalog: 'CATALOG', mpm_thumbnail: 'mpm', mpm_sections: 'mpm' };

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

/** The action key each value of a flow, catalog or multi-product button goes under. */
const ACTION_KEY: Partial<Record<ButtonValue, string>> = {
  flow_token: 'flow_token',
  flow_action_data: 'flow_action_data',
  catalog: 'thumbnail_product_retailer_id',
  mpm_thumbnail: 'thumbnail_product_retailer_id',
  mpm_sections: 'sections',
};

/** One button's parameter from the values of its variables (undefined: nothing to send for it). */
function buttonParameter(values: Map<ButtonValue, unknown>): Record<string, unknown> | undefined {
  const [[first, value]] = values;
  if (ACTION_KEY[first]) {
    const action: Record<string, unknown> = {};
    for (const [k, v] of values) if (given(v)) action[ACTION_KEY[k]!] = v;
    return Object.keys(action).length ? { type: 'action', action } : undefined;
  }
  if (!given(value)) return undefined;
  if (first === 'quick_reply') return { type: 'payload', payload: value };
  if (first === 'copy_code') return { type: 'coupon_code', coupon_code: value };
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
    out.push({ type: 'button', sub_type: SUB_TYPE[kind] ?? kind, index: at, parameters: [parameter] });
  }
  return out;
}

/** What a send needs of a template's variables: the message's own, and each carousel card's. */
interface Shape {
  own: readonly Variable[];
  cards: ReadonlyArray<readonly Variable[]>;
  offer: boolean;
}

/** A template's variables sorted into the message's and each card's, once per kept (frozen) definition. */
const shapeOf = frozenMemo((template: MessageTemplate): Shape => {
  const variables = templateVariables(template);
  // Every card of a carousel has a media or product header, so each one has a variable.
  const cardCount = new Set(variables.map((v) => v.card).filter((c) => c !== undefined)).size;
  return {
    own: variables.filter((v) => v.card === undefined),
    cards: Array.from({ length: cardCount }, (_, i) => variables.filter((v) => v.card === i)),
    offer: hasLimitedTimeOffer(template),
  };
});

export function buildTemplate(list: unknown, templateId: unknown, params: Params): Record<string, unknown> | undefined {
  if (list === undefined || templateId === undefined) return undefined;
  const template = findTemplate(list, templateId);
  if (template.category === 'AUTHENTICATION' && isBsuid(params.to)) {
    // Meta refuses it with 131062 ("Business-scoped User ID recipients are not supported for this message").
    throw new Error('an authentication template cannot go to a business-scoped user ID (131062)');
  }
  const shape = shapeOf(template);
  const out = components(shape.own, params, shape.offer);
  if (shape.cards.length > 0) {
    const cards = shape.cards.map((variables, i) => ({ card_index: i, components: components(variables, params, true) }));
    out.push({ type: 'carousel', cards });
  }
  return { name: template.name, language: { code: template.language }, ...(out.length ? { components: out } : {}) };
}
