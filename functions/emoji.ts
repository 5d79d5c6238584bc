/**
 * Whether a value is exactly one emoji, as a reaction needs (cloud-api.md §2.7). One user-perceived
 * character (grapheme cluster), so flags, skin tones, keycaps and ZWJ families count as one, and it
 * must show as an emoji: a character drawn as emoji by default, the emoji variation selector (❤️), a
 * keycap (1️⃣) or a pair of regional indicators (a flag). Text symbols such as © or ↔ are refused.
 */
// Made on first use: creating ICU's segmenter takes ~10 ms, and each pattern with a Unicode property a
// fraction of one, which every start of the runtime would pay.
let segmenter: Intl.Segmenter | undefined;
let patterns: { presented: RegExp; flag: RegExp; indicators: RegExp } | undefined;

export function isEmoji(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 32) return false;
  let count = 0;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const _ of segmenter.segment(value)) if (++count > 1) return false;
  patterns ??= { presented: /\p{Emoji_Presentation}|\uFE0F|\u20E3/u, flag: /^\p{Regional_Indicator}{2}$/u, indicators: /^\p{Regional_Indicator}+$/u };
  // Regional indicators are drawn as emoji only in pairs (a flag); one alone is a letter in a box.
  if (patterns.indicators.test(value)) return patterns.flag.test(value);
  return patterns.presented.test(value);
}
