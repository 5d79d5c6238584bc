/**
 * The business the sandbox starts with: a WABA, a test number (allowed list of five), a registered
 * production number, an unverified number, and templates covering every variable kind, plus one
 * pending and one rejected template. Shapes follow GET message_templates (cloud-api.md §9.1).
 */
import { createHash } from 'node:crypto';
import type { PhoneNumber, SandboxState } from './state.js';
import { seedCatalog } from './catalog.js';
import { seedGroups } from './users.js';
import { freshAccountState } from './account-state.js';

import { SEED_IDS } from './seed-ids.js';

export { SEED_IDS };

// A one-page PDF: the smallest file a PDF reader opens.
const INVOICE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

function number(id: string, display: string, name: string, extra: Partial<PhoneNumber>): PhoneNumber {
  return {
    id,
    display_phone_number: display,
    verified_name: name,
    code_verification_status: 'VERIFIED',
    quality_rating: 'GREEN',
    platform_type: 'CLOUD_API',
    throughput: { level: 'STANDARD' },
    status: 'CONNECTED',
    account_mode: 'LIVE',
    name_status: 'APPROVED',
    isTestNumber: false,
    allowedRecipients: [],
    registrationAttempts: [],
    profile: {
      about: 'Fresh bread every morning',
      address: '1 Hacker Way, Menlo Park, CA 94025',
      description: 'A neighbourhood bakery.',
      email: 'hello@example.com',
      websites: ['https://example.com'],
      vertical: 'RESTAURANT',
      profile_picture_url: '',
    },
    ...extra,
  };
}

const body = (text: string, example?: unknown) => ({ type: 'BODY', text, ...(example ? { example } : {}) });

export const SEED_TEMPLATES = [
  {
    name: 'hello_world',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      body('Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API.'),
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  { name: 'order_update', language: 'en_US', category: 'UTILITY', components: [body('Hi {{1}}, your order {{2}} has shipped.', { body_text: [['Jasper', '#1234']] })] },
  { name: 'order_update', language: 'es_ES', category: 'UTILITY', components: [body('Hola {{1}}, tu pedido {{2}} ha sido enviado.', { body_text: [['Jasper', '#1234']] })] },
  {
    name: 'appointment_reminder',
    language: 'en_US',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [
      body('Hi {{first_name}}, see you on {{date}}.', {
        body_text_named_params: [
          { param_name: 'first_name', example: 'Pablo' },
          { param_name: 'date', example: 'May 1' },
        ],
      }),
    ],
  },
  {
    name: 'payment_due',
    language: 'en_US',
    category: 'UTILITY',
    components: [{ type: 'HEADER', format: 'TEXT', text: 'Invoice {{1}}', example: { header_text: ['INV-7'] } }, body('Amount due: {{1}} by {{2}}.', { body_text: [['$100.99', 'May 1']] })],
  },
  {
    name: 'new_arrivals',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
      body('New this week: {{1}}', { body_text: [['sourdough']] }),
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Tell me more' },
          { type: 'QUICK_REPLY', text: 'Stop' },
        ],
      },
    ],
  },
  { name: 'product_video', language: 'en_US', category: 'MARKETING', components: [{ type: 'HEADER', format: 'VIDEO', example: { header_handle: ['4::dmlkZW8='] } }, body('Watch how we bake.')] },
  {
    name: 'invoice_pdf',
    language: 'en_US',
    category: 'UTILITY',
    components: [{ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['4::cGRm'] } }, body('Your invoice {{1}} is attached.', { body_text: [['INV-7']] })],
  },
  { name: 'store_location', language: 'en_US', category: 'UTILITY', components: [{ type: 'HEADER', format: 'LOCATION' }, body('Your order is ready for pickup here.')] },
  {
    name: 'track_order',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      body('Track order {{1}}.', { body_text: [['#1234']] }),
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}', example: ['https://example.com/track/1234'] }] },
    ],
  },
  {
    name: 'discount_code',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      body('Here is {{1}} off your next order.', { body_text: [['15%']] }),
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'COPY_CODE', example: 'SAVE15' },
          { type: 'URL', text: 'Shop', url: 'https://example.com/shop' },
        ],
      },
    ],
  },
  {
    name: 'login_code',
    language: 'en_US',
    category: 'AUTHENTICATION',
    components: [body('{{1}} is your verification code.', { body_text: [['123456']] }), { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] }],
  },
  { name: 'summer_sale', language: 'en_US', category: 'MARKETING', status: 'PENDING', components: [body('Summer sale starts {{1}}!', { body_text: [['today']] })] },
  { name: 'free_money', language: 'en_US', category: 'MARKETING', status: 'REJECTED', components: [body('Click here for free money')] },
];

export function seedState(now: number): SandboxState {
  const ids = SEED_IDS;
  const phoneNumbers = new Map<string, PhoneNumber>([
    [ids.testNumber, number(ids.testNumber, '+1 555-010-0001', 'Test Number', { isTestNumber: true, account_mode: 'SANDBOX', allowedRecipients: ['+15550100101', '+15550100102'], pin: ids.pin })],
    [ids.registeredNumber, number(ids.registeredNumber, '+1 555-010-0002', "Jasper's Bakery", { pin: ids.pin })],
    [ids.unverifiedNumber, number(ids.unverifiedNumber, '+1 555-010-0003', "Jasper's Bakery Annex", { code_verification_status: 'NOT_VERIFIED', status: 'PENDING' })],
    [ids.lowQualityNumber, number(ids.lowQualityNumber, '+1 555-010-0004', "Jasper's Bakery Outlet", { quality_rating: 'RED', pin: ids.pin })],
  ]);
  const templates = SEED_TEMPLATES.map((t, i) => ({ status: 'APPROVED', parameter_format: 'POSITIONAL', ...t, id: String(400000000000001 + i) }));
  return {
    wabaId: ids.wabaId,
    appId: ids.appId,
    appName: 'Sandbox App',
    phoneNumbers,
    templates,
    media: new Map([
      [
        ids.media,
        {
          id: ids.media,
          phoneNumberId: ids.registeredNumber,
          mimeType: 'application/pdf',
          fileName: 'invoice.pdf',
          bytes: INVOICE_PDF,
          sha256: createHash('sha256').update(INVOICE_PDF).digest('hex'),
          createdAt: now,
        },
      ],
    ]),
    uploads: new Map(),
    handles: new Set(),
    sent: [],
    inbound: [],
    inboundIds: new Set(),
    messagesById: new Map(),
    lastInbound: new Map(),
    contactNames: new Map(),
    subscribed: false,
    deliveries: [],
    account: freshAccountState(),
    counters: { requests: 0, messagesAccepted: 0, errors: 0, webhooksDelivered: 0, webhooksFailed: 0, throttled: 0 },
    catalog: seedCatalog(),
    users: new Map(),
    bsuidOf: new Map(),
    groups: seedGroups(),
    ...(now ? {} : {}),
  };
}
