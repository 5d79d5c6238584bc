/** list-qr-codes: GET /{phone-number-id}/message_qrdls ([OAS] listAllQrCodes, fields and code query parameters). */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test('every code, with the image URL in the format asked for', async () => {
  const item = { code: 'FO7JXE4BG3RFG1', prefilled_message: 'Tell me more', deep_link_url: 'https://wa.me/message/FO7JXE4BG3RFG1', qr_image_url: 'https://scontent.xx.fbcdn.net/x' };
  const scope = graph()
    .get(v(`/${PHONE_ID}/message_qrdls`))
    .query({ fields: 'code,prefilled_message,deep_link_url,qr_image_url.format(SVG)' })
    .reply(200, { data: [item] });
  await expect(connector().executeDynamic('list-qr-codes', { senderId: PHONE_ID, format: 'SVG' }, ctx())).resolves.toEqual([item]);
  expect(scope.isDone()).toBe(true);
});

test('one code', async () => {
  const scope = graph()
    .get(v(`/${PHONE_ID}/message_qrdls`))
    .query({ code: 'FO7JXE4BG3RFG1' })
    .reply(200, { data: [] });
  await connector().executeDynamic('list-qr-codes', { senderId: PHONE_ID, code: 'FO7JXE4BG3RFG1' }, ctx());
  expect(scope.isDone()).toBe(true);
});
