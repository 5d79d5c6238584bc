/**
 * POST /{phone-number-id}/messages: read receipts and typing indicators, and sends — checked against
 * Meta's rules in the order Meta applies them, then accepted and followed by status webhooks.
 */
import { graphError, invalidParameter, unknownObject } from './graph-error.js';
import { checkMessageBody } from './message-rules.js';
import { checkTemplateSend } from './template-rules.js';
import { digits, wamid, type GraphAnswer, type GraphRequest, type SandboxContext } from './context.js';

const WINDOW_MS = 24 * 60 * 60 * 1000;

function statusValue(ctx: SandboxContext, phoneId: string, id: string, to: string, status: string, extra: Record<string, unknown> = {}) {
  const number = ctx.state.phoneNumbers.get(phoneId)!;
  return {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: digits(number.display_phone_number), phone_number_id: phoneId },
    statuses: [{ id, status, timestamp: String(Math.floor(ctx.now() / 1000)), recipient_id: to, ...extra }],
  };
}

function scheduleStatuses(ctx: SandboxContext, phoneId: string, id: string, to: string, category: string, biz?: unknown) {
  const pricing = { billable: category !== 'service', pricing_model: 'PMP', category, type: category === 'service' ? 'free_customer_service' : 'regular' };
  const opaque = biz === undefined ? {} : { biz_opaque_callback_data: biz };
  ctx.webhooks.send('messages', statusValue(ctx, phoneId, id, to, 'sent', { pricing, ...opaque }));
  const { delivered, read } = ctx.statusDelaysMs;
  const later = (ms: number, status: string) => {
    const t = setTimeout(() => ctx.webhooks.send('messages', statusValue(ctx, phoneId, id, to, status, status === 'delivered' ? { pricing, ...opaque } : opaque)), ms);
    t.unref();
  };
  later(delivered, 'delivered');
  later(read, 'read');
}

export function handleMessages(ctx: SandboxContext, req: GraphRequest): GraphAnswer {
  const number = ctx.state.phoneNumbers.get(req.id);
  if (!number) throw unknownObject(req.id, 'post');
  const body = req.body;
  if (body.messaging_product !== 'whatsapp') throw graphError(100, 'The parameter messaging_product is required.', "The parameter messaging_product is required and must be 'whatsapp'.");

  if (body.status !== undefined) {
    if (body.status !== 'read') throw invalidParameter("status must be 'read'.");
    if (typeof body.message_id !== 'string' || !ctx.state.inbound.some((m) => m.id === body.message_id)) throw invalidParameter(`message_id ${String(body.message_id)} is not a message this number received.`);
    if (body.typing_indicator !== undefined && (body.typing_indicator as { type?: unknown })?.type !== 'text') throw invalidParameter("typing_indicator['type'] must be 'text'.");
    return { json: { success: true } };
  }

  if (number.status !== 'CONNECTED') throw graphError(133010, 'Account not registered', `Phone number ${number.id} is not registered on the Cloud API.`);
  if (typeof body.to !== 'string' || body.to.trim() === '') throw graphError(100, 'The parameter to is required.', 'The parameter to is required.');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') throw invalidParameter("recipient_type must be 'individual'.");
  const to = digits(body.to);
  if (to.length < 7 || to.length > 15) throw graphError(131026, 'Message undeliverable', `${body.to} is not a valid WhatsApp phone number.`);
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
    if (last === undefined || ctx.now() - last > WINDOW_MS) {
      throw graphError(131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
    }
  }
  if (body.context !== undefined && typeof (body.context as { message_id?: unknown })?.message_id !== 'string') throw invalidParameter("context['message_id'] is required.");
  if (typeof body.biz_opaque_callback_data === 'string' && body.biz_opaque_callback_data.length > 512) throw invalidParameter('biz_opaque_callback_data must be at most 512 characters.');
  // Throughput first (Meta counts every message of the number), then the pair limit.
  const now = ctx.now();
  if (!ctx.throughput.allow(number.id, now)) {
    ctx.state.counters.throttled++;
    throw graphError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.', { subcode: 2494055, headers: { 'retry-after': '1' } });
  }
  if (!ctx.pairs.allow(`${number.id}:${to}`, now)) {
    ctx.state.counters.throttled++;
    throw graphError(131056, '(Business Account, Consumer Account) pair rate limit hit', 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.');
  }
  const id = wamid();
  ctx.state.sent.push({ id, phoneNumberId: number.id, to: `+${to}`, type, body, at: now });
  ctx.state.counters.messagesAccepted++;
  scheduleStatuses(ctx, number.id, id, to, category, body.biz_opaque_callback_data);
  return {
    json: {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: to }],
      messages: [{ id, ...(type === 'template' ? { message_status: 'accepted' } : {}) }],
    },
  };
}
