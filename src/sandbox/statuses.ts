/**
 * Status webhooks after an accepted send (cloud-api.md §6.5): sent → delivered → read, or failed with
 * errors when the message cannot be delivered after all. Pricing rides on `sent` and `delivered`;
 * `conversation` is included only for API versions before v24.0, which dropped it.
 */
import { digits, type SandboxContext } from './sandbox-context.js';

export interface AcceptedSend {
  phoneNumberId: string;
  id: string;
  /** The recipient's wa_id (digits, no '+'), or the group id of a group send. */
  to: string;
  /** The BSUID the send named: statuses then carry recipient_user_id (cloud-api.md §6.3). */
  userId?: string;
  group?: string;
  /** A group's participants (wa_ids): each one's delivered and read is a status of its own. */
  participants?: readonly string[];
  /** Pricing category: service, utility, marketing, authentication. */
  category: string;
  version: string;
  bizOpaque?: unknown;
  /** An error found after acceptance: the message ends `failed` instead of delivered. */
  failure?: { code: number; title: string; details: string };
  /** Reactions get only `sent`, never delivered or read (the reaction page). */
  sentOnly?: boolean;
}

const DAY_S = 24 * 60 * 60;

function statusValue(ctx: SandboxContext, send: AcceptedSend, status: string, extra: Record<string, unknown>) {
  const number = ctx.state.phoneNumbers.get(send.phoneNumberId)!;
  const opaque = send.bizOpaque === undefined ? {} : { biz_opaque_callback_data: send.bizOpaque };
  return {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: digits(number.display_phone_number), phone_number_id: send.phoneNumberId },
    statuses: [{ id: send.id, status, timestamp: String(Math.floor(ctx.now() / 1000)), ...recipientOf(send), ...opaque, ...extra }],
  };
}

export const major = (version: string) => Number(/^v(\d+)/.exec(version)?.[1] ?? 0);

/** A BSUID send's statuses name the user by recipient_user_id (recipient_id empty); a group send's, the group. */
function recipientOf(send: AcceptedSend): Record<string, string> {
  if (send.group) return { recipient_id: send.group, recipient_type: 'group' };
  if (send.userId) return { recipient_id: '', recipient_user_id: send.userId };
  return { recipient_id: send.to };
}

export function scheduleStatuses(ctx: SandboxContext, send: AcceptedSend): void {
  const hooks = ctx.webhooks;
  if (!hooks.active()) return; // nobody listens: skip the work on the hot path
  if (send.failure) {
    const { code, title, details } = send.failure;
    const errors = [{ code, title, message: title, error_data: { details }, href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/' }];
    hooks.send('messages', statusValue(ctx, send, 'failed', { errors }));
    return;
  }
  const free = send.category === 'service';
  const pricing = { billable: !free, pricing_model: 'PMP', type: free ? 'free_customer_service' : 'regular', category: send.category };
  const nowS = Math.floor(ctx.now() / 1000);
  const conversationId = `${send.phoneNumberId}-${send.to}`;
  const conversation = (withExpiry: boolean) =>
    major(send.version) >= 24 ? {} : { conversation: { id: conversationId, ...(withExpiry ? { expiration_timestamp: String(nowS + DAY_S) } : {}), origin: { type: send.category } } };
  hooks.send('messages', statusValue(ctx, send, 'sent', { ...conversation(true), pricing }));
  if (send.sentOnly) return;
  const { delivered, read } = ctx.statusDelaysMs;
  // In a group, delivered and read come per participant, naming them in recipient_participant_id.
  const each = send.group && send.participants?.length ? send.participants.map((p) => ({ recipient_participant_id: p })) : [{}];
  for (const who of each) {
    hooks.later(delivered, () => hooks.send('messages', statusValue(ctx, send, 'delivered', { ...who, ...conversation(false), pricing })));
    hooks.later(Math.max(read, delivered), () => hooks.send('messages', statusValue(ctx, send, 'read', { ...who })));
  }
}
