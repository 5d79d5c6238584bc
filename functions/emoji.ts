/**
 * Whether a value is exactly one emoji, as a reaction needs (cloud-api.md §2.7). One user-perceived
 * character (grapheme cluster), so flags, skin tones, keycaps and ZWJ families count as one, and it
 * must show as an emoji: a character drawn as emoji by default, the emoji variation selector (❤️), a
 * keycap (1️⃣) or a pair of regional indicators (a flag). Text symbols such as © or ↔ are refused.
 */
// Made on first use: creating ICU's segmenter takes ~10 ms, which every start of the runtime would pay.
let segmenter: Intl.Segmenter | undefined;
const PRESENTED = /\p{Emoji_Presentation}|\uFE0F|\u20E3/u;
const FLAG = /^\p{Regional_Indicator}{2}$/u;

export function isEmoji(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 32) return false;
  let count = 0;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const _ of segmenter.segment(value)) if (++count > 1) return false;
  // Regional indicators are drawn as emoji only in pairs (a flag); one alone is a letter in a box.
  if (/^\p{Regional_Indicator}+$/u.test(value)) return FLAG.test(value);
  return PRESENTED.test(value);
}
