/**
 * POST /{phone-number-id}/messages: read receipts and typing indicators, and sends — checked against
 * Meta's rules in the order Meta applies them, then accepted and followed by status webhooks.
 */
import { graphError, invalidParameter, unknownObject } from './meta-errors.js';
import { checkMessageBody } from './message-rules.js';
import { checkTemplateSend } from './template-rules.js';
import { major, scheduleStatuses, type AcceptedSend } from './statuses.js';
import { BSUID } from './users.js';
import { LIMITS, PAGES } from './meta-limits.js';
import { MEDIA_KINDS, mediaKindOf } from './media-table.js';
import { readRecipient } from './recipient-reading.js';
import { digits, wamid, type GraphAnswer, type GraphRequest, type SandboxContext } from './sandbox-context.js';

const MEDIA_MESSAGE_TYPES = new Set<string>(MEDIA_KINDS.map((k) => k.kind));
const REACTION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Meta's Groups page: a group takes text, media and template messages only, no interactive ones (peers-2026.md (d)). */
const GROUP_TYPES = new Set(['text', 'template', ...MEDIA_MESSAGE_TYPES]);

/**
 * Meta accepts a media message by id and only then finds the file does not fit the message type (an
 * audio file sent as `image`): the send answers 200 and the status webhook says failed, 131053.
 */
function mediaMismatch(ctx: SandboxContext, type: string, body: Record<string, unknown>): AcceptedSend['failure'] {
  if (!MEDIA_MESSAGE_TYPES.has(type)) return undefined;
  const id = (body[type] as { id?: unknown } | undefined)?.id;
  const media = typeof id === 'string' ? ctx.state.media.get(id) : undefined;
  const kind = media ? mediaKindOf(media.mimeType)?.kind : undefined;
  if (!media || kind === type) return undefined;
  return { code: 131053, title: 'Media upload error', details: `Media ${media.id} is ${media.mimeType}, which cannot be sent as ${type}.` };
}

/**
 * The reaction page: a reaction to a message more than 30 days old, not in this chat, deleted, or itself
 * a reaction "will not be delivered" — the send is accepted and a messages webhook carries 131009.
 */
function reactionMismatch(ctx: SandboxContext, phoneNumberId: string, waId: string, body: Record<string, unknown>): AcceptedSend['failure'] {
  const id = (body.reaction as { message_id?: unknown }).message_id as string;
  const target = ctx.state.messagesById.get(id);
  const inThread = target !== undefined && target.phoneNumberId === phoneNumberId && target.waId === waId;
  if (inThread && target.type !== 'reaction' && ctx.now() - target.at <= REACTION_MAX_AGE_MS) return undefined;
  return { code: 131009, title: 'Parameter value is not valid', details: `Message ${id} is not a message of this chat that can take a reaction (${PAGES.reaction}).` };
}

/** Graph's usage header, so clients that watch it see the number's share of the limit. */
function usageHeader(ctx: SandboxContext): Record<string, string> {
  const usage = [{ type: 'whatsapp', call_count: 100, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 0 }];
  return { 'x-business-use-case-usage': JSON.stringify({ [ctx.state.wabaId]: usage }) };
}

