/** create-qr-code: POST /{phone-number-id}/message_qrdls ([OAS] createOrUpdateQrCode, create_qr_code example). */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test("the [OAS] 'create_qr_code' body", async () => {
  const answer = {
    code: 'ANED2T5QRU7HG1',
    prefilled_message: "Hi! I'm interested in your products. Can you help me?",
    deep_link_url: 'https://wa.me/message/ANED2T5QRU7HG1',
    qr_image_url: 'https://scontent.xx.fbcdn.net/qr.svg',
  };
  const scope = graph()
    .post(v(`/${PHONE_ID}/message_qrdls`), { prefilled_message: "Hi! I'm interested in your products. Can you help me?", generate_qr_image: 'SVG' })
    .reply(200, answer);
  await expect(
    connector().executeDynamic('create-qr-code', { senderId: PHONE_ID, prefilled_message: "Hi! I'm interested in your products. Can you help me?", generate_qr_image: 'SVG' }, ctx()),
  ).resolves.toEqual(answer);
  expect(scope.isDone()).toBe(true);
});

test('a message over 140 characters is refused ([OAS] CreateQrCodeRequest maxLength)', async () => {
  const error = await failure('create-qr-code', { senderId: PHONE_ID, prefilled_message: 'x'.repeat(141) });
  expect(error.message).toContain('prefilled_message');
});
