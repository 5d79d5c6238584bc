/**
 * get-sender: GET /{phone-number-id} with the health fields (cloud-api.md §4.1), then the portfolio's
 * messaging limit from the WABA (whatsapp_business_manager_messaging_limit replaced messaging_limit_tier,
 * §8.4; [CG] WhatsAppBusinessAccount fields).
 */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, WABA } from '../../helpers/connection.js';

useNock();

test('the number, then the messaging limit', async () => {
  const number = {
    id: PHONE_ID,
    display_phone_number: '+1 631-555-5555',
    verified_name: "Jasper's Market",
    quality_rating: 'GREEN',
    name_status: 'APPROVED',
    status: 'CONNECTED',
    throughput: { level: 'STANDARD' },
  };
  const scope = graph()
    .get(v(`/${PHONE_ID}`))
    .query({ fields: 'id,display_phone_number,verified_name,name_status,quality_rating,status,code_verification_status,throughput,platform_type,account_mode,is_official_business_account,username' })
    .reply(200, number)
    .get(v(`/${WABA}`))
    .query({ fields: 'whatsapp_business_manager_messaging_limit' })
    .reply(200, { id: WABA, whatsapp_business_manager_messaging_limit: 'TIER_10K' });
  await expect(connector().executeDynamic('get-sender', { senderId: PHONE_ID }, ctx())).resolves.toEqual({ ...number, messaging_limit: 'TIER_10K' });
  expect(scope.isDone()).toBe(true);
});
