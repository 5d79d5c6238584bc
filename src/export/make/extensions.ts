/**
 * What the Make export does with each of the descriptors' `x-*` extensions: carried over into something
 * Make has (a directive, a custom IML function), or left out — and then what a Make user gives up. The
 * export's EXPORT-NOTES.md is written from this table; an extension missing here is left out and listed.
 */
export type Fate = 'translated' | 'left out';

export interface ExtensionFate {
  fate: Fate;
  /** One sentence for EXPORT-NOTES.md. */
  says: string;
}

export const EXTENSION_FATES: Record<string, ExtensionFate> = {
  'x-normalize': {
    fate: 'translated',
    says: 'the recipient goes out as +E.164 through the custom function `normalizeRecipient`; unlike the runtime it checks the shape and length (8–15 digits) only, not whether the number can exist in its country or a grouped national form',
  },
  'x-exactlyOne': { fate: 'translated', says: "checked before the request by the custom function `failUnless` (in the request's `temp`)" },
  'x-checks': { fate: 'translated', says: "each check runs before the request through the custom function `failUnless` (in the request's `temp`); the error names the field" },
  'x-skipIfInvalid': { fate: 'left out', says: 'a failed check always stops the module (the runtime skips it when the named fields are themselves invalid, to report those first)' },
  'x-patternMessage': { fate: 'left out', says: 'Make shows its own message when a value does not match a pattern' },
  'x-pace': {
    fate: 'left out',
    says: "no pacing: Make does not hold messages to Meta's per-sender throughput or the per-recipient pair rate, so bursts meet Meta's 130429 / 131056 errors (RateLimitError) instead",
  },
  'x-download': {
    fate: 'left out',
    says: "no streamed download to a file and no sha256 / size check of the bytes: Make returns the file as the module's binary output",
  },
  'x-absoluteUrl': {
    fate: 'left out',
    says: "Make sends the access token to the media URL Meta returns without checking it against Meta's media hosts",
  },
  'x-restartOn': { fate: 'left out', says: 'an expired media URL (401 / 404) fails the module instead of fetching a fresh URL once' },
  'x-cacheSeconds': { fate: 'left out', says: 'the template definitions are read on every call (no cache)' },
  'x-examples': { fate: 'left out', says: 'documentation and test examples (`wabc describe`, the contract tests), not part of a Make app' },
  'x-tests': {
    fate: 'translated',
    says: "the connection test becomes the connection's `communication`: the checks as chained requests, each failure naming the check and Meta's reason",
  },
  'x-env': { fate: 'left out', says: 'the environment variables `wabc` reads; Make asks for the same fields in its connection dialog' },
  'x-errors': {
    fate: 'translated',
    says: "Meta's error codes become Make error types (custom function `errorType`) and the hint is added to the message (`errorHint`); the retryable / throttle flags are left out: Make decides retries by the error type",
  },
  'x-mediaHosts': { fate: 'left out', says: "the list of Meta's media hosts the runtime sends the token to: Make has no such guard" },
  'x-handshake': {
    fate: 'translated',
    says: "Meta's GET handshake is the webhook's `verification`; Make compares the verify token as plain text, not in constant time",
  },
  'x-signature': {
    fate: 'left out',
    says: 'Make cannot check X-Hub-Signature-256 (a webhook has no raw body and no HMAC directive): anyone who learns the webhook URL can post events to the scenario',
  },
  'x-limits': { fate: 'left out', says: "Make's own body-size and content-type rules apply instead of the receiver's (3 MB, JSON only)" },
  'x-flatten': { fate: 'translated', says: 'one bundle per message, status and change through the custom function `flattenDelivery` in `iterate`' },
  'x-filters': { fate: 'translated', says: 'the event (excluded or only these), status, message-type and phone-number filters run in `iterate.condition` through the custom function `keepEvent`' },
  'x-events': {
    fate: 'left out',
    says: 'the list of webhook fields Meta sends (documentation); the `excludeEvents` and `onlyEvents` parameters keep its options, presets (`x-includes`) among them',
  },
  'x-includes': {
    fate: 'translated',
    says: 'a preset among the event options (`templates`) stays an option; `keepEvent` expands it to its events through the custom function `eventGroups`',
  },
  'x-dedupe': {
    fate: 'left out',
    says: 'no dedupe: a delivery Meta repeats (after a slow or failed answer) becomes new bundles, and Make answers 200 before the scenario has the event',
  },
};

export const isExtensionKey = (key: string): boolean => key.startsWith('x-');
