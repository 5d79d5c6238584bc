/** delete-qr-code: DELETE /{phone-number-id}/message_qrdls/{code} ([OAS] deleteIndividualQrCode). */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test('DELETE the code', async () => {
  const scope = graph()
    .delete(v(`/${PHONE_ID}/message_qrdls/ANED2T5QRU7HG1`))
    .reply(200, { success: true });
  await expect(connector().executeDynamic('delete-qr-code', { senderId: PHONE_ID, code: 'ANED2T5QRU7HG1' }, ctx())).resolves.toEqual({ success: true });
  expect(scope.isDone()).toBe(true);
});
