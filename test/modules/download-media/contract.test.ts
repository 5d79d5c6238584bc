/**
 * download-media (cloud-api.md §3.2–§3.3): GET /{media-id} for a URL valid 5 minutes, then GET that URL with
 * the token — only on Meta's media hosts or the Graph host — checking sha256 and file_size.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { connector, ctx, failure, graph, graphError, hintFor, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN } from '../../helpers/connection.js';

useNock();

const MEDIA_ID = '1037543291543636';
const BYTES = Buffer.from('\x89PNG\r\n\x1a\n pretend image bytes', 'latin1');
const SHA = createHash('sha256').update(BYTES).digest('hex');
const LOOKASIDE = 'https://lookaside.fbsbx.com';
const mediaUrl = (mid = '1') => `${LOOKASIDE}/whatsapp_business/attachments/?mid=${mid}&ext=1700000000`;

function metadata(overrides: Record<string, unknown> = {}) {
  return { messaging_product: 'whatsapp', url: mediaUrl(), mime_type: 'image/png', sha256: SHA, file_size: String(BYTES.length), id: MEDIA_ID, ...overrides };
}

/** The media host answers with the bytes, only when the bearer token is presented. */
function lookaside(mid = '1', bytes = BYTES) {
  return nock(LOOKASIDE)
    .get('/whatsapp_business/attachments/')
    .query({ mid, ext: '1700000000' })
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply(200, bytes, { 'content-type': 'image/png', 'content-length': String(bytes.length) });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'download-media-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('without a destination the bytes come back as data, with Meta metadata', async () => {
  const info = graph()
    .get(v(`/${MEDIA_ID}`))
    .query({ phone_number_id: PHONE_ID })
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply(200, metadata());
  const file = lookaside();
  const out = (await connector().execute('download-media', { mediaId: MEDIA_ID, phoneNumberId: PHONE_ID }, ctx())) as Record<string, unknown>;
  expect(info.isDone() && file.isDone()).toBe(true);
  expect(out).toEqual({ id: MEDIA_ID, mimeType: 'image/png', sha256: SHA, fileSize: BYTES.length, fileName: `${MEDIA_ID}.png`, data: BYTES });
});

test('file_size may be a number, and the phone number id is optional', async () => {
  graph()
    .get(v(`/${MEDIA_ID}`))
    .reply(200, metadata({ file_size: BYTES.length }));
  lookaside();
  const out = (await connector().execute('download-media', { mediaId: MEDIA_ID }, ctx())) as Record<string, unknown>;
  expect(out.fileSize).toBe(BYTES.length);
});

test('into a folder: named <media id>.<extension>, streamed to disk, no data in the output', async () => {
  graph()
    .get(v(`/${MEDIA_ID}`))
    .reply(200, metadata());
  lookaside();
  const out = (await connector().execute('download-media', { mediaId: MEDIA_ID, destination: dir }, ctx())) as Record<string, unknown>;
  const path = join(dir, `${MEDIA_ID}.png`);
  expect(out).toEqual({ id: MEDIA_ID, mimeType: 'image/png', sha256: SHA, fileSize: BYTES.length, fileName: `${MEDIA_ID}.png`, path });
  expect(readFileSync(path).equals(BYTES)).toBe(true);
  expect(readdirSync(dir)).toEqual([`${MEDIA_ID}.png`]);
});

test('to a file path, or a folder with a chosen name', async () => {
  graph()
    .get(v(`/${MEDIA_ID}`))
    .times(2)
    .reply(200, metadata());
  lookaside();
  lookaside();
  const target = join(dir, 'logo.png');
  const a = (await connector().execute('download-media', { mediaId: MEDIA_ID, destination: target }, ctx())) as Record<string, unknown>;
  expect(a).toMatchObject({ path: target, fileName: 'logo.png' });
  const b = (await connector().execute('download-media', { mediaId: MEDIA_ID, destination: `${dir}/`, fileName: 'named.png' }, ctx())) as Record<string, unknown>;
  expect(b).toMatchObject({ path: join(dir, 'named.png'), fileName: 'named.png' });
  expect(readFileSync(target).equals(BYTES) && readFileSync(join(dir, 'named.png')).equals(BYTES)).toBe(true);
});

