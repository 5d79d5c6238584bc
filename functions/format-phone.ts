/** Display form of a phone number for dropdown labels: "+1 631-555-5555" stays, "16315555555" gains +. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export function formatPhone(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return '';
  const digits = value.replace(/\D/g, '');
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  return parsed ? parsed.formatInternational() : value;
}
