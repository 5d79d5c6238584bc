/**
 * formatPhone as a Make custom IML function. list-senders' labels read Meta's display_phone_number, which
 * the phone-numbers endpoint gives in display form ("+1 631-555-5555", reference/cloud-api.md §4): kept as
 * it is, as the runtime (functions/format-phone.ts) keeps it. Bare digits become "+<digits>" where the
 * runtime groups them by their country's format: libphonenumber's metadata is far over Make's
 * 5,000-character limit. test/export/make/ runs both over one table, and EXPORT-NOTES.md says what differs.
 */
export function formatPhone(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return '';
  if (value.trim().startsWith('+')) return value.trim();
  const digits = value.replace(/\D/g, '');
  return digits ? `+${digits}` : value;
}
