/**
 * Meta's "Supported media types" (the Media page, cloud-api.md §3.5) as the sandbox reads it: the MIME
 * types of each kind and its size limit from the sandbox's own table of limits.
 */
import { LIMITS, PAGES } from './meta-limits.js';

export type MediaKindName = 'audio' | 'document' | 'image' | 'sticker' | 'video';

export interface MediaKind {
  kind: MediaKindName;
  types: readonly string[];
  maxBytes: number;
}

export const MEDIA_SOURCE = PAGES.media;

export const MEDIA_KINDS: readonly MediaKind[] = [
  { kind: 'audio', types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: LIMITS.audioBytes.max },
  {
    kind: 'document',
    types: [
      'text/plain',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/pdf',
    ],
    maxBytes: LIMITS.documentBytes.max,
  },
  { kind: 'image', types: ['image/jpeg', 'image/png'], maxBytes: LIMITS.imageBytes.max },
  // Animated WebP may be larger than static WebP; the upload check tells them apart by reading the file.
  { kind: 'sticker', types: ['image/webp'], maxBytes: LIMITS.animatedStickerBytes.max },
  { kind: 'video', types: ['video/3gpp', 'video/mp4'], maxBytes: LIMITS.videoBytes.max },
];

/** `audio/ogg; codecs=opus` → `audio/ogg`; anything that is not a string → undefined. */
export function bareMimeType(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  const bare = type.split(';', 1)[0].trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

export function mediaKindOf(type: unknown): MediaKind | undefined {
  const bare = bareMimeType(type);
  return bare === undefined ? undefined : MEDIA_KINDS.find((k) => k.types.includes(bare));
}
