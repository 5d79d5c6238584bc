/**
 * The sandbox's own table of Meta's limits, each with where Meta states it: a page of Meta's developer
 * documentation, a node of Meta's OpenAPI spec (facebook/openapi business-messaging-api_v23.0.yaml), or
 * a section of the project's reference (cloud-api.md, compiled from Meta's pages). The sandbox is a
 * witness to the connector, so it reads nothing of the connector's checks: every number it enforces is
 * written here once, and docs/sandbox.md shows this table (a test keeps the two equal).
 */

const WA = 'https://developers.facebook.com/documentation/business-messaging/whatsapp';

/** Meta's pages the rules come from. */
export const PAGES = {
  messageApi: `${WA}/reference/whatsapp-business-phone-number/message-api`,
  sendMessages: `${WA}/messages/send-messages`,
  text: `${WA}/messages/text-messages`,
  document: `${WA}/messages/document-messages`,
  location: `${WA}/messages/location-messages`,
  locationRequest: `${WA}/messages/location-request-messages`,
  reaction: `${WA}/messages/reaction-messages`,
  list: `${WA}/messages/interactive-list-messages`,
  ctaUrl: `${WA}/messages/interactive-cta-url-messages`,
  phoneNumbers: `${WA}/business-phone-numbers/phone-numbers`,
  media: `${WA}/business-phone-numbers/media`,
  registration: `${WA}/business-phone-numbers/registration`,
  twoStep: `${WA}/business-phone-numbers/two-step-verification`,
  businessProfiles: `${WA}/business-phone-numbers/business-profiles`,
  throughput: `${WA}/throughput`,
  errorCodes: `${WA}/support/error-codes`,
  zeroTap: `${WA}/templates/authentication-templates/zero-tap-authentication-templates`,
  callButton: `${WA}/calling/call-button-messages-deep-links`,
  bsuid: `${WA}/business-scoped-user-ids`,
  overview: 'https://developers.facebook.com/docs/whatsapp/overview',
  resumableUpload: 'https://developers.facebook.com/docs/graph-api/resumable-upload-api',
  templateManagement: `${WA}/templates/template-management`,
  templateComponents: `${WA}/templates/components`,
  blockUsers: `${WA}/block-users`,
  qrCodes: `${WA}/qr-codes`,
  conversationalComponents: `${WA}/conversational-components`,
} as const;

export type Unit = 'characters' | 'items' | 'rows' | 'bytes' | 'degrees' | 'digits' | 'messages per second' | 'messages' | 'ms' | 'calls' | 'minutes';

export interface MetaLimit {
  /** What is limited, as docs/sandbox.md shows it. */
  what: string;
  min?: number;
  max: number;
  unit: Unit;
  /** Meta's pages and reference sections (`cloud-api.md §n`) that state it. */
  pages: readonly string[];
  /** A JSON pointer into Meta's OpenAPI spec v23.0 to the schema node stating the same limit. */
  oas?: string;
  /** When the spec at `oas` says otherwise, what it says (the sandbox follows the page, as cloud-api.md §10 advises). */
  oasSays?: number;
}

const KB = 1024;
const MB = 1024 * KB;
const HOUR_MS = 60 * 60 * 1000;

const oas = (path: string) => `#/components/schemas/${path}`;
/** The schema of a GET's query parameter, by its index in the operation's list (RFC 6901 escapes the path's slashes). */
const operationParameter = (path: string, index: number) => `#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/get/parameters/${index}/schema`;
const REPLY = oas('ActionObject/oneOf/1/properties/buttons/items/properties/reply/properties');
const ROW = oas('SectionObject/properties/rows/items/properties');
const PROFILE = oas('WhatsAppBusinessProfile/properties');

