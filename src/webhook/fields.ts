/**
 * The webhook fields Meta lets an app subscribe to (reference/cloud-api.md §6.6), and the names the
 * Events exclusion list accepts. `messages` carries three kinds of item, so it is split into the
 * pseudo-events `messages`, `statuses` and `errors`; every other field is excluded by its own name.
 */

/** Subscribable fields other than `messages`, by Meta's name. */
export const OTHER_WEBHOOK_FIELDS = [
  'message_template_status_update',
  'message_template_quality_update',
  'message_template_components_update',
  'template_category_update',
  'account_update',
  'account_alerts',
  'account_review_update',
  'business_capability_update',
  'phone_number_name_update',
  'phone_number_quality_update',
  'security',
  'user_preferences',
  'phone_number_username_update',
  'automatic_events',
  'partner_solutions',
  'payment_configuration_update',
  'history',
  'smb_app_state_sync',
  'smb_message_echoes',
  'calls',
  'group_lifecycle_update',
  'group_participants_update',
  'group_settings_update',
  'group_status_update',
  'message_echoes',
  'consumer_profile',
  'messaging_handovers',
  'standby',
  'account_settings_update',
] as const;

/** Every name the exclusion list understands: the three parts of `messages`, then the other fields. */
export const EVENT_NAMES: readonly string[] = ['messages', 'statuses', 'errors', ...OTHER_WEBHOOK_FIELDS];

/** Status values Meta sends in `statuses[].status` (§6.5). */
export const STATUS_VALUES = ['sent', 'delivered', 'read', 'failed', 'played'] as const;

/** Inbound message types (§6.4). */
export const MESSAGE_TYPES = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contacts',
  'button',
  'interactive',
  'reaction',
  'order',
  'system',
  'request_welcome',
  'unsupported',
  'unknown',
] as const;

/**
 * Meta's OpenAPI enum spells the group participants field `group_participant_update` while its own
 * example uses `group_participants_update` (§6.6, §10); both map to the example's spelling.
 */
const FIELD_ALIASES = new Map([['group_participant_update', 'group_participants_update']]);

/** A Map, not an object: a field named `constructor` or `__proto__` must not find Object.prototype's. */
export function canonicalField(field: string): string {
  return FIELD_ALIASES.get(field) ?? field;
}
