/**
 * The kinds of recipient a send may name besides a phone number. Both are opaque ids and leave as given.
 * - Business-scoped user IDs (`US.13491208655302741918`; Meta's first examples wrote `user.9373…`). Meta's
 *   send pages take them in `recipient`, not `to` ("Use this instead of, or in addition to, to. If you
 *   include both, to takes precedence": developers.facebook.com/documentation/business-messaging/whatsapp/
 *   calling/call-button-messages-deep-links, body parameters; the business-scoped user IDs page, Mar 2026).
 * - Group ids of the Groups API (`Y2FwaV9ncm91cDox…`, Meta's OpenAPI spec v23.0 examples): letters and digits,
 *   sent in `to` with `recipient_type: "group"`.
 */
export const BSUID = /^(?:[A-Z]{2}\.[A-Za-z0-9]{1,128}|user\.[A-Za-z0-9._-]{1,128})$/;
export const GROUP_ID = /^(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,128}$/;

export function isBsuid(value: unknown): boolean {
  return typeof value === 'string' && BSUID.test(value);
}

export function isGroupId(value: unknown): boolean {
  return typeof value === 'string' && GROUP_ID.test(value);
}

/** The body key that names a recipient: `recipient` for a business-scoped user ID, `to` otherwise. */
export function recipientOf(to: unknown): Record<string, unknown> | undefined {
  if (to === undefined || to === null || to === '') return undefined;
  return isBsuid(to) ? { recipient: to } : { to };
}
