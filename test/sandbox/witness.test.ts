/**
 * Where the connector and the sandbox disagree, which one is right — each case decided by Meta's
 * documentation (a Meta page, a node of Meta's OpenAPI spec v23.0, or a section of cloud-api.md).
 *
 * Each input goes two ways: through the connector (its own checks; what passes them is sent to the
 * sandbox) and, as the wire body, straight to the sandbox. The plain tests assert what Meta documents.
 * Where the connector is the one that is wrong, a `test.failing` asserts what the connector should do:
 * it fails today, and the day the connector is fixed it starts to pass — jest then reports it, and it
 * becomes a plain test. The list is kept in docs/sandbox.md ("The sandbox as a witness").
 */
import { loadConnector, isValidationError, type Connector } from '../../src/index.js';
import { PAGES } from '../../src/sandbox/meta-limits.js';
import { startSandbox, type Harness } from '../helpers/sandbox.js';

const CUSTOMER = '+15550109999';
const OAS = 'Meta OpenAPI spec v23.0';

let h: Harness;
let connector: Connector;
let sender: string;

beforeAll(async () => {
  h = await startSandbox();
  sender = h.sandbox.phoneNumbers.registered.id;
  h.sandbox.inbound({ from: CUSTOMER, text: { body: 'hi' } });
  connector = loadConnector();
});
afterAll(() => h.close());

type Verdict = 'accepted' | 'refused by the connector' | `sandbox ${number}`;

/** The connector's verdict: its own checks first, then (if they pass) the sandbox's answer to what it sent. */
async function viaConnector(module: string, input: Record<string, unknown>): Promise<Verdict> {
  const ctx = { connection: { accessToken: h.sandbox.accessToken, wabaId: h.sandbox.wabaId, graphUrl: h.sandbox.url, apiVersion: 'v23.0' } };
  try {
    await connector.executeDynamic(module, { senderId: sender, to: CUSTOMER, ...input }, ctx);
    return 'accepted';
  } catch (error) {
    if (isValidationError(error)) return 'refused by the connector';
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number') return `sandbox ${code}`;
    throw error;
  }
}

/** The sandbox's verdict on the same message sent as the wire body. */
async function direct(message: Record<string, unknown>, to = CUSTOMER): Promise<Verdict> {
  const r = await h.send(sender, { to, ...message });
  return r.status === 200 ? 'accepted' : `sandbox ${r.body.error.code as number}`;
}

const interactive = (i: Record<string, unknown>) => ({ type: 'interactive', interactive: i });
const reply = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });

describe('the connector was right; the sandbox now follows Meta too', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    [
      `header sub_text over 60 characters (${OAS} HeaderObject.sub_text maxLength 60)`,
      'refused',
      interactive({ type: 'button', header: { type: 'text', text: 'h', sub_text: 's'.repeat(61) }, body: { text: 'b' }, action: { buttons: [reply('a', 'A')] } }),
    ],
    [
      `flow_id and flow_name together (${OAS} ActionObject, flow: "Cannot be used with flow_name")`,
      'refused',
      interactive({ type: 'flow', body: { text: 'b' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: '1', flow_name: 'n', flow_cta: 'Go' } } }),
    ],
    [`a location request without body (${PAGES.locationRequest}: BODY_TEXT "Required")`, 'refused', interactive({ type: 'location_request_message', action: { name: 'send_location' } })],
    [`a reaction that is not an emoji (${PAGES.reaction}: "the emoji itself")`, 'refused', { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: 'ok' } }],
    // The sandbox used to refuse these with limits no Meta source states.
    [`a reaction to a 300-character message id (${PAGES.reaction}: no length limit)`, 'accepted', { type: 'reaction', reaction: { message_id: `wamid.${'x'.repeat(294)}`, emoji: '👍' } }],
    [
      `a contact name of 1001 characters (${OAS} ContactObject, cloud-api.md §2.5: no length limit)`,
      'accepted',
      { type: 'contacts', contacts: [{ name: { formatted_name: 'x'.repeat(1001), first_name: 'x' } }] },
    ],
    [
      `a CTA URL of 2030 characters (${PAGES.ctaUrl}: no length limit)`,
      'accepted',
      interactive({ type: 'cta_url', body: { text: 'b' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: `https://example.com/${'a'.repeat(2010)}` } } }),
    ],
  ];

  test.each(cases)('%s: %s by both', async (_what, expected, message) => {
    const sandbox = await direct(message);
    const viaTheConnector = await viaConnector('send-message', message);
    if (expected === 'accepted') {
      expect(sandbox).toBe('accepted');
      expect(viaTheConnector).toBe('accepted');
    } else {
      expect(sandbox).toBe('sandbox 100');
      expect(viaTheConnector).toBe('refused by the connector');
    }
  });
});

