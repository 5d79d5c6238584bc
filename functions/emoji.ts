/**
 * Whether a value is exactly one emoji, as a reaction needs (cloud-api.md §2.7). One user-perceived
 * character (grapheme cluster), so flags, skin tones, keycaps and ZWJ families count as one, and it
 * must contain a pictograph, a regional indicator (flags) or the keycap mark.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

export function isEmoji(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 32) return false;
  let count = 0;
  for (const _ of segmenter.segment(value)) if (++count > 1) return false;
  return EMOJI.test(value);
}
