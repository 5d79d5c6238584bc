/**
 * The recipient normalisation as a Make custom IML function: plain JavaScript with no imports, since Make
 * runs custom functions in a sandbox with only JavaScript's built-ins (developers.make.com, "Custom IML
 * functions"). The runtime's version (src/runtime/fields/recipient.ts) also asks libphonenumber whether the
 * number can exist and refuses grouped national forms; that library is far over Make's 5,000-character
 * limit, so this one checks the shape and the length (8–15 digits, E.164) only. test/export/make/ runs both
 * over one table and lists where they differ.
 */
const BSUID = /^(?:[A-Z]{2}\.[A-Za-z0-9]{1,128}|user\.[A-Za-z0-9._-]{1,128})$/;
const DIALABLE = /^\+?[\d\s().\-/]+$/;

export function normalizeRecipient(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return value;
  const input = String(value).trim();
  if (BSUID.test(input)) return input;
  if (!DIALABLE.test(input)) throw new Error('must be a phone number with country code (e.g. +16315551234), a WhatsApp ID (digits) or a business-scoped user ID');
  let digits = input.replace(/\D/g, '');
  if (/^\s*\(/.test(input) || /^0(?!0)/.test(digits)) throw new Error('include the country code (e.g. +1 631 555 1234 or 16315551234): a national number would be sent to the wrong country');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 8 || digits.length > 15) throw new Error('not a valid international phone number — include the country code (e.g. +16315551234)');
  return `+${digits}`;
}
