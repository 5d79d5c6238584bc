/**
 * Delivery bodies for the tests, in Meta's envelope (reference/cloud-api.md §6.3). Status items follow
 * §6.5 (Meta's OpenAPI examples have none); other fields follow the value shapes listed in §6.6.
 */
export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';
export const DISPLAY_NUMBER = '15550783881';

export function envelope(field: string, value: unknown, entryExtra: Record<string, unknown> = {}): Record<string, unknown> {
  return { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, ...entryExtra, changes: [{ value, field }] }] };
}

export function messagingValue(parts: Record<string, unknown>): Record<string, unknown> {
  return { messaging_product: 'whatsapp', metadata: { display_phone_number: DISPLAY_NUMBER, phone_number_id: PHONE_NUMBER_ID }, ...parts };
}

export function textMessage(id: string, body = 'hello', from = '16505551234'): Record<string, unknown> {
  return { from, id, timestamp: '1750263773', type: 'text', text: { body } };
}

export function textDelivery(id: string, body = 'hello'): Record<string, unknown> {
  return envelope('messages', messagingValue({ contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }], messages: [textMessage(id, body)] }));
}

export function statusItem(id: string, status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, status, timestamp: '1750263773', recipient_id: '16505551234', ...extra };
}

export function statusDelivery(statuses: Record<string, unknown>[], contacts?: unknown[]): Record<string, unknown> {
  return envelope('messages', messagingValue({ ...(contacts ? { contacts } : {}), statuses }));
}

/** A template status change (§6.6 message_template_status_update). */
export const templateStatusDelivery = envelope(
  'message_template_status_update',
  { event: 'APPROVED', message_template_id: 594425479261596, message_template_name: 'order_update', message_template_language: 'en_US', reason: 'NONE' },
  { time: 1750263800 },
);

/** A template quality score change (§6.6 message_template_quality_update; value keys as in Meta's webhook reference for the field). */
export const templateQualityDelivery = envelope(
  'message_template_quality_update',
  { previous_quality_score: 'GREEN', new_quality_score: 'YELLOW', message_template_id: 594425479261596, message_template_name: 'order_update', message_template_language: 'en_US' },
  { time: 1750263900 },
);

/** A template re-categorised (§6.6 template_category_update; value keys as in Meta's webhook reference for the field). */
export const templateCategoryDelivery = envelope(
  'template_category_update',
  { message_template_id: 594425479261596, message_template_name: 'order_update', message_template_language: 'en_US', previous_category: 'UTILITY', new_category: 'MARKETING' },
  { time: 1750264000 },
);

/** The template events, by field name: what the template-events preset of watch-events' "Only these events" lists. */
export const TEMPLATE_EVENTS = ['message_template_status_update', 'message_template_quality_update', 'template_category_update'];
