/**
 * Media in the sandbox (cloud-api.md §3): multipart upload, info with a URL that needs the token and
 * lives 5 minutes, download, delete, and Meta's type and size limits (131053).
 */
import { createHash } from 'node:crypto';
import { SEED_IDS } from '../../src/sandbox.js';
import { expectGraphError, manualClock, startSandbox, type Harness } from '../helpers/sandbox.js';

const PHONE = SEED_IDS.registeredNumber;
const FIVE_MINUTES = 5 * 60 * 1000;

function form(type: string, bytes: Buffer, fileName: string, fields: Record<string, string> = { messaging_product: 'whatsapp' }) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('type', type);
  f.append('file', new Blob([bytes], { type }), fileName);
  return f;
}

describe('sandbox media', () => {
  let h: Harness;
  const clock = manualClock();
  const bytes = Buffer.from('%PDF-1.4 a tiny menu');
  beforeAll(async () => {
    h = await startSandbox({ now: clock.now });
  });
  afterAll(() => h.close());

  const upload = (type: string, b: Buffer, name: string) => h.call('POST', `${PHONE}/media`, undefined, { raw: form(type, b, name) });

  it('uploads, describes, downloads with the token and deletes a file', async () => {
    const up = await upload('application/pdf', bytes, 'menu.pdf');
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ id: expect.stringMatching(/^\d+$/) });
    const id = up.body.id as string;

    const info = await h.call('GET', `${id}?phone_number_id=${PHONE}`);
    expect(info.body).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringContaining(`/_media/${id}`),
      mime_type: 'application/pdf',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      file_size: String(bytes.length), // a string, as in Meta's example (§3.2)
      id,
    });
    const download = await h.call('GET', info.body.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.compare(download.body, bytes)).toBe(0);

    expectGraphError(await h.call('GET', info.body.url, undefined, { auth: null }), 190);
    expectGraphError(await h.call('GET', `${id}?phone_number_id=${SEED_IDS.testNumber}`), 100);

    expect((await h.call('DELETE', id)).body).toEqual({ success: true });
    expectGraphError(await h.call('GET', id), 100);
    expect((await h.call('GET', info.body.url)).status).toBe(404);
  });

  it('lets a media URL expire after 5 minutes; a fresh GET gives a working one', async () => {
    const { id } = (await upload('image/png', Buffer.from('89504e47', 'hex'), 'a.png')).body;
    const { url } = (await h.call('GET', id)).body;
    clock.advance(FIVE_MINUTES - 1000);
    expect((await h.call('GET', url)).status).toBe(200);
    clock.advance(2000);
    expect((await h.call('GET', url)).status).toBe(404);
    const fresh = (await h.call('GET', id)).body.url;
    expect((await h.call('GET', fresh)).status).toBe(200);
    // A URL whose signature was tampered with is as dead as an expired one.
    expect(
      (
        await h.call(
          'GET',
          fresh.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')),
        )
      ).status,
    ).toBe(404);
  });

  it('answers 131053 for a type WhatsApp does not take and for a file over its kind’s limit (§3.5)', async () => {
    const wrongType = expectGraphError(await upload('application/zip', Buffer.from('PK'), 'a.zip'), 131053, 400);
    expect(wrongType.error_data?.details).toMatch(/application\/zip/);
    const big = expectGraphError(await upload('image/jpeg', Buffer.alloc(5 * 1024 * 1024 + 1), 'big.jpg'), 131053);
    expect(big.error_data?.details).toMatch(/5 MB/);
    const sticker = expectGraphError(await upload('image/webp', Buffer.alloc(100 * 1024 + 1), 'static.webp'), 131053);
    expect(sticker.error_data?.details).toMatch(/static sticker/);
  });

  it('answers 100 when messaging_product, type or the file is missing', async () => {
    expectGraphError(await h.call('POST', `${PHONE}/media`, undefined, { raw: form('image/png', Buffer.from('x'), 'a.png', {}) }), 100);
    const noType = new FormData();
    noType.append('messaging_product', 'whatsapp');
    noType.append('file', new Blob([Buffer.from('x')]), 'a.png');
    expectGraphError(await h.call('POST', `${PHONE}/media`, undefined, { raw: noType }), 100);
    const noFile = new FormData();
    noFile.append('messaging_product', 'whatsapp');
    noFile.append('type', 'image/png');
    expectGraphError(await h.call('POST', `${PHONE}/media`, undefined, { raw: noFile }), 100);
  });
});
