/**
 * update-business-profile with a profile picture through the Resumable Upload API (cloud-api.md §3.6):
 * /{app-id}/uploads → upload:<id> (Authorization: OAuth, file_offset: 0) → h.
 */
import { connector, ctx, failure, graphError, useNock } from '../../helpers/graph-api.js';
import { json, readBody, startGraph, type LocalGraph, type SeenRequest } from '../../helpers/local-graph.js';
import { PHONE_ID, TOKEN, VERSION } from '../../helpers/connection.js';

useNock();

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
  const local = (appId: string | undefined = APP_ID) => ctx({ connection: { graphUrl: server.url, ...(appId ? { appId } : {}) } });

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
    failAt = { step: 2, status: 400, body: graphError(100, { message: '(#100) Invalid file offset' }) };
    const error = await failure('update-business-profile', { senderId: PHONE_ID, profilePicture: { data: PICTURE, fileName: 'logo.jpg' } }, local());
    expect(error).toMatchObject({ name: 'DataError', code: 100 });
    expect(seen).toHaveLength(2);
  });
});