describe('the bytes must match Meta metadata; on a mismatch nothing is kept', () => {
  test('wrong sha256 → DataError, no file left behind', async () => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata({ sha256: 'f'.repeat(64) }));
    lookaside();
    const error = await failure('download-media', { mediaId: MEDIA_ID, destination: dir });
    expect(error.name).toBe('DataError');
    expect(error.message).toMatch(/does not match Meta's metadata \(sha256 [0-9a-f]{64}, Meta said f{64}\); nothing was kept/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('wrong size → DataError, no file left behind', async () => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata({ file_size: String(BYTES.length + 1) }));
    lookaside();
    const error = await failure('download-media', { mediaId: MEDIA_ID, destination: dir });
    expect(error.message).toMatch(new RegExp(`size ${BYTES.length} bytes, Meta said ${BYTES.length + 1}`));
    expect(readdirSync(dir)).toEqual([]);
  });

  test('wrong sha256 without a destination → DataError, no data returned', async () => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata({ sha256: '0'.repeat(64) }));
    lookaside();
    const error = await failure('download-media', { mediaId: MEDIA_ID });
    expect(error.name).toBe('DataError');
  });

  test('a base64 sha256 (as webhooks carry it) is compared as base64', async () => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata({ sha256: createHash('sha256').update(BYTES).digest('base64') }));
    lookaside();
    const out = (await connector().execute('download-media', { mediaId: MEDIA_ID }, ctx())) as Record<string, unknown>;
    expect(out.sha256).toBe(SHA);
  });
});

describe('an expired URL is fetched fresh once (§3.2: URLs last 5 minutes)', () => {
  test.each([404, 401])('%i on the media URL → new metadata, new URL, success', async (status) => {
    const info = graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata())
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata({ url: mediaUrl('2') }));
    const expired = nock(LOOKASIDE).get('/whatsapp_business/attachments/').query({ mid: '1', ext: '1700000000' }).reply(status, 'expired');
    const fresh = lookaside('2');
    const out = (await connector().execute('download-media', { mediaId: MEDIA_ID }, ctx())) as Record<string, unknown>;
    expect(info.isDone() && expired.isDone() && fresh.isDone()).toBe(true);
    expect((out.data as Buffer).equals(BYTES)).toBe(true);
  });

  test('only once: a second expiry is an error', async () => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .times(2)
      .reply(200, metadata());
    const expired = nock(LOOKASIDE).get('/whatsapp_business/attachments/').query(true).times(2).reply(404, 'gone');
    const error = await failure('download-media', { mediaId: MEDIA_ID });
    expect(error.httpStatus).toBe(404);
    expect(expired.isDone()).toBe(true);
  });
});

describe('the token goes only to Meta (DESIGN: never to any other host)', () => {
  test.each([
    ['https://evil.example/x'],
    ['http://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1'],
    ['https://lookaside.fbsbx.com.evil.example/a'],
    ['https://notfbsbx.com/a'],
    ['https://user@evil.example/a'],
  ])('%s gets no request at all', async (url) => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata({ url }));
    const target = new URL(url);
    const trap = nock(`${target.protocol}//${target.host}`).get(/.*/).reply(200, BYTES);
    const error = await failure('download-media', { mediaId: MEDIA_ID, destination: dir });
    expect(error.name).toBe('DataError');
    expect(error.message).toMatch(/refused/);
    expect(trap.isDone()).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('other Meta media hosts are allowed (whatsapp.net)', async () => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata({ url: 'https://mmg.whatsapp.net/v/t62/abc' }));
    const file = nock('https://mmg.whatsapp.net').get('/v/t62/abc').matchHeader('authorization', `Bearer ${TOKEN}`).reply(200, BYTES);
    await connector().execute('download-media', { mediaId: MEDIA_ID }, ctx());
    expect(file.isDone()).toBe(true);
  });
});

describe('errors and input', () => {
  test('an unknown media id: 100 → DataError with the hint, no download attempted', async () => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(400, graphError(100, { message: '(#100) Invalid parameter', details: 'Unsupported get request' }));
    const error = await failure('download-media', { mediaId: MEDIA_ID });
    expect(error).toMatchObject({ name: 'DataError', code: 100, hint: hintFor(100) });
  });

  test('metadata without a URL is an error', async () => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata({ url: undefined }));
    const error = await failure('download-media', { mediaId: MEDIA_ID });
    expect(error.message).toMatch(/URL is empty/);
  });

  test('the media id must be digits; a file name may not contain a folder', async () => {
    const error = await failure('download-media', { mediaId: '../me', fileName: 'a/b.png' });
    const paths = (error as unknown as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(paths).toEqual(['mediaId', 'fileName']);
  });

  test('nothing is written for a file that never came', async () => {
    graph()
      .get(v(`/${MEDIA_ID}`))
      .reply(200, metadata());
    // A GET is retried on 5xx (twice), then the error stands.
    const file = nock(LOOKASIDE).get(/.*/).times(3).reply(500, 'oops');
    const error = await failure('download-media', { mediaId: MEDIA_ID, destination: dir });
    expect(error).toMatchObject({ name: 'RuntimeError', httpStatus: 500 });
    expect(file.isDone()).toBe(true);
    expect(existsSync(join(dir, `${MEDIA_ID}.png`))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
