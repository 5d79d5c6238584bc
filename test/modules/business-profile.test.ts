/**
 * get-business-profile and update-business-profile (cloud-api.md §5), with the profile picture through
 * the Resumable Upload API (§3.6): /{app-id}/uploads → upload:<id> (Authorization: OAuth, file_offset: 0) → h.
 */
import { connector, ctx, failure, graph, graphError, hintFor, setUpNock, v } from './module-helpers.js';
import { json, readBody, startGraph, type LocalGraph, type SeenRequest } from './local-graph.js';
import { PHONE_ID, TOKEN, VERSION } from '../helpers/connection.js';

setUpNock();

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
      .reply(403, graphError(10, '(#10) Application does not have permission'));
    const error = await failure('get-business-profile', { senderId: PHONE_ID });
    expect(error).toMatchObject({ name: 'InvalidConfigurationError', code: 10, hint: hintFor(10) });
  });
});

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
    expect(issues[4].message).toBe('must have at most 2 items');
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
      .reply(400, graphError(100, '(#100) Param email must be a valid email'));
    const error = await failure('update-business-profile', { senderId: PHONE_ID, about: 'x' });
    expect(error).toMatchObject({ name: 'DataError', code: 100, hint: hintFor(100) });
  });
});

describe('update-business-profile with a picture (Resumable Upload, §3.6)', () => {
  const APP_ID = '1234567890';
  const PICTURE = Buffer.from('\x89PNG\r\n\x1a\n tiny logo', 'latin1');
  let server: LocalGraph;
  let seen: SeenRequest[];
  let failAt: { step: number; status: number; body: unknown } | undefined;

  beforeAll(async () => {
    server = await startGraph(async (req, res) => {
      const step = seen.push({ method: req.method, url: req.url, headers: req.headers, body: await readBody(req) });
      if (failAt?.step === step) return json(res, failAt.status, failAt.body);
      const path = new URL(req.url!, 'http://x').pathname;
      if (path === `/${VERSION}/${APP_ID}/uploads`) return json(res, 200, { id: 'upload:MTphdHRhY2htZW50OjEy?sig=ARZabc' });
      if (path.startsWith(`/${VERSION}/upload:`)) return json(res, 200, { h: '4::aW1hZ2UvcG5n:ARb-handle' });
      return json(res, 200, { success: true });
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    seen = [];
    failAt = undefined;
  });
  const local = (appId: string | undefined = APP_ID) => ctx({ graphUrl: server.url, ...(appId ? { appId } : {}) });

  test('three requests: open the session, send the bytes with OAuth, set the handle', async () => {
    const out = await connector().execute('update-business-profile', { senderId: PHONE_ID, about: 'New look', profilePicture: { data: PICTURE, fileName: 'logo.png' } }, local());
    expect(out).toEqual({ success: true });
    expect(seen).toHaveLength(3);

    const [open, bytes, update] = seen;
    expect(open.method).toBe('POST');
    const u = new URL(open.url!, 'http://x');
    expect(u.pathname).toBe(`/${VERSION}/${APP_ID}/uploads`);
    expect(Object.fromEntries(u.searchParams)).toEqual({ file_name: 'logo.png', file_length: String(PICTURE.length), file_type: 'image/png' });
    expect(open.headers.authorization).toBe(`Bearer ${TOKEN}`);

    expect(bytes.method).toBe('POST');
    expect(bytes.url).toBe(`/${VERSION}/upload:MTphdHRhY2htZW50OjEy?sig=ARZabc`);
    expect(bytes.headers.authorization).toBe(`OAuth ${TOKEN}`);
    expect(bytes.headers.file_offset).toBe('0');
    expect(bytes.headers['content-length']).toBe(String(PICTURE.length));
    expect(bytes.body.equals(PICTURE)).toBe(true);

    expect(update.url).toBe(`/${VERSION}/${PHONE_ID}/whatsapp_business_profile`);
    expect(update.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(update.body.toString())).toEqual({ messaging_product: 'whatsapp', about: 'New look', profile_picture_handle: '4::aW1hZ2UvcG5n:ARb-handle' });
  });

  test('without the connection App ID: a clear ValidationError and no request', async () => {
    const error = await failure('update-business-profile', { senderId: PHONE_ID, profilePicture: { data: PICTURE, fileName: 'logo.png' } }, local(''));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/profilePicture: uploading a picture uses Meta's Resumable Upload API, which needs the App ID/);
    expect(seen).toHaveLength(0);
  });

  test('only JPEG or PNG', async () => {
    const error = await failure('update-business-profile', { senderId: PHONE_ID, profilePicture: { data: Buffer.from('GIF89a'), fileName: 'logo.gif' } }, local());
    expect(error.message).toMatch(/profilePicture: image\/gif is not accepted here; give one of image\/jpeg, image\/png/);
    expect(seen).toHaveLength(0);
  });

  test('a failed byte upload stops before the profile is changed', async () => {
    failAt = { step: 2, status: 400, body: graphError(100, '(#100) Invalid file offset') };
    const error = await failure('update-business-profile', { senderId: PHONE_ID, profilePicture: { data: PICTURE, fileName: 'logo.jpg' } }, local());
    expect(error).toMatchObject({ name: 'DataError', code: 100 });
    expect(seen).toHaveLength(2);
  });
});
