/**
 * A customer writes: the sandbox records the message, opens the 24-hour window for that number and
 * delivers it as a `messages` webhook, shaped as Meta's inbound webhooks are (cloud-api.md §6.4).
 */
import { digits, wamid, type SandboxContext } from './sandbox-context.js';
import { invalidParameter } from './meta-errors.js';
import { storeInboundMedia } from './media.js';
import { SEED_IDS } from './seed.js';
import { readInternational } from './recipient-reading.js';
import { adoptUsername, bsuidFor } from './users.js';

// A 1×1 PNG, so an inbound image can be downloaded like a real one.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const MEDIA_TYPES: Record<string, string> = { image: 'image/png', video: 'video/mp4', audio: 'audio/ogg', document: 'application/pdf', sticker: 'image/webp' };
/**
 * Fields Meta's webhook schemas require beyond id, mime_type and sha256 (cloud-api.md §6.4; the spec's
 * AudioMessage, StickerMessage and DocumentMessage): a consumer may rely on them being there.
 */
const REQUIRED_MEDIA_FIELDS: Record<string, Record<string, unknown>> = { audio: { voice: false }, sticker: { animated: false }, document: { filename: 'document.pdf' } };

export interface InboundInput {
  from: string;
  /** The business number written to (default: the registered number). */
  to?: string;
  name?: string;
  /** The customer has adopted this username: webhooks carry it and the customer's business-scoped user ID. */
  username?: string;
  /** With a username: the customer hides the phone number, so `from` and `wa_id` are "" (cloud-api.md §6.3). */
  hidePhone?: boolean;
  type?: string;
  [key: string]: unknown;
}

export function receiveInbound(ctx: SandboxContext, input: InboundInput): { id: string; phoneNumberId: string; from: string; userId?: string } {
  const from = typeof input?.from === 'string' ? readInternational(input.from) : undefined;
  if (from === undefined) throw invalidParameter("from must be the customer's phone number with its country code, e.g. +15550100101.");
  const phoneNumberId = input.to ?? SEED_IDS.registeredNumber;
  const number = ctx.state.phoneNumbers.get(phoneNumberId);
  if (!number) throw invalidParameter(`to: no business phone number ${phoneNumberId} in the sandbox.`);
  const type = input.type ?? 'text';
  const payload = { ...((input[type] as Record<string, unknown> | undefined) ?? {}) };
  if (type === 'text' && typeof payload.body !== 'string') throw invalidParameter('text.body is required for a text message.');
  if (MEDIA_TYPES[type] && !payload.id) {
    const mime = typeof payload.mime_type === 'string' ? payload.mime_type : MEDIA_TYPES[type];
    payload.id = storeInboundMedia(ctx, phoneNumberId, mime, PIXEL);
    payload.mime_type = mime;
    payload.sha256 = ctx.state.media.get(payload.id as string)!.sha256;
  }
  for (const [k, v] of Object.entries(REQUIRED_MEDIA_FIELDS[type] ?? {})) payload[k] ??= v;
  const id = wamid();
  const now = ctx.now();
  const user = typeof input.username === 'string' ? adoptUsername(ctx.state, from, input.username, input.hidePhone === true) : [...ctx.state.users.values()].find((u) => u.waId === from);
  const shownFrom = user?.phoneHidden ? '' : from;
  const message: Record<string, unknown> = {
    from: shownFrom,
    ...(user ? { from_user_id: user.bsuid } : {}),
    id,
    timestamp: String(Math.floor(now / 1000)),
    type,
    ...(type === 'request_welcome' ? {} : { [type]: payload }),
  };
  if (input.context) message.context = input.context;
  ctx.state.inbound.push({ id, phoneNumberId, from, type, message, at: now });
  ctx.state.inboundIds.add(id);
  ctx.state.messagesById.set(id, { phoneNumberId, waId: from, type, at: now });
  ctx.state.lastInbound.set(`${phoneNumberId}:${from}`, now);
  const name = input.name ?? ctx.state.contactNames.get(from) ?? 'Sandbox Customer';
  ctx.state.contactNames.set(from, name);
  ctx.webhooks.send('messages', {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: digits(number.display_phone_number), phone_number_id: phoneNumberId },
    contacts: [user ? { profile: { name, ...(user.username ? { username: user.username } : {}) }, wa_id: shownFrom, user_id: user.bsuid } : { profile: { name }, wa_id: from }],
    messages: [message],
  });
  return { id, phoneNumberId, from, ...(user ? { userId: bsuidFor(ctx.state, from) } : {}) };
}
