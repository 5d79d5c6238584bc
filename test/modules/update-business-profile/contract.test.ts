/** update-business-profile without a picture (cloud-api.md §5). */
import { connector, ctx, failure, graph, graphError, hintFor, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN } from '../../helpers/connection.js';

useNock();

describe('update-business-profile without a picture', () => {
  test('POST /{id}/whatsapp_business_profile with messaging_product and the given fields only (§5.2)', async () => {
    const body = {
      messaging_product: 'whatsapp',
      about: 'Open 9–5',
      address: '1 Market Street',
      description: 'Family-run grocery.',
      email: 'hello@example.com',
      websites: ['https://www.example.com', 'http://example.org'],
      vertical: 'RETAIL',
    };
    const scope = graph()
      .post(v(`/${PHONE_ID}/whatsapp_business_profile`), body)
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(200, { success: true });
    const { messaging_product: _mp, ...input } = body;
    await expect(connector().executeDynamic('update-business-profile', { senderId: PHONE_ID, ...input }, ctx())).resolves.toEqual({ success: true });
    expect(scope.isDone()).toBe(true);
  });

  test('vertical "" unsets it; other fields stay out', async () => {
    const scope = graph()
      .post(v(`/${PHONE_ID}/whatsapp_business_profile`), { messaging_product: 'whatsapp', vertical: '' })
      .reply(200, { success: true });
    await connector().execute('update-business-profile', { senderId: PHONE_ID, vertical: '' }, ctx());
    expect(scope.isDone()).toBe(true);
  });

  test("Meta's limits are checked field by field before any request", async () => {
    const scope = graph().post(/.*/).reply(200, { success: true });
    const error = await failure('update-business-profile', {
      senderId: PHONE_ID,
      about: 'a'.repeat(140),
      address: 'a'.repeat(257),
      description: 'd'.repeat(513),
      email: 'not-an-email',
      websites: ['https://a.example', 'ftp://b.example', 'https://c.example'],
      vertical: 'UNDEFINED',
    });
    const issues = (error as unknown as { issues: Array<{ path: string; message: string }> }).issues;
    expect(issues.map((i) => i.path)).toEqual(['about', 'address', 'description', 'email', 'websites', 'websites[1]', 'vertical']);
    expect(issues[0].message).toBe('must be at most 139 characters');
    expect(issues[4].message).toBe('must have at most 2 items (it has 3)');
    expect(issues[5].message).toMatch(/http:\/\/ or https:\/\//);
    expect(scope.isDone()).toBe(false);
  });

  test('an email over 128 characters and a website over 256 are refused', async () => {
    const error = await failure('update-business-profile', { senderId: PHONE_ID, email: `${'a'.repeat(120)}@example.com`, websites: [`https://example.com/${'p'.repeat(240)}`] });
    expect(error.message).toContain('email: must be at most 128 characters');
    expect(error.message).toContain('websites[0]: must be at most 256 characters');
  });

  test('nothing at all to update is an error, before any request', async () => {
    const scope = graph().post(/.*/).reply(200, { success: true });
    const nothing = await failure('update-business-profile', { senderId: PHONE_ID });
    expect(nothing.message).toMatch(/nothing to update/);
    expect(scope.isDone()).toBe(false);
  });

  test('100 (a value Meta refuses) → DataError with the hint', async () => {
    graph()
      .post(v(`/${PHONE_ID}/whatsapp_business_profile`))
      .reply(400, graphError(100, { message: '(#100) Param email must be a valid email' }));
    const error = await failure('update-business-profile', { senderId: PHONE_ID, about: 'x' });
    expect(error).toMatchObject({ name: 'DataError', code: 100, hint: hintFor(100) });
  });
});
