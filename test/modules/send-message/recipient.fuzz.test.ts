/** Phone-number normalisation under random input (cloud-api.md §2.1: always +E.164). */
import fc from 'fast-check';
import { normaliseRecipient } from '../../../src/runtime/fields/recipient.js';

test('never throws; an accepted number is +E.164 or an opaque business-scoped id, and normalising is idempotent', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\+?[0-9 ().-]{0,24}$/), fc.stringMatching(/^[A-Z]{2}\.[A-Za-z0-9]{1,20}$/)), (raw) => {
      const r = normaliseRecipient(raw);
      if (!r.ok) {
        expect(r.reason.length).toBeGreaterThan(10);
        return;
      }
      expect(r.value).toMatch(/^(\+[1-9][0-9]{6,14}|[A-Z]{2}\.[A-Za-z0-9]+|user\.[A-Za-z0-9._-]+)$/);
      expect(normaliseRecipient(r.value)).toEqual(r);
    }),
    { numRuns: 2000 },
  );
});

test('the same number in any dialable format normalises to one value', () => {
  for (const raw of ['+1 (631) 555-1234', '16315551234', '+16315551234', '001 631 555 1234', '+1-631-555-1234', '1.631.555.1234']) {
    expect(normaliseRecipient(raw)).toEqual({ ok: true, value: '+16315551234' });
  }
});

test('grouped digits without + are accepted only when the first group is the country code', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[1-9][0-9]{1,3}$/), fc.stringMatching(/^[0-9]{3,4}$/), fc.stringMatching(/^[0-9]{4}$/), (a, b, c) => {
      const r = normaliseRecipient(`${a} ${b} ${c}`);
      if (r.ok) expect(r.value.startsWith(`+${a}`)).toBe(true);
    }),
    { numRuns: 2000 },
  );
});
