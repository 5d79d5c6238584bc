/**
 * download-qr-code: GET /{phone}/message_qrdls/{code}?fields=…qr_image_url.format(PNG) ([OAS]
 * getIndividualQrCode), then the image streamed from Meta's host (fbcdn.net, a media host of the manifest).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test('the PNG saved into a folder as <code>.png', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qr-'));
  try {
    const png = Buffer.from('\x89PNG\r\n\x1a\nqr');
    graph()
      .get(v(`/${PHONE_ID}/message_qrdls/ANED2T5QRU7HG1`))
      .query({ fields: 'code,qr_image_url.format(PNG)' })
      .reply(200, { data: [{ code: 'ANED2T5QRU7HG1', qr_image_url: 'https://scontent-iad3-2.xx.fbcdn.net/m1/v/qr.png?oe=1' }] });
    const image = nock('https://scontent-iad3-2.xx.fbcdn.net').get('/m1/v/qr.png').query({ oe: '1' }).reply(200, png, { 'content-type': 'image/png' });
    const out = (await connector().executeDynamic('download-qr-code', { senderId: PHONE_ID, code: 'ANED2T5QRU7HG1', format: 'PNG', destination: `${dir}/` }, ctx())) as Record<string, unknown>;
    expect(image.isDone()).toBe(true);
    expect(out).toMatchObject({ code: 'ANED2T5QRU7HG1', mimeType: 'image/png', fileSize: png.length, fileName: 'ANED2T5QRU7HG1.png' });
    expect(readFileSync(join(dir, 'ANED2T5QRU7HG1.png')).equals(png)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an image URL on a host that is not Meta is refused (the token never goes there)', async () => {
  graph()
    .get(v(`/${PHONE_ID}/message_qrdls/ANED2T5QRU7HG1`))
    .query(true)
    .reply(200, { code: 'ANED2T5QRU7HG1', qr_image_url: 'https://evil.example.com/qr.png' });
  await expect(connector().executeDynamic('download-qr-code', { senderId: PHONE_ID, code: 'ANED2T5QRU7HG1', format: 'PNG' }, ctx())).rejects.toThrow(/evil\.example\.com|not allowed|refused/i);
});