export function handleMessages(ctx: SandboxContext, req: GraphRequest): GraphAnswer {
  const number = ctx.state.phoneNumbers.get(req.id);
  if (!number) throw unknownObject(req.id, 'post');
  const body = req.body;
  if (body.messaging_product !== 'whatsapp') throw graphError(100, 'The parameter messaging_product is required.', "The parameter messaging_product is required and must be 'whatsapp'.");

  if (body.status !== undefined) {
    if (body.status !== 'read') throw invalidParameter("status must be 'read'.");
    if (typeof body.message_id !== 'string' || !ctx.state.inboundIds.has(body.message_id)) throw invalidParameter(`message_id ${String(body.message_id)} is not a message this number received.`);
    if (body.typing_indicator !== undefined && (body.typing_indicator as { type?: unknown })?.type !== 'text') throw invalidParameter("typing_indicator['type'] must be 'text'.");
    return { json: { success: true } };
  }

  if (number.status !== 'CONNECTED') throw graphError(133010, 'Account not registered', `Phone number ${number.id} is not registered on the Cloud API.`);
  const recipient = readSendRecipient(ctx, body, number.display_phone_number);
  const to = recipient.waId;
  if (to === digits(number.display_phone_number)) throw graphError(131021, 'Recipient cannot be sender', 'Sender and recipient phone number is the same.');
  if (number.isTestNumber && !recipient.group && !number.allowedRecipients.map(digits).includes(to)) {
    throw graphError(131030, 'Recipient phone number not in allowed list', 'Recipient phone number not in allowed list: add it in the app dashboard (test numbers can message up to 5 numbers).');
  }
  // A user this number has blocked (block_users) gets nothing, template or not, until unblocked (cloud-api.md §7.2, 130403).
  if (!recipient.group && ctx.state.account.blocked.get(number.id)?.has(to)) {
    throw graphError(
      130403,
      'Business has blocked this user',
      `This business phone number has blocked the user ${recipient.input}; unblock them (DELETE /${number.id}/block_users) to message them again.`,
    );
  }
  const type = String(body.type ?? 'text');
  if (recipient.group && !GROUP_TYPES.has(type)) throw invalidParameter(`A group takes text, media and template messages only; a ${type} message cannot be sent to group ${recipient.group}.`);
  const mediaExists = (id: string) => ctx.state.media.has(id);
  let category = 'service';
  if (type === 'template') {
    const template = checkTemplateSend(ctx.state.templates, body.template, ctx.state.catalog);
    category = ((template as { category?: string }).category ?? 'utility').toLowerCase();
    if (category === 'authentication' && recipient.userId) {
      throw graphError(131062, 'Business-scoped User ID recipients are not supported for this message', `Authentication templates cannot be sent to a business-scoped user ID (${PAGES.bsuid}).`);
    }
  } else {
    checkMessageBody(body, mediaExists, ctx.state.catalog);
    const last = ctx.state.lastInbound.get(`${number.id}:${to}`);
    if (!recipient.group && (last === undefined || ctx.now() - last > LIMITS.serviceWindow.max)) {
      throw graphError(131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
    }
  }
  if (body.context !== undefined && typeof (body.context as { message_id?: unknown })?.message_id !== 'string') throw invalidParameter("context['message_id'] is required.");
  if (typeof body.biz_opaque_callback_data === 'string' && [...body.biz_opaque_callback_data].length > LIMITS.bizOpaque.max) {
    throw invalidParameter(`biz_opaque_callback_data must be at most ${LIMITS.bizOpaque.max} characters.`);
  }
  // Throughput first (Meta counts every message of the number), then the pair limit.
  const now = ctx.now();
  if (!ctx.throughput.allow(number.id, now)) {
    ctx.state.counters.throttled++;
    throw graphError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.', { subcode: 2494055, headers: { 'retry-after': '1', ...usageHeader(ctx) } });
  }
  if (!ctx.pairs.allow(`${number.id}:${to}`, now)) {
    ctx.state.counters.throttled++;
    throw graphError(
      131056,
      '(Business Account, Consumer Account) pair rate limit hit',
      'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
      { headers: usageHeader(ctx) },
    );
  }
  const id = wamid();
  ctx.state.sent.push({ id, phoneNumberId: number.id, to: recipient.group ?? `+${to}`, type, body, at: now });
  ctx.state.messagesById.set(id, { phoneNumberId: number.id, waId: to, type, at: now });
  ctx.state.counters.messagesAccepted++;
  const reaction = type === 'reaction';
  const failure = reaction ? reactionMismatch(ctx, number.id, to, body) : mediaMismatch(ctx, type, body);
  scheduleStatuses(ctx, {
    phoneNumberId: number.id,
    id,
    to,
    userId: recipient.userId,
    group: recipient.group,
    participants: recipient.group ? ctx.state.groups.get(recipient.group)?.participants : undefined,
    category,
    version: req.version,
    bizOpaque: body.biz_opaque_callback_data,
    failure,
    sentOnly: reaction,
  });
  return { json: sendAnswer(req.version, recipient, id, type) };
}

/** Who a send is for: `to` (a phone number, or a group id with recipient_type group) or `recipient` (a BSUID); `to` wins. */
interface SendRecipient {
  input: string;
  waId: string;
  userId?: string;
  group?: string;
}

function readSendRecipient(ctx: SandboxContext, body: Record<string, unknown>, businessNumber: string): SendRecipient {
  const named = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  const input = named(body.to) ? body.to : named(body.recipient) ? body.recipient : undefined;
  if (input === undefined) throw graphError(100, 'The parameter to is required.', 'The parameter to (or recipient, for a business-scoped user ID) is required.');
  const recipientType = body.recipient_type ?? 'individual';
  if (recipientType === 'group') {
    const group = ctx.state.groups.get(input);
    if (!group) throw invalidParameter(`Group ${input} does not exist or this business is not in it.`);
    return { input, waId: group.id, group: group.id };
  }
  if (recipientType !== 'individual') throw invalidParameter("recipient_type must be 'individual' or 'group'.");
  // The Nov 2025 page took a BSUID in `to` too; the current send pages name `recipient` for it.
  if (BSUID.test(input)) {
    const user = ctx.state.users.get(input);
    if (!user) throw graphError(131026, 'Message undeliverable', `No WhatsApp user has the business-scoped user ID ${input} for this business.`);
    return { input, waId: user.waId, userId: user.bsuid };
  }
  const reading = readRecipient(input, businessNumber);
  if (!reading.ok) throw graphError(131026, 'Message undeliverable', reading.reason);
  return { input, waId: reading.waId };
}

/**
 * The answer in the shape of the Graph version asked for (cloud-api.md §2.1): up to v23.0 only template
 * sends carry `message_status`, from v24.0 every message does; a send to a BSUID gives `user_id`, with
 * `wa_id: ""` before v25.0 and no `wa_id` from v25.0 on; a group send gives the group's id.
 */
function sendAnswer(version: string, r: SendRecipient, id: string, type: string): Record<string, unknown> {
  const v = major(version);
  const contact = r.group ? { input: r.input } : r.userId ? { input: r.input, ...(v < 25 ? { wa_id: '' } : {}), user_id: r.userId } : { input: r.input, wa_id: r.waId };
  const status = type === 'template' || v >= 24 ? { message_status: 'accepted' } : {};
  return { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id, ...(r.group ? { group_id: r.group } : {}), ...status }] };
}
