/**
 * How Meta reads the `to` of a send (Meta's "Phone number formats", cloud-api.md §2.1 and §10.11):
 * digits, with `+`, `-`, `(`, `)` and spaces allowed around them; and when the `+` is left out, the
 * country calling code of the *business* number is put in front of the digits — Meta's own example
 * turns `1 (631) 555-1234`, sent from an Indian number, into +91 1631 555 1234. The sandbox reads `to`
 * the same way, so a client that drops the `+` sees the misdelivery here rather than in production.
 */
import { Metadata, getCountries, getCountryCallingCode } from 'libphonenumber-js/min';
import { PAGES } from './meta-limits.js';

export type RecipientReading = { ok: true; waId: string } | { ok: false; reason: string };

const DIALABLE = /^\s*\+?[\d\s()-]+$/;

/**
 * Country calling code → the lengths a national number can have there (libphonenumber-js's metadata),
 * built once: a send costs a map lookup, not a parse. Calling codes are prefix-free (ITU E.164).
 */
const NATIONAL_LENGTHS = new Map<string, Set<number>>();
{
  const metadata = new Metadata();
  for (const country of getCountries()) {
    metadata.selectNumberingPlan(country);
    const code = getCountryCallingCode(country);
    const lengths = NATIONAL_LENGTHS.get(code) ?? new Set<number>();
    for (const n of metadata.numberingPlan?.possibleLengths() ?? []) lengths.add(n);
    NATIONAL_LENGTHS.set(code, lengths);
  }
}

function callingCodeOf(digits: string): string | undefined {
  for (let size = 1; size <= 3; size++) if (NATIONAL_LENGTHS.has(digits.slice(0, size))) return digits.slice(0, size);
  return undefined;
}

/** A number that can exist: a known calling code and a national number of a length used there. */
function possible(digits: string): boolean {
  const code = callingCodeOf(digits);
  return code !== undefined && NATIONAL_LENGTHS.get(code)!.has(digits.length - code.length);
}

/** Reads `to` as Meta does, for a send from the business number shown as `senderDisplay` (+E.164, any spacing). */
export function readRecipient(to: string, senderDisplay: string): RecipientReading {
  if (!DIALABLE.test(to)) {
    return { ok: false, reason: `${to} is not a phone number (the sandbox does not emulate business-scoped user IDs).` };
  }
  const digits = to.replace(/\D/g, '');
  const explicit = to.trim().startsWith('+');
  const senderCode = callingCodeOf(senderDisplay.replace(/\D/g, '')) ?? '';
  const waId = explicit ? digits : `${senderCode}${digits}`;
  if (possible(waId)) return { ok: true, waId };
  const how = explicit ? '' : ` Read as +${waId}: without a leading +, Meta puts the sender's country calling code (+${senderCode}) in front (${PAGES.phoneNumbers}).`;
  return { ok: false, reason: `${to} is not a valid WhatsApp phone number.${how}` };
}

/** The sandbox's own controls (allowed list, simulated customers) take a number with its country code, `+` optional. */
export function readInternational(text: string): string | undefined {
  if (!DIALABLE.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  return possible(digits) ? digits : undefined;
}
