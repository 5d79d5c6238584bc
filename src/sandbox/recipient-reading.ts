/**
 * How Meta reads the `to` of a send (Meta's "Phone number formats", cloud-api.md §2.1 and §10.11):
 * digits, with `+`, `-`, `(`, `)` and spaces allowed around them; and when the `+` is left out, the
 * country calling code of the *business* number is put in front of the digits — Meta's own example
 * turns `1 (631) 555-1234`, sent from an Indian number, into +91 1631 555 1234. The sandbox reads `to`
 * the same way, so a client that drops the `+` sees the misdelivery here rather than in production.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { PAGES } from './meta-limits.js';

export type RecipientReading = { ok: true; waId: string } | { ok: false; reason: string };

const DIALABLE = /^\s*\+?[\d\s()-]+$/;

// A sender's calling code never changes; the display number is read once per number.
const callingCodes = new Map<string, string>();

function callingCodeOf(senderDisplay: string): string {
  let code = callingCodes.get(senderDisplay);
  if (code === undefined) {
    code = parsePhoneNumberFromString(senderDisplay)?.countryCallingCode ?? '';
    callingCodes.set(senderDisplay, code);
  }
  return code;
}

/** Reads `to` as Meta does, for a send from the business number shown as `senderDisplay` (+E.164, any spacing). */
export function readRecipient(to: string, senderDisplay: string): RecipientReading {
  if (!DIALABLE.test(to)) {
    return { ok: false, reason: `${to} is not a phone number (the sandbox does not emulate business-scoped user IDs).` };
  }
  const digits = to.replace(/\D/g, '');
  const explicit = to.trim().startsWith('+');
  const waId = explicit ? digits : `${callingCodeOf(senderDisplay)}${digits}`;
  const parsed = parsePhoneNumberFromString(`+${waId}`);
  if (parsed?.isPossible() && parsed.number === `+${waId}`) return { ok: true, waId };
  const how = explicit ? '' : ` Read as +${waId}: without a leading +, Meta puts the sender's country calling code (+${callingCodeOf(senderDisplay)}) in front (${PAGES.phoneNumbers}).`;
  return { ok: false, reason: `${to} is not a valid WhatsApp phone number.${how}` };
}

/** The sandbox's own controls (allowed list, simulated customers) take a number with its country code, `+` optional. */
export function readInternational(text: string): string | undefined {
  if (!DIALABLE.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  return parsed?.isPossible() && parsed.number === `+${digits}` ? digits : undefined;
}