export const LIMITS = {
  // The send envelope (POST /{phone-number-id}/messages).
  bizOpaque: { what: 'biz_opaque_callback_data', max: 512, unit: 'characters', pages: [PAGES.messageApi, 'cloud-api.md §2.1'] },
  textBody: { what: 'text.body', min: 1, max: 4096, unit: 'characters', pages: [PAGES.text, 'cloud-api.md §2.2'], oas: oas('TextMessage_1/properties/body') },
  caption: { what: 'image / video / document caption', max: 1024, unit: 'characters', pages: [PAGES.document, 'cloud-api.md §2.3'], oas: oas('MediaObject_1/oneOf/0/properties/caption') },
  latitude: { what: 'location.latitude (decimal degrees)', min: -90, max: 90, unit: 'degrees', pages: [PAGES.location, 'cloud-api.md §2.4'] },
  longitude: { what: 'location.longitude (decimal degrees)', min: -180, max: 180, unit: 'degrees', pages: [PAGES.location, 'cloud-api.md §2.4'] },
  contacts: { what: 'contacts per message', min: 1, max: 5, unit: 'items', pages: ['cloud-api.md §2.5'], oas: oas('ContactsMessage/allOf/1/properties/contacts') },
  // Interactive messages (cloud-api.md §2.6).
  headerText: { what: 'interactive.header.text', max: 60, unit: 'characters', pages: [PAGES.ctaUrl, 'cloud-api.md §2.6'], oas: oas('HeaderObject/properties/text') },
  headerSubText: { what: 'interactive.header.sub_text', max: 60, unit: 'characters', pages: ['cloud-api.md §2.6'], oas: oas('HeaderObject/properties/sub_text') },
  body: {
    what: 'interactive.body.text (all but list)',
    min: 1,
    max: 1024,
    unit: 'characters',
    pages: [PAGES.ctaUrl, PAGES.locationRequest, 'cloud-api.md §2.6'],
    oas: oas('BodyObject/properties/text'),
  },
  listBody: { what: 'interactive.body.text of a list', min: 1, max: 4096, unit: 'characters', pages: [PAGES.list, 'cloud-api.md §10.4'], oas: oas('BodyObject/properties/text'), oasSays: 1024 },
  footer: { what: 'interactive.footer.text', max: 60, unit: 'characters', pages: [PAGES.ctaUrl, 'cloud-api.md §2.6'], oas: oas('FooterObject/properties/text') },
  replyButtons: { what: 'reply buttons', min: 1, max: 3, unit: 'items', pages: ['cloud-api.md §2.6'], oas: oas('ActionObject/oneOf/1/properties/buttons') },
  replyId: { what: 'reply button id (unique, no leading or trailing spaces)', min: 1, max: 256, unit: 'characters', pages: ['cloud-api.md §2.6'], oas: `${REPLY}/id` },
  replyTitle: { what: 'reply button title (unique)', min: 1, max: 20, unit: 'characters', pages: ['cloud-api.md §2.6'], oas: `${REPLY}/title` },
  listButton: { what: 'list action.button', min: 1, max: 20, unit: 'characters', pages: [PAGES.list, 'cloud-api.md §2.6'], oas: oas('ActionObject/oneOf/0/properties/button') },
  sections: { what: 'list sections', min: 1, max: 10, unit: 'items', pages: [PAGES.list, 'cloud-api.md §2.6'], oas: oas('ActionObject/oneOf/0/properties/sections') },
  listRows: { what: 'list rows, all sections together', min: 1, max: 10, unit: 'rows', pages: [PAGES.list, 'cloud-api.md §2.6'], oas: oas('SectionObject/properties/rows') },
  sectionTitle: { what: 'list section title (required with more than one section)', max: 24, unit: 'characters', pages: [PAGES.list, 'cloud-api.md §2.6'], oas: oas('SectionObject/properties/title') },
  rowId: { what: 'list row id (unique across sections)', min: 1, max: 200, unit: 'characters', pages: [PAGES.list], oas: `${ROW}/id` },
  rowTitle: { what: 'list row title', min: 1, max: 24, unit: 'characters', pages: [PAGES.list], oas: `${ROW}/title` },
  rowDescription: { what: 'list row description', max: 72, unit: 'characters', pages: [PAGES.list], oas: `${ROW}/description` },
  ctaDisplayText: { what: 'cta_url display_text', min: 1, max: 20, unit: 'characters', pages: [PAGES.ctaUrl, 'cloud-api.md §2.6'] },
  productSections: { what: 'multi-product sections', min: 1, max: 10, unit: 'items', pages: ['cloud-api.md §2.6'], oas: oas('ActionObject/oneOf/2/properties/sections') },
  productItems: { what: 'multi-product products, all sections together', min: 1, max: 30, unit: 'items', pages: ['cloud-api.md §2.6'], oas: oas('SectionObject/properties/product_items') },
  callButtonText: { what: 'voice_call display_text', max: 20, unit: 'characters', pages: [PAGES.callButton] },
  callButtonTtl: { what: 'voice_call ttl_minutes', min: 1, max: 43200, unit: 'minutes', pages: [PAGES.callButton] },
  callButtonPayload: { what: 'voice_call payload', max: 512, unit: 'characters', pages: [PAGES.callButton] },
  flowCta: { what: 'flow flow_cta', min: 1, max: 30, unit: 'characters', pages: ['cloud-api.md §2.6'], oas: oas('ActionObject/oneOf/4/properties/parameters/properties/flow_cta') },
  // Media (cloud-api.md §3.5). Meta writes "MB" and "KB"; the sandbox reads them as binary units, the
  // larger reading, so that it never refuses a file Meta may take.
  audioBytes: { what: 'audio file', max: 16 * MB, unit: 'bytes', pages: [PAGES.media, 'cloud-api.md §3.5'] },
  documentBytes: { what: 'document file', max: 100 * MB, unit: 'bytes', pages: [PAGES.media, 'cloud-api.md §3.5'] },
  imageBytes: { what: 'image file', max: 5 * MB, unit: 'bytes', pages: [PAGES.media, 'cloud-api.md §3.5'] },
  animatedStickerBytes: { what: 'animated sticker (WebP)', max: 500 * KB, unit: 'bytes', pages: [PAGES.media, 'cloud-api.md §3.5'] },
  staticStickerBytes: { what: 'static sticker (WebP)', max: 100 * KB, unit: 'bytes', pages: [PAGES.media, 'cloud-api.md §3.5'] },
  videoBytes: { what: 'video file', max: 16 * MB, unit: 'bytes', pages: [PAGES.media, 'cloud-api.md §3.5'] },
  mediaUrlLifetime: { what: 'a media URL from GET /{media-id} works for', max: 5 * 60 * 1000, unit: 'ms', pages: [PAGES.media, 'cloud-api.md §3.2'] },
  // Business profile (cloud-api.md §5.2).
  about: { what: 'profile about', min: 1, max: 139, unit: 'characters', pages: [PAGES.businessProfiles, 'cloud-api.md §5.2'], oas: `${PROFILE}/about` },
  address: { what: 'profile address', max: 256, unit: 'characters', pages: [PAGES.businessProfiles, 'cloud-api.md §5.2'], oas: `${PROFILE}/address` },
  description: { what: 'profile description', max: 512, unit: 'characters', pages: [PAGES.businessProfiles, 'cloud-api.md §10.3'], oas: `${PROFILE}/description`, oasSays: 256 },
  email: { what: 'profile email (a valid address)', max: 128, unit: 'characters', pages: [PAGES.businessProfiles, 'cloud-api.md §5.2'], oas: `${PROFILE}/email` },
  websites: { what: 'profile websites', max: 2, unit: 'items', pages: [PAGES.businessProfiles, 'cloud-api.md §5.2'], oas: `${PROFILE}/websites` },
  website: { what: 'profile website (with http:// or https://)', max: 256, unit: 'characters', pages: [PAGES.businessProfiles, 'cloud-api.md §5.2'], oas: `${PROFILE}/websites/items` },
  // Phone numbers (cloud-api.md §4).
  pin: { what: 'two-step verification PIN', min: 6, max: 6, unit: 'digits', pages: [PAGES.twoStep, PAGES.registration, 'cloud-api.md §4.3'] },
  registrationCalls: { what: 'register + deregister calls per number in the window below', max: 10, unit: 'calls', pages: [PAGES.registration, 'cloud-api.md §4.3'] },
  registrationWindow: { what: 'the register / deregister window', max: 72 * HOUR_MS, unit: 'ms', pages: [PAGES.registration, 'cloud-api.md §4.3'] },
  allowedRecipients: { what: "a test number's allowed recipients", max: 5, unit: 'items', pages: ['cloud-api.md §7.2 (131030)'] },
  // Conversations and throughput (cloud-api.md §2.1, §8).
  serviceWindow: { what: 'customer service window after the customer last wrote', max: 24 * HOUR_MS, unit: 'ms', pages: [PAGES.sendMessages, 'cloud-api.md §2.1'] },
  throughput: { what: 'messages per business number (default throughput)', max: 80, unit: 'messages per second', pages: [PAGES.throughput, 'cloud-api.md §8.1'] },
  pairBurst: { what: 'burst to one recipient (pair rate limit)', max: 45, unit: 'messages', pages: [PAGES.overview, 'cloud-api.md §8.2'] },
  pairInterval: { what: 'then one message to the same recipient every', max: 6000, unit: 'ms', pages: [PAGES.overview, 'cloud-api.md §8.2'] },
  // Template management (cloud-api.md §9).
  templateName: { what: 'template name (a-z, 0-9 and _)', min: 1, max: 512, unit: 'characters', pages: [PAGES.templateManagement, 'cloud-api.md §9.2'] },
  templateHeaderText: { what: 'template HEADER text', max: 60, unit: 'characters', pages: [PAGES.templateComponents] },
  templateBody: { what: 'template BODY text', min: 1, max: 1024, unit: 'characters', pages: [PAGES.templateComponents] },
  templateFooter: { what: 'template FOOTER text', max: 60, unit: 'characters', pages: [PAGES.templateComponents] },
  templateButtons: { what: 'template buttons', min: 1, max: 10, unit: 'items', pages: [PAGES.templateComponents] },
  templateButtonText: { what: 'template button text', max: 25, unit: 'characters', pages: [PAGES.templateComponents] },
  templates: { what: 'templates per WhatsApp Business Account', max: 250, unit: 'items', pages: [PAGES.errorCodes, 'cloud-api.md §8.4 (2388019)'] },
  templateEditsPerDay: { what: "an approved template's edits in the window below", max: 1, unit: 'calls', pages: [PAGES.templateManagement, 'cloud-api.md §9.3'] },
  templateEditDay: { what: 'the daily edit window', max: 24 * HOUR_MS, unit: 'ms', pages: [PAGES.templateManagement, 'cloud-api.md §9.3'] },
  templateEditsPerMonth: { what: "an approved template's edits in the window below", max: 10, unit: 'calls', pages: [PAGES.templateManagement, 'cloud-api.md §9.3'] },
  templateEditMonth: { what: 'the monthly edit window', max: 30 * 24 * HOUR_MS, unit: 'ms', pages: [PAGES.templateManagement, 'cloud-api.md §9.3'] },
  deletedNameReserved: { what: "a deleted template's name cannot be used again for", max: 30 * 24 * HOUR_MS, unit: 'ms', pages: [PAGES.templateManagement, 'cloud-api.md §9.4'] },
  // Paging: a list's `limit` where the spec states its maximum (elsewhere the sandbox takes up to 1,000).
  phoneNumbersPage: { what: 'phone numbers per page (`limit`)', min: 1, max: 100, unit: 'items', pages: ['cloud-api.md §4.1'], oas: operationParameter('/{Version}/{WABA-ID}/phone_numbers', 7) },
  qrCodesPage: { what: 'QR codes per page (`limit`)', min: 1, max: 25, unit: 'items', pages: [PAGES.qrCodes], oas: operationParameter('/{Version}/{Phone-Number-ID}/message_qrdls', 6) },
  // Blocking (Meta's Block users page).
  blockUsers: { what: 'users per block or unblock request', min: 1, max: 1000, unit: 'items', pages: [PAGES.blockUsers] },
  blocklist: { what: 'users on a blocklist', max: 64000, unit: 'items', pages: [PAGES.blockUsers] },
  // QR codes and conversational components ([OAS] CreateQrCodeRequest, ConversationalAutomationRequest).
  qrPrefilledMessage: { what: 'QR code prefilled_message', min: 1, max: 140, unit: 'characters', pages: [PAGES.qrCodes], oas: oas('CreateQrCodeRequest/properties/prefilled_message') },
  prompts: { what: 'ice breakers (prompts)', max: 3, unit: 'items', pages: [PAGES.conversationalComponents], oas: oas('ConversationalAutomationRequest/properties/prompts') },
  prompt: { what: 'an ice breaker', max: 80, unit: 'characters', pages: [PAGES.conversationalComponents], oas: oas('ConversationalAutomationRequest/properties/prompts/items') },
  commands: { what: 'commands', max: 30, unit: 'items', pages: [PAGES.conversationalComponents], oas: oas('ConversationalAutomationRequest/properties/commands') },
  commandName: { what: 'command_name (letters, digits, _)', min: 1, max: 30, unit: 'characters', pages: [PAGES.conversationalComponents], oas: oas('BotCommand/properties/command_name') },
  commandDescription: { what: 'command_description', min: 1, max: 256, unit: 'characters', pages: [PAGES.conversationalComponents], oas: oas('BotCommand/properties/command_description') },
} as const satisfies Record<string, MetaLimit>;

export type LimitName = keyof typeof LIMITS;
