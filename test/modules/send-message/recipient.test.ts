/**
 * Receiver normalisation (cloud-api.md §2.1 "Recipient formats"): Meta prepends the *sender's* country
 * code to a `to` without `+`, so every number leaves as +E.164; a BSUID passes through; a number that
 * cannot be placed internationally is refused before any request, naming `to`.
 */
import { PHONE_ID } from '../../helpers/connection.js';
import { ctx, execute, failureOf, issuePaths, recordMessages, useNock } from '../../helpers/graph-api.js';

useNock();

const text = { type: 'text', text: { body: 'Hello' } };

describe.each(['send-message', 'send-template-message'])('%s: receiver', (moduleId) => {
  const input = (to: string) => (moduleId === 'send-message' ? { senderId: PHONE_ID, to, ...text } : { senderId: PHONE_ID, to, template: { name: 'hello_world', language: { code: 'en_US' } } });

  test.each([
    ['+1 (631) 555-1234', '+16315551234'],
    ['16315551234', '+16315551234'],
    ['001 631 555 1234', '+16315551234'],
    ['+44 20 7946 0958', '+442079460958'],
    // A business-scoped user ID is opaque (§2.1 BSUID) and goes out unchanged.
    ['US.13491208655302741918', 'US.13491208655302741918'],
  ])('%j goes out as %j', async (to, wire) => {
    const { requests, scope } = recordMessages();
    await execute(moduleId, input(to));
    expect(scope.isDone()).toBe(true);
    expect((requests[0].body as { to: string }).to).toBe(wire);
  });

  // A US number in national form, read as international, is a valid number elsewhere (+64 New Zealand,
  // +20 Egypt): sending it would reach a stranger, so grouped digits must start with the country code.
  // Area codes that are also country codes (972 Dallas / Israel, 678 Atlanta / Vanuatu) need the shape rule.
  test.each(['(631) 555-1234', 'abc', '12', '646 555 1234', '646-555-1234', '201.555.1234', '972 555 1234', '678-555-1234'])(
    '%j is a ValidationError naming `to` that asks for the country code',
    async (to) => {
      const { scope } = recordMessages();
      const c = ctx();
      const error = await failureOf(() => execute(moduleId, input(to), c), c);
      expect(error.name).toBe('ValidationError');
      expect(issuePaths(error)).toEqual(['to']);
      expect(error.message).toMatch(/country code/);
      expect(scope.isDone()).toBe(false);
    },
  );
});
