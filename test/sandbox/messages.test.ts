/**
 * POST /{phone-number-id}/messages against the sandbox: every message type, read receipts and typing,
 * and the rules Meta applies to sends (cloud-api.md §2, §7.2, §8).
 */
import { SEED_IDS } from '../../src/sandbox.js';
import { expectGraphError, manualClock, startSandbox, type Harness } from '../helpers/sandbox.js';

const REGISTERED = SEED_IDS.registeredNumber;
const TEST_NUMBER = SEED_IDS.testNumber;
const CUSTOMER = '+15550109999';

describe('sandbox messages', () => {
  let h: Harness;
  let imageId: string;
  let clock: ReturnType<typeof manualClock>;

  beforeAll(async () => {
    clock = manualClock();
    h = await startSandbox({ now: clock.now });
    h.sandbox.inbound({ from: CUSTOMER, text: { body: 'hi' } });
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', 'image/png');
    form.append('file', new Blob([Buffer.from('89504e470d0a1a0a', 'hex')], { type: 'image/png' }), 'pixel.png');
    imageId = (await h.call('POST', `${REGISTERED}/media`, undefined, { raw: form })).body.id;
  });
  afterAll(() => h.close());

  // Bodies follow the examples of cloud-api.md §2.2–§2.9.
  const bodies: Record<string, () => Record<string, unknown>> = {
    text: () => ({ type: 'text', text: { body: 'Hello', preview_url: false } }),
    'image by id': () => ({ type: 'image', image: { id: imageId, caption: 'fresh' } }),
    'image by link': () => ({ type: 'image', image: { link: 'https://example.com/a.jpg' } }),
    audio: () => ({ type: 'audio', audio: { link: 'https://example.com/a.ogg' } }),
    video: () => ({ type: 'video', video: { link: 'https://example.com/a.mp4', caption: 'how we bake' } }),
    document: () => ({ type: 'document', document: { link: 'https://example.com/a.pdf', caption: 'menu' } }),
    sticker: () => ({ type: 'sticker', sticker: { link: 'https://example.com/a.webp' } }),
    location: () => ({ type: 'location', location: { latitude: 37.48, longitude: -122.15, name: 'Bakery' } }),
    contacts: () => ({ type: 'contacts', contacts: [{ name: { formatted_name: 'Jasper', first_name: 'Jasper' }, phones: [{ phone: '+15550100002' }] }] }),
    'interactive button': () => ({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pick one' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'a', title: 'A' } },
            { type: 'reply', reply: { id: 'b', title: 'B' } },
          ],
        },
      },
    }),
    'interactive list': () => ({
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Menu' }, action: { button: 'Open', sections: [{ title: 'Bread', rows: [{ id: 'r1', title: 'Sourdough', description: 'Daily' }] }] } },
    }),
    'interactive cta_url': () => ({
      type: 'interactive',
      interactive: { type: 'cta_url', body: { text: 'Shop' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://example.com' } } },
    }),
    'location request': () => ({ type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'Where are you?' }, action: { name: 'send_location' } } }),
    reaction: () => ({ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } }),
    reply: () => ({ type: 'text', text: { body: 'Re' }, context: { message_id: 'wamid.x' } }),
    template: () => ({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }),
  };

  it.each(Object.keys(bodies))('accepts a %s message with the send response shape', async (kind) => {
    const r = await h.send(REGISTERED, { recipient_type: 'individual', to: CUSTOMER, ...bodies[kind]() });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: CUSTOMER, wa_id: CUSTOMER.slice(1) }],
      // message_status appears only for templates (cloud-api.md §2.1).
      messages: [kind === 'template' ? { id: expect.stringMatching(/^wamid\./), message_status: 'accepted' } : { id: expect.stringMatching(/^wamid\./) }],
    });
    expect(r.headers.get('x-fb-trace-id')).toBeTruthy();
    expect(r.headers.get('facebook-api-version')).toBe('v23.0');
  });

  it('marks a received message as read, with and without the typing indicator (§2.10)', async () => {
    const { id } = h.sandbox.inbound({ from: CUSTOMER, text: { body: 'are you open?' } });
    expect((await h.send(REGISTERED, { status: 'read', message_id: id })).body).toEqual({ success: true });
    const typing = await h.send(REGISTERED, { status: 'read', message_id: id, typing_indicator: { type: 'text' } });
    expect(typing.body).toEqual({ success: true });
    expectGraphError(await h.send(REGISTERED, { status: 'read', message_id: 'wamid.never-received' }), 100);
    expectGraphError(await h.send(REGISTERED, { status: 'read', message_id: id, typing_indicator: { type: 'audio' } }), 100);
  });

  it('answers 131047 outside the 24-hour window, and accepts once the customer writes (§2.1)', async () => {
    const stranger = '+15550107777';
    const text = { type: 'text', text: { body: 'Hello?' } };
    const refused = expectGraphError(await h.send(REGISTERED, { to: stranger, ...text }), 131047, 400);
    expect(refused.error_data?.details).toMatch(/24 hours/);
    // Templates need no window.
    expect((await h.send(REGISTERED, { to: stranger, ...bodies.template() })).status).toBe(200);
    h.sandbox.inbound({ from: stranger, text: { body: 'hi there' } });
    expect((await h.send(REGISTERED, { to: stranger, ...text })).status).toBe(200);
    clock.advance(24 * 60 * 60 * 1000 + 1);
    expectGraphError(await h.send(REGISTERED, { to: stranger, ...text }), 131047);
    h.sandbox.inbound({ from: stranger, text: { body: 'back again' } });
    h.sandbox.inbound({ from: CUSTOMER, text: { body: 'me too' } });
  });

  it('answers 131030 for a sixth recipient of the test number (§7.2, allowed list of five)', async () => {
    const allowed = ['+15550100103', '+15550100104', '+15550100105'];
    const added = await h.call('POST', '/_sandbox/allowed-recipients', { phoneNumberId: TEST_NUMBER, numbers: allowed });
    expect(added.body.allowedRecipients).toHaveLength(5);
    const template = bodies.template();
    for (const to of ['+15550100101', ...allowed]) expect((await h.send(TEST_NUMBER, { to, ...template })).status).toBe(200);
    const sixth = expectGraphError(await h.send(TEST_NUMBER, { to: '+15550100106', ...template }), 131030, 400);
    expect(sixth.error_data?.details).toMatch(/allowed list/);
    // The list itself holds five at most.
    expectGraphError(await h.call('POST', '/_sandbox/allowed-recipients', { phoneNumberId: TEST_NUMBER, numbers: ['+15550100106'] }), 100);
  });

  it('refuses allowed-list entries that are not phone numbers, and a list that would pass five changes nothing', async () => {
    const fresh = await startSandbox();
    try {
      const add = (numbers: unknown) => fresh.call('POST', '/_sandbox/allowed-recipients', { phoneNumberId: TEST_NUMBER, numbers });
      for (const bad of [['abc'], ['12'], '+15550100103', [], [15550100103], ['0612345678'], ['US.1234567']]) expect((await add(bad)).status).toBe(400);
      expect((await add(['+1 555 010 0103', '15550100103'])).body.allowedRecipients).toEqual(['+15550100101', '+15550100102', '+15550100103']);
      const over = expectGraphError(await add(['+15550100104', '+15550100105', '+15550100106']), 100);
      expect(over.error_data?.details).toMatch(/at most 5/);
      expect((await add(['+15550100104'])).body.allowedRecipients).toHaveLength(4); // the refused list added none
    } finally {
      await fresh.close();
    }
  });

  it('answers 100 with details naming the field (§2.2, §2.6)', async () => {
    const long = expectGraphError(await h.send(REGISTERED, { to: CUSTOMER, type: 'text', text: { body: 'x'.repeat(4097) } }), 100, 400);
    expect(long.error_data?.details).toMatch(/text\['body'\].*4096/);
    const reply = (n: number) => ({ type: 'reply', reply: { id: `b${n}`, title: `B${n}` } });
    const four = expectGraphError(
      await h.send(REGISTERED, { to: CUSTOMER, type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [1, 2, 3, 4].map(reply) } } }),
      100,
    );
    expect(four.error_data?.details).toMatch(/1 to 3 buttons/);
    const noTo = expectGraphError(await h.send(REGISTERED, { type: 'text', text: { body: 'x' } }), 100);
    expect(noTo.error_data?.details).toMatch(/\bto\b.*required/);
    expectGraphError(await h.call('POST', `${REGISTERED}/messages`, { to: CUSTOMER, type: 'text', text: { body: 'x' } }), 100); // no messaging_product
    expectGraphError(await h.send(REGISTERED, { to: CUSTOMER, type: 'image', image: { id: imageId, link: 'https://example.com/a.jpg' } }), 100);
    expectGraphError(await h.send(REGISTERED, { to: CUSTOMER, type: 'location', location: { latitude: 91, longitude: 0 } }), 100);
    // Meta's OpenAPI spec: reply button titles "must be unique"; list rows have a "Unique row identifier".
    const sameTitle = expectGraphError(
      await h.send(REGISTERED, {
        to: CUSTOMER,
        type: 'interactive',
        interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [reply(1), { type: 'reply', reply: { id: 'b2', title: 'B1' } }] } },
      }),
      100,
    );
    expect(sameTitle.error_data?.details).toMatch(/titles must be unique/);
    const row = (id: string) => ({ id, title: id });
    const sameRow = expectGraphError(
      await h.send(REGISTERED, {
        to: CUSTOMER,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'x' },
          action: {
            button: 'Open',
            sections: [
              { title: 'A', rows: [row('r1')] },
              { title: 'B', rows: [row('r1')] },
            ],
          },
        },
      }),
      100,
    );
    expect(sameRow.error_data?.details).toMatch(/Row ids must be unique/);
  });

  it('answers 131053 for a media id that does not exist', async () => {
    expectGraphError(await h.send(REGISTERED, { to: CUSTOMER, type: 'image', image: { id: '999' } }), 131053);
  });

  it('answers 190 without a token or with a wrong one, and 100 for unknown objects and paths (§1, §7.2)', async () => {
    const missing = expectGraphError(await h.call('POST', `${REGISTERED}/messages`, {}, { auth: null }), 190, 401);
    expect(missing.type).toBe('OAuthException');
    expectGraphError(await h.call('GET', `${REGISTERED}`, undefined, { auth: 'Bearer not-the-token' }), 190, 401);
    const unknown = expectGraphError(await h.call('GET', '123456789'), 100, 400);
    expect(unknown.error_subcode).toBe(33);
    expect(unknown.message).toMatch(/does not exist/);
    expectGraphError(await h.call('GET', `${REGISTERED}/no_such_edge`), 100);
    expectGraphError(await h.call('GET', '/nowhere'), 100);
    expectGraphError(await h.call('GET', `${REGISTERED}/a/b/c`), 100);
  });
});

