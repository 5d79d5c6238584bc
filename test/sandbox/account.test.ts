/**
 * The account side of the sandbox: phone numbers (list with paging, ownership codes, registration,
 * two-step PIN — cloud-api.md §4), the business profile (§5) and Resumable Upload (§3.6).
 */
import { SEED_IDS } from '../../src/sandbox.js';
import { expectGraphError, manualClock, startSandbox, type Harness } from '../helpers/sandbox.js';

const { wabaId: WABA, appId: APP, registeredNumber: REGISTERED, unverifiedNumber: UNVERIFIED, testNumber: TEST_NUMBER, lowQualityNumber: LOW_QUALITY } = SEED_IDS;
const ok = { success: true };

describe('sandbox phone numbers', () => {
  let h: Harness;
  const clock = manualClock();
  beforeAll(async () => {
    h = await startSandbox({ now: clock.now });
  });
  afterAll(() => h.close());
  afterEach(() => h.call('POST', '/_sandbox/reset'));

  it('lists the numbers one page at a time (limit=1 → 4 pages)', async () => {
    const ids: string[] = [];
    let url: string | undefined = `${WABA}/phone_numbers?limit=1`;
    while (url) {
      const r = await h.call('GET', url);
      expect(r.body.data).toHaveLength(1);
      ids.push(r.body.data[0].id);
      url = r.body.paging.next;
    }
    expect(ids).toEqual([TEST_NUMBER, REGISTERED, UNVERIFIED, LOW_QUALITY]);
    const all = await h.call('GET', `${WABA}/phone_numbers?fields=display_phone_number,verified_name,quality_rating`);
    expect(all.body.data[1]).toEqual({ id: REGISTERED, display_phone_number: '+1 555-010-0002', verified_name: "Jasper's Bakery", quality_rating: 'GREEN' });
    expect(all.body.paging.next).toBeUndefined();
    // Internal bookkeeping (PIN, allowed list) never leaks into Graph answers.
    expect(JSON.stringify((await h.call('GET', `${WABA}/phone_numbers`)).body)).not.toMatch(/pin|allowedRecipients/i);
    expect((await h.call('GET', `${REGISTERED}?fields=throughput`)).body).toEqual({ id: REGISTERED, throughput: { level: 'STANDARD' } });
  });

  // cloud-api.md §4.1 and Meta's OpenAPI spec: phone_numbers takes a limit of 1 to 100, message_qrdls 1 to 25.
  it("refuses a page size over the endpoint's own maximum", async () => {
    expect((await h.call('GET', `${WABA}/phone_numbers?limit=100`)).status).toBe(200);
    const over = expectGraphError(await h.call('GET', `${WABA}/phone_numbers?limit=101`), 100);
    expect(over.error_data?.details).toMatch(/limit must be a whole number from 1 to 100/);
    expect((await h.call('GET', `${REGISTERED}/message_qrdls?limit=25`)).status).toBe(200);
    expectGraphError(await h.call('GET', `${REGISTERED}/message_qrdls?limit=26`), 100);
    // Where the spec states no maximum, the sandbox's own cap.
    expect((await h.call('GET', `${WABA}/message_templates?limit=500`)).status).toBe(200);
  });

  // cloud-api.md §4.1: Meta takes `<field>_ascending|_descending` (or the bare field) and refuses the spec's `.asc` form.
  it('sorts the list by creation_time or last_onboarded_time, as Meta answers live', async () => {
    const ids = async (sort: string) => {
      const r = await h.call('GET', `${WABA}/phone_numbers?sort=${encodeURIComponent(sort)}`);
      expect(r.status).toBe(200);
      return r.body.data.map((n: { id: string }) => n.id);
    };
    const seeded = [TEST_NUMBER, REGISTERED, UNVERIFIED, LOW_QUALITY];
    expect(await ids('creation_time_ascending')).toEqual(seeded);
    expect(await ids('last_onboarded_time')).toEqual(seeded);
    expect(await ids('creation_time_descending')).toEqual([...seeded].reverse());
    expect(await ids("['last_onboarded_time_descending']")).toEqual([...seeded].reverse());
    expect(await ids("[ ' creation_time_descending ' ]")).toEqual([...seeded].reverse());
    // An empty sort is no sort.
    expect(await ids('')).toEqual(seeded);
    // Meta's answer to the spec's form, as §4.1 quotes it.
    const refused = expectGraphError(await h.call('GET', `${WABA}/phone_numbers?sort=last_onboarded_time.desc`), 100);
    expect(refused.message).toBe('(#100) Cannot sort by last_onboarded_time.desc_ascending');
    // Two keys are not taken: the refusal names what was given.
    const two = expectGraphError(await h.call('GET', `${WABA}/phone_numbers?sort=${encodeURIComponent("['creation_time_ascending','last_onboarded_time_descending']")}`), 100);
    expect(two.message).toMatch(/Cannot sort by creation_time_ascending','last_onboarded_time_descending/);
    // Paging follows the order.
    const first = await h.call('GET', `${WABA}/phone_numbers?sort=creation_time_descending&limit=1`);
    expect(first.body.data[0].id).toBe(LOW_QUALITY);
    expect((await h.call('GET', first.body.paging.next)).body.data[0].id).toBe(UNVERIFIED);
  });

  // cloud-api.md §4.1 and Meta's OpenAPI spec (GET /{WABA-ID}/phone_numbers, `filtering`, its example).
  it('filters the list with filtering=[{field, operator: EQUAL, value}] on the fields Meta supports', async () => {
    const ids = async (filtering: unknown) => (await h.call('GET', `${WABA}/phone_numbers?filtering=${encodeURIComponent(JSON.stringify(filtering))}`)).body.data.map((n: { id: string }) => n.id);
    expect(await ids([{ field: 'account_mode', operator: 'EQUAL', value: 'LIVE' }])).toEqual([REGISTERED, UNVERIFIED, LOW_QUALITY]);
    expect(await ids([{ field: 'account_mode', operator: 'EQUAL', value: 'SANDBOX' }])).toEqual([TEST_NUMBER]);
    expect(await ids([{ field: 'is_official_business_account', operator: 'EQUAL', value: true }])).toEqual([]);
    expect(await ids([{ field: 'is_official_business_account', operator: 'EQUAL', value: false }])).toHaveLength(4);
    expectGraphError(await h.call('GET', `${WABA}/phone_numbers?filtering=${encodeURIComponent('[{"field":"quality_rating","operator":"EQUAL","value":"GREEN"}]')}`), 100);
    expectGraphError(await h.call('GET', `${WABA}/phone_numbers?filtering=not-json`), 100);
  });

  it('registers and deregisters with the PIN, and answers 133005 for a wrong one', async () => {
    expect((await h.call('POST', `${REGISTERED}/deregister`)).body).toEqual(ok);
    expect((await h.call('GET', `${REGISTERED}?fields=status`)).body.status).toBe('DISCONNECTED');
    expectGraphError(await h.send(REGISTERED, { to: '+15550101234', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }), 133010);
    const wrong = expectGraphError(await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: '000000' }), 133005, 400);
    expect(wrong.message).toBe('(#133005) Two step verification PIN Mismatch');
    expect((await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: SEED_IDS.pin, data_localization_region: 'DE' })).body).toEqual(ok);
    expect((await h.call('GET', `${REGISTERED}?fields=status`)).body.status).toBe('CONNECTED');
    expectGraphError(await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: '12345' }), 100);
    expectGraphError(await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: SEED_IDS.pin, data_localization_region: 'XX' }), 100);
  });

  it('changes the two-step PIN, which register then needs (§4.4)', async () => {
    expect((await h.call('POST', REGISTERED, { pin: '246810' })).body).toEqual(ok);
    expectGraphError(await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: SEED_IDS.pin }), 133005);
    expect((await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: '246810' })).body).toEqual(ok);
    expectGraphError(await h.call('POST', REGISTERED, { pin: 'abcdef' }), 100);
    expectGraphError(await h.call('POST', REGISTERED, {}), 100);
  });

  it('answers 133006 before verification, then request_code / verify_code / register succeed; 136024 once verified', async () => {
    expectGraphError(await h.call('POST', `${UNVERIFIED}/register`, { messaging_product: 'whatsapp', pin: '112233' }), 133006, 400);
    expectGraphError(await h.call('POST', `${UNVERIFIED}/verify_code`, { code: SEED_IDS.verificationCode }), 136025); // never requested
    expectGraphError(await h.call('POST', `${UNVERIFIED}/request_code?code_method=EMAIL&language=en_US`), 100);
    expect((await h.call('POST', `${UNVERIFIED}/request_code?code_method=SMS&language=en_US`)).body).toEqual(ok);
    expectGraphError(await h.call('POST', `${UNVERIFIED}/verify_code`, { code: '111111' }), 136025);
    expect((await h.call('POST', `${UNVERIFIED}/verify_code`, { code: SEED_IDS.verificationCode })).body).toEqual(ok);
    expect((await h.call('POST', `${UNVERIFIED}/register`, { messaging_product: 'whatsapp', pin: '112233' })).body).toEqual(ok);
    expect((await h.call('GET', `${UNVERIFIED}?fields=code_verification_status,status`)).body).toEqual({ id: UNVERIFIED, code_verification_status: 'VERIFIED', status: 'CONNECTED' });
    const again = expectGraphError(await h.call('POST', `${UNVERIFIED}/request_code`, { code_method: 'VOICE', language: 'en_US' }), 136024, 400);
    expect(again.error_data?.details).toMatch(/already verified/);
  });

  it('answers 133016 on the 11th register/deregister within 72 hours, and allows it again after', async () => {
    for (let i = 0; i < 10; i++) {
      const r = i % 2 === 0 ? await h.call('POST', `${REGISTERED}/deregister`) : await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: SEED_IDS.pin });
      expect(r.body).toEqual(ok);
    }
    const limited = expectGraphError(await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: SEED_IDS.pin }), 133016, 400);
    expect(limited.error_data?.details).toMatch(/72 hours/);
    expectGraphError(await h.call('POST', `${REGISTERED}/deregister`), 133016);
    clock.advance(72 * 60 * 60 * 1000);
    expect((await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: SEED_IDS.pin })).body).toEqual(ok);
  });

  // cloud-api.md §4.3: going over blocks the number for 72 h, even when its oldest calls age out sooner.
  it('blocks register/deregister for 72 hours from the call that went over', async () => {
    const HOUR = 60 * 60 * 1000;
    const register = () => h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: SEED_IDS.pin });
    expect((await register()).body).toEqual(ok);
    clock.advance(70 * HOUR);
    for (let i = 0; i < 9; i++) expect((await register()).body).toEqual(ok);
    const over = expectGraphError(await register(), 133016);
    expect(over.error_data?.details).toContain(`blocks it until ${new Date(clock.now() + 72 * HOUR).toISOString()}`);
    // The first call is now older than 72 h, which a plain moving window would let go.
    clock.advance(3 * HOUR);
    expectGraphError(await register(), 133016);
    clock.advance(69 * HOUR - 1);
    expectGraphError(await h.call('POST', `${REGISTERED}/deregister`), 133016);
    clock.advance(1);
    expect((await register()).body).toEqual(ok);
  });
});

