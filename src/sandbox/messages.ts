/**
 * POST /{phone-number-id}/messages: read receipts and typing indicators, and sends — checked against
 * Meta's rules in the order Meta applies them, then accepted and followed by status webhooks.
 */
import { graphError, invalidParameter, unknownObject } from './meta-errors.js';
import { checkMessageBody } from './message-rules.js';
import { checkTemplateSend } from './template-rules.js';
import { scheduleStatuses, type AcceptedSend } from './statuses.js';
import { LIMITS, PAGES } from './meta-limits.js';
import { MEDIA_KINDS, mediaKindOf } from './media-table.js';
import { readRecipient } from './recipient-reading.js';
import { digits, wamid, type GraphAnswer, type GraphRequest, type SandboxContext } from './sandbox-context.js';

const MEDIA_MESSAGE_TYPES = new Set<string>(MEDIA_KINDS.map((k) => k.kind));
const REACTION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

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
  if (typeof body.to !== 'string' || body.to.trim() === '') throw graphError(100, 'The parameter to is required.', 'The parameter to is required.');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') throw invalidParameter("recipient_type must be 'individual'.");
  const recipient = readRecipient(body.to, number.display_phone_number);
  if (!recipient.ok) throw graphError(131026, 'Message undeliverable', recipient.reason);
  const to = recipient.waId;
  if (to === digits(number.display_phone_number)) throw graphError(131021, 'Recipient cannot be sender', 'Sender and recipient phone number is the same.');
  if (number.isTestNumber && !number.allowedRecipients.map(digits).includes(to)) {
    throw graphError(131030, 'Recipient phone number not in allowed list', 'Recipient phone number not in allowed list: add it in the app dashboard (test numbers can message up to 5 numbers).');
  }
  const type = String(body.type ?? 'text');
  const mediaExists = (id: string) => ctx.state.media.has(id);
  let category = 'service';
  if (type === 'template') {
    const template = checkTemplateSend(ctx.state.templates, body.template);
    category = ((template as { category?: string }).category ?? 'utility').toLowerCase();
  } else {
    checkMessageBody(body, mediaExists);
    const last = ctx.state.lastInbound.get(`${number.id}:${to}`);
    if (last === undefined || ctx.now() - last > LIMITS.serviceWindow.max) {
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
  ctx.state.sent.push({ id, phoneNumberId: number.id, to: `+${to}`, type, body, at: now });
  ctx.state.messagesById.set(id, { phoneNumberId: number.id, waId: to, type, at: now });
  ctx.state.counters.messagesAccepted++;
  const reaction = type === 'reaction';
  const failure = reaction ? reactionMismatch(ctx, number.id, to, body) : mediaMismatch(ctx, type, body);
  scheduleStatuses(ctx, { phoneNumberId: number.id, id, to, category, version: req.version, bizOpaque: body.biz_opaque_callback_data, failure, sentOnly: reaction });
  return {
    json: {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: to }],
      messages: [{ id, ...(type === 'template' ? { message_status: 'accepted' } : {}) }],
    },
  };
}