describe('sandbox throughput and pair rate limits (§8.1, §8.2)', () => {
  let h: Harness;
  const clock = manualClock();
  const template = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

  beforeAll(async () => {
    h = await startSandbox({ now: clock.now, throughputPerSecond: 5 });
  });
  afterAll(() => h.close());

  it('answers 130429 past the number’s messages per second, then recovers', async () => {
    for (let i = 0; i < 5; i++) expect((await h.send(REGISTERED, { to: `+1555020000${i}`, ...template })).status).toBe(200);
    const throttled = await h.send(REGISTERED, { to: '+15550200005', ...template });
    const error = expectGraphError(throttled, 130429, 400);
    expect(error.error_subcode).toBe(2494055);
    clock.advance(1000);
    expect((await h.send(REGISTERED, { to: '+15550200005', ...template })).status).toBe(200);
  });
});

describe('sandbox pair rate limit (§8.2: bursts of 45 per recipient)', () => {
  let h: Harness;
  const clock = manualClock();
  const template = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

  beforeAll(async () => {
    h = await startSandbox({ now: clock.now });
  });
  afterAll(() => h.close());

  it('answers 131056 on the 46th message to one recipient, other recipients unaffected, and recovers after 6 s', async () => {
    const to = '+15550300000';
    for (let i = 0; i < 45; i++) expect((await h.send(REGISTERED, { to, ...template })).status).toBe(200);
    clock.advance(1000); // one second: the 80/s throughput is not what refuses the next one
    expectGraphError(await h.send(REGISTERED, { to, ...template }), 131056, 400);
    expect((await h.send(REGISTERED, { to: '+15550300001', ...template })).status).toBe(200);
    clock.advance(5000);
    expect((await h.send(REGISTERED, { to, ...template })).status).toBe(200);
  });
});
