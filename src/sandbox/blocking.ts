/**
 * Blocking users (Meta's Block users page): only users who wrote in the last 24 hours can be blocked,
 * at most 1,000 per request and 64,000 in all; each user that fails is listed with its error, and a
 * request where some failed answers 400 with code 139100 around the per-user lists.
 */
import { graphError, invalidParameter, SandboxError, traceId } from './meta-errors.js';
import { LIMITS } from './meta-limits.js';
import { page } from './paging.js';
import { readInternational } from './recipient-reading.js';
import { digits, type GraphAnswer, type GraphRequest, type SandboxContext } from './sandbox-context.js';
import type { PhoneNumber } from './state.js';

interface Failed {
  input: string;
  wa_id?: string;
  errors: Array<{ message: string; code: number; error_data: { details: string } }>;
}

function users(body: Record<string, unknown>): string[] {
  if (body.messaging_product !== 'whatsapp') throw graphError(100, 'The parameter messaging_product is required.', "The parameter messaging_product is required and must be 'whatsapp'.");
  const list = body.block_users;
  if (!Array.isArray(list) || list.length < (LIMITS.blockUsers.min ?? 1)) throw invalidParameter('block_users must be a non-empty list of { user }.');
  // Too many users in one request is Meta's rate-limit error (Block users page, error codes).
  if (list.length > LIMITS.blockUsers.max) throw graphError(130429, 'Rate limit hit', `At most ${LIMITS.blockUsers.max} users per request.`);
  return list.map((u) => String((u as { user?: unknown })?.user ?? ''));
}

const failure = (input: string, code: number, message: string, details: string, waId?: string): Failed => ({
  input,
  ...(waId ? { wa_id: waId } : {}),
  errors: [{ message, code, error_data: { details } }],
});

export function handleBlocking(ctx: SandboxContext, req: GraphRequest, n: PhoneNumber): GraphAnswer {
  const s = ctx.state;
  const blocked = s.account.blocked.get(n.id) ?? new Set<string>();
  s.account.blocked.set(n.id, blocked);
  if (req.method === 'GET')
    return {
      json: page(
        ctx,
        req,
        [...blocked].map((wa_id) => ({ messaging_product: 'whatsapp', wa_id })),
      ),
    };
  const block = req.method === 'POST';
  const done: Array<{ input: string; wa_id: string }> = [];
  const failed: Failed[] = [];
  for (const input of users(req.body)) {
    const waId = readInternational(input) ?? (/^\d{6,15}$/.test(input) ? input : undefined);
    if (!waId) {
      failed.push(failure(input, 131047, 'Re-engagement required', 'The number is not a valid WhatsApp user.'));
      continue;
    }
    if (waId === digits(n.display_phone_number)) {
      failed.push(failure(input, 131021, 'Self block', 'A business cannot block its own number.', waId));
      continue;
    }
    if (block) {
      const last = s.lastInbound.get(`${n.id}:${waId}`);
      if (last === undefined || ctx.now() - last > LIMITS.serviceWindow.max) {
        failed.push(failure(input, 131047, 'Re-engagement required', 'User has not messaged in the last 24 hours', waId));
        continue;
      }
      if (!blocked.has(waId) && blocked.size >= LIMITS.blocklist.max) {
        failed.push(failure(input, 139101, 'Blocklist limit reached', `The blocklist has reached its ${LIMITS.blocklist.max} user limit.`, waId));
        continue;
      }
      blocked.add(waId);
    } else blocked.delete(waId);
    done.push({ input, wa_id: waId });
  }
  const key = block ? 'added_users' : 'removed_users';
  const result = { messaging_product: 'whatsapp', block_users: { ...(done.length > 0 ? { [key]: done } : {}), ...(failed.length > 0 ? { failed_users: failed } : {}) } };
  if (failed.length === 0) return { json: result };
  const error = {
    message: '(#139100) Failed to block/unblock users',
    type: 'OAuthException',
    code: 139100,
    error_data: { messaging_product: 'whatsapp' as const, details: `Failed to ${block ? 'block' : 'unblock'} some users, see the block_users response list for details` },
    fbtrace_id: traceId(),
  };
  throw new SandboxError(400, { ...result, error });
}
