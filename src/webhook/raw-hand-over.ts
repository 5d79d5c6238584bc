/**
 * An internal option of the receiver, not part of the public API: a hand-over that is also given the
 * delivery's verified raw bytes, for `wabc webhook serve`'s line writer (src/cli/line-writer.ts), which
 * copies long strings from them instead of serialising them again. Set as a symbol-keyed property of
 * the options so that it cannot be given by accident and never reaches a host's onBundles.
 */
import type { EventBundle } from './webhook-types.js';

export const RAW_HAND_OVER = Symbol('wabc.webhook.rawHandOver');

/** Called instead of onBundles with the bytes whose signature was checked; they must not be changed. */
export type RawHandOver = (bundles: EventBundle[], raw: Buffer) => Promise<void> | void;

export interface WithRawHandOver {
  [RAW_HAND_OVER]?: RawHandOver;
}
