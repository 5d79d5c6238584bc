/**
 * Recipient normalisation. Meta prepends the *business* number's country code to a `to` without `+`,
 * which silently misdelivers (cloud-api.md §2.1), so every phone number leaves as +E.164.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { BSUID, GROUP_ID } from '../../../functions/recipient-kinds.js';

const DIALABLE = /^\+?[\d\s().\-/]+$/;

export type RecipientResult = { ok: true; value: string } | { ok: false; reason: string };

// Parsing with libphonenumber costs ~20 µs; batches and flows send to the same numbers again and again.
const cache = new Map<string, RecipientResult>();
const CACHE_MAX = 10_000;

export function normaliseRecipient(raw: string): RecipientResult {
  let result = cache.get(raw);
  if (!result) {
    result = parseRecipient(raw);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(raw, result);
  }
  return result;
}

function parseRecipient(raw: string): RecipientResult {
  const input = raw.trim();
  // Business-scoped user IDs and group ids are opaque and pass through unchanged.
  if (BSUID.test(input) || GROUP_ID.test(input)) return { ok: true, value: input };
  if (/^@?[A-Za-z][\w.]*$/.test(input) && !input.includes('..')) {
    return { ok: false, reason: "a username cannot be messaged: Meta sends to phone numbers and business-scoped user IDs (a customer's comes in webhooks as user_id, e.g. US.13491208655302741918)" };
  }
  if (!DIALABLE.test(input)) {
    return { ok: false, reason: 'must be a phone number with country code (e.g. +16315551234), a WhatsApp ID (digits), a business-scoped user ID or a group id' };
  }
  // A number written in national form cannot be placed: Meta would guess the country from the sender.
  if (/^\s*\(/.test(input) || /^0(?!0)/.test(input.replace(/\D/g, ''))) {
    return { ok: false, reason: 'include the country code (e.g. +1 631 555 1234 or 16315551234): a national number would be sent to the wrong country' };
  }
  let digits = input.replace(/\D/g, '');
  const explicit = input.startsWith('+') || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (!parsed || !parsed.isPossible()) {
    return { ok: false, reason: 'not a valid international phone number — include the country code (e.g. +16315551234)' };
  }
  // Written in groups without `+`: the first group has to be the country code, and the groups must not
  // have the North American 3-3-4 shape. "646 555 1234" is a New York number in national form that reads
  // as a valid New Zealand one (+64); "972 555 1234" (Dallas) reads as Israeli (+972) although 972 is a
  // country code. Plain digits stay international, as Meta's own wa_id values are written.
  const groups = input
    .trim()
    .split(/[\s().\-/]+/)
    .filter(Boolean);
  const nanpShape = groups.length === 3 && groups[0].length === 3 && groups[1].length === 3 && groups[2].length === 4;
  if (!explicit && groups.length > 1 && (groups[0] !== parsed.countryCallingCode || nanpShape)) {
    return {
      ok: false,
      reason: `reads as +${parsed.countryCallingCode} ${parsed.nationalNumber}, but it is written like a national number: write it with + and the country code (e.g. +1 ${input.trim()} for a US or Canadian number)`,
    };
  }
  return { ok: true, value: parsed.number };
}
