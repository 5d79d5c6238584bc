/** get-business-profile (cloud-api.md §5): exact request, every field, output. */
import { connector, ctx, failure, graph, graphError, hintFor, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN } from '../../helpers/connection.js';

useNock();

const PROFILE = {
  about: 'Fresh produce every day',
  address: '1 Market Street',
  description: 'Family-run grocery.',
  email: 'hello@example.com',
  profile_picture_url: 'https://pps.whatsapp.net/v/t61/profile.jpg',
  websites: ['https://www.example.com'],
  vertical: 'GROCERY',
};
const ALL_FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';

describe('get-business-profile', () => {
  test.each([
    ["Meta's page: data[0] is the profile", { data: [{ ...PROFILE, messaging_product: 'whatsapp' }] }],
    ['the OpenAPI example: data[0].business_profile', { data: [{ business_profile: { ...PROFILE, messaging_product: 'whatsapp' } }] }],
    ['a top-level business_profile', { business_profile: { ...PROFILE, messaging_product: 'whatsapp' } }],
  ])('%s → the flat profile', async (_label, answer) => {
    const scope = graph()
      .get(v(`/${PHONE_ID}/whatsapp_business_profile`))
      .query({ fields: ALL_FIELDS })
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(200, answer);
    await expect(connector().execute('get-business-profile', { senderId: PHONE_ID }, ctx())).resolves.toEqual(PROFILE);
    expect(scope.isDone()).toBe(true);
  });

  test('chosen fields only (a list or comma-separated text)', async () => {
    const scope = graph()
      .get(v(`/${PHONE_ID}/whatsapp_business_profile`))
      .query({ fields: 'about,vertical' })
      .times(2)
      .reply(200, { data: [{ about: 'x', vertical: 'OTHER' }] });
    await expect(connector().execute('get-business-profile', { senderId: PHONE_ID, fields: ['about', 'vertical'] }, ctx())).resolves.toEqual({ about: 'x', vertical: 'OTHER' });
    await connector().executeDynamic('get-business-profile', { senderId: PHONE_ID, fields: 'about, vertical' }, ctx());
    expect(scope.isDone()).toBe(true);
  });

  test('an unknown field name is refused', async () => {
    const error = await failure('get-business-profile', { senderId: PHONE_ID, fields: ['about', 'phone'] });
    expect(error.message).toMatch(/fields\[1\]: must be one of/);
  });

  test('10 (permission) → InvalidConfigurationError with the hint', async () => {
    graph()
      .get(v(`/${PHONE_ID}/whatsapp_business_profile`))
      .query(true)
      .reply(403, graphError(10, { message: '(#10) Application does not have permission' }));
    const error = await failure('get-business-profile', { senderId: PHONE_ID });
    expect(error).toMatchObject({ name: 'InvalidConfigurationError', code: 10, hint: hintFor(10) });
  });
});