describe('sandbox business profile and Resumable Upload', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.close());

  it('reads the profile as a flat data[0] (§5.1) and keeps only the fields asked for', async () => {
    const r = await h.call('GET', `${REGISTERED}/whatsapp_business_profile?fields=about,vertical`);
    expect(r.body).toEqual({ data: [{ messaging_product: 'whatsapp', about: 'Fresh bread every morning', vertical: 'RESTAURANT' }] });
  });

  it('updates the profile and answers 100 for each broken field rule (§5.2)', async () => {
    const update = { messaging_product: 'whatsapp', about: 'Open 7–19', websites: ['https://example.com', 'http://example.org'], vertical: 'RETAIL', email: 'shop@example.com' };
    expect((await h.call('POST', `${REGISTERED}/whatsapp_business_profile`, update)).body).toEqual(ok);
    const { data } = (await h.call('GET', `${REGISTERED}/whatsapp_business_profile`)).body;
    expect(data[0]).toMatchObject({ about: 'Open 7–19', websites: update.websites, vertical: 'RETAIL', email: 'shop@example.com' });
    for (const bad of [
      { about: '' },
      { about: 'x'.repeat(140) },
      { websites: ['https://a.com', 'https://b.com', 'https://c.com'] },
      { websites: ['ftp://a.com'] },
      { vertical: 'SPACESHIPS' },
      { email: 'not-an-email' },
      { description: 'x'.repeat(513) },
    ]) {
      const e = expectGraphError(await h.call('POST', `${REGISTERED}/whatsapp_business_profile`, { messaging_product: 'whatsapp', ...bad }), 100);
      expect(e.error_data?.details).toContain(Object.keys(bad)[0]);
    }
    expectGraphError(await h.call('POST', `${REGISTERED}/whatsapp_business_profile`, { about: 'no product' }), 100);
  });

  it('takes a profile picture through Resumable Upload: session, OAuth upload with file_offset, handle (§3.6)', async () => {
    const picture = Buffer.from('ffd8ffe000104a464946', 'hex');
    const session = await h.call('POST', `${APP}/uploads?file_name=logo.jpg&file_length=${picture.length}&file_type=image/jpeg`);
    expect(session.body).toEqual({ id: expect.stringMatching(/^upload:/) });
    const path = session.body.id as string;
    expect((await h.call('GET', path)).body).toEqual({ id: path, file_offset: 0 });

    const raw = new Uint8Array(picture);
    expectGraphError(await h.call('POST', path, undefined, { raw, headers: { file_offset: '0' } }), 190); // Bearer is not the scheme here
    expectGraphError(await h.call('POST', path, undefined, { raw, auth: `OAuth ${h.sandbox.accessToken}`, headers: { file_offset: '5' } }), 100);
    const done = await h.call('POST', path, undefined, { raw, auth: `OAuth ${h.sandbox.accessToken}`, headers: { file_offset: '0' } });
    expect(done.body).toEqual({ h: expect.any(String) });
    expect((await h.call('GET', path)).body.file_offset).toBe(picture.length);

    expect((await h.call('POST', `${REGISTERED}/whatsapp_business_profile`, { messaging_product: 'whatsapp', profile_picture_handle: done.body.h })).body).toEqual(ok);
    const profile = (await h.call('GET', `${REGISTERED}/whatsapp_business_profile?fields=profile_picture_url`)).body.data[0];
    expect(profile.profile_picture_url).toMatch(/^http/);
    expectGraphError(await h.call('POST', `${REGISTERED}/whatsapp_business_profile`, { messaging_product: 'whatsapp', profile_picture_handle: '4:made-up' }), 100);
  });

  it('answers 100 for an upload session with a bad name, length or type', async () => {
    expectGraphError(await h.call('POST', `${APP}/uploads?file_length=10&file_type=image/jpeg`), 100);
    expectGraphError(await h.call('POST', `${APP}/uploads?file_name=a.jpg&file_length=0&file_type=image/jpeg`), 100);
    expectGraphError(await h.call('POST', `${APP}/uploads?file_name=a.gif&file_length=10&file_type=image/gif`), 100);
  });
});
