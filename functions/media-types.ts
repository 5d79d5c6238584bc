/**
 * Meta's table of media WhatsApp accepts (cloud-api.md §3.5, "Supported media types"), as data: the
 * MIME types of each kind, its size limit, and the file extension we name a download with.
 * Sizes are binary megabytes (1 MB = 1,048,576 bytes), the lenient reading of Meta's "5 MB".
 */
export interface MediaKind {
  kind: 'audio' | 'document' | 'image' | 'sticker' | 'video';
  maxBytes: number;
  /** MIME type → preferred file extension. */
  types: Readonly<Record<string, string>>;
  note?: string;
}

const KB = 1024;
const MB = 1024 * KB;

export const MEDIA_KINDS: readonly MediaKind[] = [
  { kind: 'audio', maxBytes: 16 * MB, types: { 'audio/aac': 'aac', 'audio/amr': 'amr', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/ogg': 'ogg' }, note: 'ogg must be OPUS, mono' },
  {
    kind: 'document',
    maxBytes: 100 * MB,
    types: {
      'text/plain': 'txt',
      'application/vnd.ms-excel': 'xls',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
      'application/msword': 'doc',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
      'application/vnd.ms-powerpoint': 'ppt',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
      'application/pdf': 'pdf',
    },
  },
  { kind: 'image', maxBytes: 5 * MB, types: { 'image/jpeg': 'jpg', 'image/png': 'png' } },
  // Meta allows 500 KB for an animated sticker and 100 KB for a static one. Telling them apart means
  // reading the file, which a check before upload does not do: the larger limit is applied here, and
  // Meta refuses a static sticker over 100 KB itself (error 131053).
  { kind: 'sticker', maxBytes: 500 * KB, types: { 'image/webp': 'webp' }, note: '500 KB animated, 100 KB static' },
  { kind: 'video', maxBytes: 16 * MB, types: { 'video/3gpp': '3gp', 'video/mp4': 'mp4' }, note: 'H.264 video with AAC audio' },
];

/** `audio/ogg; codecs=opus` → `audio/ogg`. */
export function baseMimeType(mimeType: unknown): string | undefined {
  if (typeof mimeType !== 'string') return undefined;
  const t = mimeType.split(';')[0].trim().toLowerCase();
  return t || undefined;
}

export function mediaKindOf(mimeType: unknown): MediaKind | undefined {
  const t = baseMimeType(mimeType);
  return t === undefined ? undefined : MEDIA_KINDS.find((k) => Object.hasOwn(k.types, t));
}

export function formatBytes(n: number): string {
  if (n >= MB) return `${+(n / MB).toFixed(1)} MB`;
  if (n >= KB) return `${+(n / KB).toFixed(1)} KB`;
  return `${n} bytes`;
}
