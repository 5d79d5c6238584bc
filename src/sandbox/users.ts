/**
 * Customers who adopted a username, and groups. A customer with a username is known to the business by
 * a business-scoped user ID (BSUID: a country code, a dot and up to 128 letters and digits, e.g.
 * US.13491208655302741918) and may hide the phone number: webhooks then carry `from: ""` and
 * `wa_id: ""` next to `from_user_id` / `user_id` and `profile.username` (cloud-api.md §6.3, Meta's
 * business-scoped user IDs page). A send names a BSUID in `recipient` (Meta's send pages: "Use this
 * instead of, or in addition to, to. If you include both, to takes precedence").
 */
import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { SandboxState } from './state.js';

export interface SandboxUser {
  bsuid: string;
  waId: string;
  username?: string;
  /** The customer hides the phone number: webhooks carry empty `from` / `wa_id`. */
  phoneHidden: boolean;
}

export interface SandboxGroup {
  id: string;
  subject: string;
  /** Participants' wa_ids. */
  participants: string[];
}

/** A group id written the way Meta's OpenAPI examples write one. */
export const SEED_GROUP_ID = 'Y2FwaV9ncm91cDoxODA1NTU1MDE3MjoxMjAzNjMyMjI3NzE5NjMwNjcZD';

export function seedGroups(): Map<string, SandboxGroup> {
  return new Map([[SEED_GROUP_ID, { id: SEED_GROUP_ID, subject: 'Bakery regulars', participants: ['15550100101', '15550100102'] }]]);
}

export const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;

/** The BSUID of a customer: stable per wa_id, so the same customer keeps it across sandbox runs. */
export function bsuidFor(state: SandboxState, waId: string): string {
  const known = state.bsuidOf.get(waId);
  if (known) return known;
  const country = parsePhoneNumberFromString(`+${waId}`)?.country ?? 'US';
  const number = BigInt(`0x${createHash('sha256').update(`${state.wabaId}:${waId}`).digest('hex').slice(0, 16)}`)
    .toString()
    .padStart(20, '1');
  const bsuid = `${country}.${number}`;
  state.bsuidOf.set(waId, bsuid);
  return bsuid;
}

/** Records that a customer has (or changed) a username; returns the customer. */
export function adoptUsername(state: SandboxState, waId: string, username: string | undefined, phoneHidden: boolean): SandboxUser {
  const bsuid = bsuidFor(state, waId);
  const user = { bsuid, waId, username, phoneHidden };
  state.users.set(bsuid, user);
  return user;
}
