/** Display form of a phone number for dropdown labels: Meta's "+1 631-555-5555" stays; bare digits ("16315555555") are formatted internationally. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export function formatPhone(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return '';
  if (value.trim().startsWith('+')) return value.trim(); // Meta's display form, e.g. "+1 631-555-5555"
  const digits = value.replace(/\D/g, '');
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  return parsed ? parsed.formatInternational() : value;
}
