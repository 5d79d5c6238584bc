/** update-qr-code: POST /{phone-number-id}/message_qrdls with the code ([OAS] update_existing_qr_code example). */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test("the [OAS] 'update_existing_qr_code' body", async () => {
  const body = { code: 'ANED2T5QRU7HG1', prefilled_message: "Hello! I'd like to know more about your latest offers." };
  const scope = graph()
    .post(v(`/${PHONE_ID}/message_qrdls`), body)
    .reply(200, { ...body, deep_link_url: 'https://wa.me/message/ANED2T5QRU7HG1' });
  await connector().executeDynamic('update-qr-code', { senderId: PHONE_ID, ...body }, ctx());
  expect(scope.isDone()).toBe(true);
});
