/**
 * What Meta checks in commerce, payment and calling interactive messages (cloud-api.md §2.6; Meta's
 * OpenAPI spec v23.0 ActionObject and SectionObject; the call-button page for voice_call). Products are
 * looked up in the catalog linked to the account: one that is not there answers 131009 with
 * "Products not found in FB Catalog", the parameter-value error Meta gives for them (cloud-api.md §7.2).
 */
import { graphError, invalidParameter } from './meta-errors.js';
import { LIMITS } from './meta-limits.js';
import type { Catalog } from './catalog.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const required = (path: string) => graphError(100, `The parameter ${path} is required.`, `The parameter ${path} is required.`);

function obj(o: unknown, path: string): Obj {
  if (!isObj(o)) throw required(path);
  return o;
}

function str(v: unknown, path: string, max = Infinity): string {
  if (typeof v !== 'string' || v === '') throw required(path);
  if ([...v].length > max) throw invalidParameter(`Param ${path} must be at most ${max} characters long.`);
  return v;
}

function inCatalog(catalog: Catalog, ids: string[], catalogId?: unknown): void {
  if (catalogId !== undefined && catalogId !== catalog.id) {
    throw graphError(131009, 'Parameter value is not valid', `Catalog ${String(catalogId)} is not linked to this WhatsApp Business Account.`);
  }
  const missing = ids.filter((id) => !catalog.products.has(id));
  if (missing.length > 0) throw graphError(131009, 'Parameter value is not valid', `Products not found in FB Catalog: ${missing.join(', ')}.`);
}

function product(action: Obj, catalog: Catalog): void {
  str(action.catalog_id, "interactive['action']['catalog_id']");
  inCatalog(catalog, [str(action.product_retailer_id, "interactive['action']['product_retailer_id']")], action.catalog_id);
}

function productList(action: Obj, catalog: Catalog): void {
  str(action.catalog_id, "interactive['action']['catalog_id']");
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length < LIMITS.productSections.min || sections.length > LIMITS.productSections.max) {
    throw invalidParameter(`interactive['action']['sections'] must have ${LIMITS.productSections.min} to ${LIMITS.productSections.max} sections.`);
  }
  const ids = sections.flatMap((s, n) => {
    const section = obj(s, `sections[${n}]`);
    if (sections.length > 1 || section.title !== undefined) str(section.title, `sections[${n}]['title']`, LIMITS.sectionTitle.max);
    if (!Array.isArray(section.product_items) || section.product_items.length === 0) throw required(`sections[${n}]['product_items']`);
    return section.product_items.map((item, k) => str(obj(item, `product_items[${k}]`).product_retailer_id, `product_items[${k}]['product_retailer_id']`));
  });
  if (ids.length > LIMITS.productItems.max) throw invalidParameter(`A multi-product message may have at most ${LIMITS.productItems.max} products in all sections together.`);
  inCatalog(catalog, ids, action.catalog_id);
}

function catalogMessage(action: Obj, catalog: Catalog): void {
  if (action.name !== 'catalog_message') throw invalidParameter("interactive['action']['name'] must be catalog_message.");
  const p = obj(action.parameters, "interactive['action']['parameters']");
  inCatalog(catalog, [str(p.thumbnail_product_retailer_id, "parameters['thumbnail_product_retailer_id']")]);
}

const amount = (v: unknown, path: string) => {
  const a = obj(v, path);
  if (!Number.isInteger(a.value) || !Number.isInteger(a.offset)) throw invalidParameter(`${path} needs integer value and offset.`);
};

/** Payment messages, as far as Meta's OpenAPI examples "Send Order Details / Status Message" show them. */
function orderDetails(action: Obj, catalog: Catalog): void {
  if (action.name !== 'review_and_pay') throw invalidParameter("interactive['action']['name'] must be review_and_pay.");
  const p = obj(action.parameters, "interactive['action']['parameters']");
  str(p.reference_id, "parameters['reference_id']");
  str(p.currency, "parameters['currency']");
  amount(p.total_amount, "parameters['total_amount']");
  const order = obj(p.order, "parameters['order']");
  if (!Array.isArray(order.items) || order.items.length === 0) throw required("parameters['order']['items']");
  order.items.forEach((item, n) => amount(obj(item, `items[${n}]`).amount, `items[${n}]['amount']`));
  amount(order.subtotal, "parameters['order']['subtotal']");
  if (order.catalog_id !== undefined)
    inCatalog(
      catalog,
      order.items.map((i) => String((i as Obj).retailer_id)),
      order.catalog_id,
    );
}

const ORDER_STATUSES = new Set(['pending', 'processing', 'partially_shipped', 'shipped', 'completed', 'canceled']);

function orderStatus(action: Obj): void {
  if (action.name !== 'review_order') throw invalidParameter("interactive['action']['name'] must be review_order.");
  const p = obj(action.parameters, "interactive['action']['parameters']");
  str(p.reference_id, "parameters['reference_id']");
  const status = obj(p.order, "parameters['order']").status;
  if (!ORDER_STATUSES.has(String(status))) throw invalidParameter(`parameters['order']['status'] ${String(status)} is not an order status.`);
}

function voiceCall(action: Obj): void {
  if (action.name !== 'voice_call') throw invalidParameter("interactive['action']['name'] must be voice_call.");
  if (action.parameters === undefined) return;
  const p = obj(action.parameters, "interactive['action']['parameters']");
  if (p.display_text !== undefined) str(p.display_text, "parameters['display_text']", LIMITS.callButtonText.max);
  if (p.payload !== undefined) str(p.payload, "parameters['payload']", LIMITS.callButtonPayload.max);
  const ttl = p.ttl_minutes;
  if (ttl !== undefined && (!Number.isInteger(ttl) || (ttl as number) < LIMITS.callButtonTtl.min || (ttl as number) > LIMITS.callButtonTtl.max)) {
    throw invalidParameter(`parameters['ttl_minutes'] must be ${LIMITS.callButtonTtl.min} to ${LIMITS.callButtonTtl.max}.`);
  }
}

export const COMMERCE_TYPES = new Set(['product', 'product_list', 'catalog_message', 'order_details', 'order_status', 'call_permission_request', 'voice_call']);

/** Checks the action of a commerce, payment or calling interactive message. */
export function checkCommerceAction(type: string, action: Obj, catalog: Catalog): void {
  switch (type) {
    case 'product':
      return product(action, catalog);
    case 'product_list':
      return productList(action, catalog);
    case 'catalog_message':
      return catalogMessage(action, catalog);
    case 'order_details':
      return orderDetails(action, catalog);
    case 'order_status':
      return orderStatus(action);
    case 'call_permission_request':
      if (action.name !== 'call_permission_request') throw invalidParameter("interactive['action']['name'] must be call_permission_request.");
      return;
    case 'voice_call':
      return voiceCall(action);
  }
}