describe('what Meta refuses: the sandbox catches it, and the connector refuses it before sending', () => {
  const replyIdWithSpaces = interactive({ type: 'button', body: { text: 'Pick' }, action: { buttons: [reply(' yes ', 'Yes')] } });
  const flowVersion2 = interactive({ type: 'flow', body: { text: 'b' }, action: { name: 'flow', parameters: { flow_message_version: '2', flow_id: '1', flow_cta: 'Go' } } });

  test(`a reply button id with leading or trailing spaces (${OAS} ActionObject reply.id: "No leading/trailing spaces"): the sandbox catches it`, async () => {
    expect(await direct(replyIdWithSpaces)).toBe('sandbox 100');
  });
  test('… and the connector refuses it itself', async () => {
    expect(await viaConnector('send-message', replyIdWithSpaces)).toBe('refused by the connector');
  });

  test(`flow_message_version other than "3" (${OAS} ActionObject, flow: enum ["3"], "Must be \\"3\\""): the sandbox catches it`, async () => {
    expect(await direct(flowVersion2)).toBe('sandbox 100');
  });
  test('… and the connector refuses it itself', async () => {
    expect(await viaConnector('send-message', flowVersion2)).toBe('refused by the connector');
  });

  describe(`a zero-tap authentication template (${PAGES.zeroTap}: the message falls back to a copy-code or one-tap button, which carries the code)`, () => {
    beforeAll(() => {
      h.sandbox.state.templates.push({
        id: '400000000000099',
        name: 'zero_tap_code',
        language: 'en_US',
        status: 'APPROVED',
        category: 'AUTHENTICATION',
        parameter_format: 'POSITIONAL',
        components: [
          { type: 'BODY', text: '*{{1}}* is your verification code.', example: { body_text: [['123456']] } },
          { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ZERO_TAP', text: 'Copy code', autofill_text: 'Autofill', zero_tap_terms_accepted: true }] },
        ],
      });
    });
    const withCode = {
      type: 'template',
      template: {
        name: 'zero_tap_code',
        language: { code: 'en_US' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '123456' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }] },
        ],
      },
    };

    test('the sandbox takes the code in the body and the button, and catches the send the connector builds without the button', async () => {
      expect(await direct(withCode)).toBe('accepted');
      expect(await direct({ ...withCode, template: { ...withCode.template, components: withCode.template.components.slice(0, 1) } })).toBe('sandbox 132000');
      expect(await viaConnector('send-template-message', { templateId: 'zero_tap_code:en_US', body_1: '123456' })).toBe('sandbox 132000');
    });
    test.failing('… and the connector asks for the code of the button too', async () => {
      expect(await viaConnector('send-template-message', { templateId: 'zero_tap_code:en_US', body_1: '123456', button_0_otp: '123456' })).toBe('accepted');
    });
  });
});

describe('the connector is stricter than anything Meta documents; the sandbox follows the documentation', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    [
      `a document filename of 241 characters (${PAGES.document}: "Optional. Document filename, with extension." — no maximum)`,
      { type: 'document', document: { link: 'https://example.com/a.pdf', filename: `${'a'.repeat(237)}.pdf` } },
    ],
    [
      `a location name of 1001 characters (${PAGES.location}: "Optional. Location name." — no maximum; ${OAS} LocationMessage: none)`,
      { type: 'location', location: { latitude: 52.52, longitude: 13.4, name: 'n'.repeat(1001) } },
    ],
    [`a text body of only spaces (${PAGES.text}: required, at most 4096 characters — nothing on whitespace)`, { type: 'text', text: { body: '   ' } }],
  ];
  test.each(cases)('%s: the sandbox accepts it', async (_what, message) => {
    expect(await direct(message)).toBe('accepted');
  });
  test.failing.each(cases)('%s: … and the connector sends it', async (_what, message) => {
    expect(await viaConnector('send-message', message)).toBe('accepted');
  });
});

describe(`recipients: the connector writes every number as +E.164, which is how Meta must get it (${PAGES.phoneNumbers}, cloud-api.md §2.1)`, () => {
  test('digits without + reach the number meant through the connector; sent raw, Meta puts the sender’s country code in front', async () => {
    const raw = CUSTOMER.slice(1); // 15550109999, as a webhook's wa_id is written
    expect(await viaConnector('send-message', { to: raw, type: 'text', text: { body: 'Hi' } })).toBe('accepted');
    expect(h.sandbox.state.sent.at(-1)?.to).toBe(CUSTOMER);
    const r = await h.send(sender, { to: raw, type: 'text', text: { body: 'Hi' } });
    expect(r.body.error.code).toBe(131026);
    expect(r.body.error.error_data.details).toContain('+1' + raw);
  });
});
