/**
 * The rules of the built-in webhook descriptor, read and checked once when this module loads. Its exports
 * are data only: the Make export bundles their values as constants in place of this module
 * (scripts/gen-make-functions.mjs), so each Make function carries only the rules it reads.
 */
import descriptor from '../webhooks/whatsapp-events.json' with { type: 'json' };
import { readRules } from './webhook-rules.js';

const rules = readRules(descriptor);

export const FLATTEN_RULES = rules.flatten;
export const FILTER_RULES = rules.filters;
/** Per filter, the values this receiver knows (an event name list, status values, message types). */
export const KNOWN_VALUES = rules.known;
export const EVENTS = rules.events;
/** Presets that stand for several events in the event filters (e.g. `templates`). */
export const EVENT_GROUPS = rules.eventGroups;
export const DEDUPE_TTL_MS = rules.dedupeTtlMs;
