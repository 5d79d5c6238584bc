/** The sandbox's in-memory world: one business, its numbers, templates, media, conversations. */
import type { StoredTemplate } from './template-reading.js';
import type { Catalog } from './catalog.js';
import type { SandboxGroup, SandboxUser } from './users.js';
import type { AccountState } from './account-state.js';

export interface PhoneNumber {
  id: string;
  display_phone_number: string;
  verified_name: string;
  code_verification_status: 'VERIFIED' | 'NOT_VERIFIED';
  quality_rating: string;
  platform_type: string;
  throughput: { level: string };
  status: 'CONNECTED' | 'DISCONNECTED' | 'PENDING';
  account_mode: 'SANDBOX' | 'LIVE';
  name_status: string;
  /** Test numbers may message only their allowed list (5 at most). */
  isTestNumber: boolean;
  allowedRecipients: string[];
  pin?: string;
  /** Register/deregister attempts (ms timestamps), for the 10-per-72-h rule. */
  registrationAttempts: number[];
  /** Set when a number went over that rule: Meta then blocks its register/deregister calls for 72 h (ms timestamp). */
  registrationBlockedUntil?: number;
  pendingCode?: string;
  profile: Record<string, unknown>;
}

export interface Media {
  id: string;
  phoneNumberId: string;
  mimeType: string;
  sha256: string;
  bytes: Buffer;
  fileName?: string;
  createdAt: number;
}

export interface SentMessage {
  id: string;
  phoneNumberId: string;
  to: string;
  type: string;
  body: Record<string, unknown>;
  at: number;
}

export interface InboundMessage {
  id: string;
  phoneNumberId: string;
  from: string;
  type: string;
  message: Record<string, unknown>;
  at: number;
}

export interface Delivery {
  field: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  lastStatus?: number;
  payload: unknown;
}

export interface SandboxState {
  wabaId: string;
  appId: string;
  appName: string;
  phoneNumbers: Map<string, PhoneNumber>;
  templates: StoredTemplate[];
  media: Map<string, Media>;
  uploads: Map<string, { fileName: string; length: number; type: string; handle?: string; offset: number }>;
  handles: Set<string>;
  sent: SentMessage[];
  inbound: InboundMessage[];
  /** Ids of inbound messages, for read receipts (a set: the hot path must not scan the list). */
  inboundIds: Set<string>;
  /** Every message sent or received, by id: which chat it belongs to (reactions must stay in their chat). */
  messagesById: Map<string, { phoneNumberId: string; waId: string; type: string; at: number }>;
  /** Last inbound time per `${phoneNumberId}:${waId}` — the 24-hour customer service window. */
  lastInbound: Map<string, number>;
  /** Contact names per wa_id, for webhook `contacts[].profile.name`. */
  contactNames: Map<string, string>;
  subscribed: boolean;
  /** The app's callback URL (`callbackUrl`). */
  callback?: { url: string; verifyToken: string; verified: boolean };
  /** A WABA-level override (subscribed_apps `override_callback_uri`): only messages-type webhooks go there (cloud-api.md §6.7). */
  override?: { url: string; verifyToken: string; verified: boolean };
  deliveries: Delivery[];
  counters: Record<string, number>;
  /** The product catalog linked to the WhatsApp Business Account (commerce messages and templates). */
  catalog: Catalog;
  /** Customers by business-scoped user ID, and the BSUID of each wa_id that has one. */
  users: Map<string, SandboxUser>;
  bsuidOf: Map<string, string>;
  /** Groups of the Groups API the business can send to, by group id. */
  groups: Map<string, SandboxGroup>;
  /** Template review, blocked users, QR codes, conversational components. */
  account: AccountState;
}
