/**
 * Checks a module runs on a file before any byte of it is sent (x-checks): each returns a sentence
 * describing the problem, or undefined when the file is fine. They read only what the file input
 * already knows (name, MIME type, size), never the file itself.
 */
import { MEDIA_KINDS, baseMimeType, formatBytes, mediaKindOf } from './media-types.js';

interface FileLike {
  fileName?: unknown;
  mimeType?: unknown;
  size?: unknown;
}

const asFile = (v: unknown): FileLike | undefined => (typeof v === 'object' && v !== null ? v : undefined);

function supportedList(): string {
  return MEDIA_KINDS.map((k) => `${k.kind} ${formatBytes(k.maxBytes)}: ${Object.keys(k.types).join(', ')}`).join('; ');
}

/** Problems every upload shares: an unknown type, an unknown or zero size. */
function basicProblem(file: FileLike): string | undefined {
  if (baseMimeType(file.mimeType) === undefined) {
    return `the MIME type of "${String(file.fileName)}" is unknown — give it, e.g. { path, mimeType: "application/pdf" }`;
  }
  if (typeof file.size !== 'number') return 'the size of a stream must be given ({ stream, fileName, size }) so it can be checked before upload';
  if (file.size === 0) return 'the file is empty';
  return undefined;
}

/**
 * Upload-media's check against Meta's table of supported media (type and size per kind). The message
 * goes into a ValidationError under the field's path, so it need not name the field itself.
 */
export function mediaProblem(value: unknown): string | undefined {
  const file = asFile(value);
  if (!file) return undefined; // a missing file is the required-field check's business
  const basic = basicProblem(file);
  if (basic) return basic;
  const type = baseMimeType(file.mimeType)!;
  const kind = mediaKindOf(type);
  if (!kind) return `${type} is not a media type WhatsApp accepts (supported — ${supportedList()})`;
  const size = file.size as number;
  if (size > kind.maxBytes) {
    const note = kind.note ? ` (${kind.note})` : '';
    return `${kind.kind} files (${type}) may be at most ${formatBytes(kind.maxBytes)}${note}; this file is ${formatBytes(size)} (${size} bytes)`;
  }
  return undefined;
}

/** A file limited to some MIME types (comma-separated), e.g. a profile picture: 'image/jpeg,image/png'. */
export function fileTypeProblem(value: unknown, allowed: unknown): string | undefined {
  const file = asFile(value);
  if (!file) return undefined;
  const basic = basicProblem(file);
  if (basic) return basic;
  const types = String(allowed)
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const type = baseMimeType(file.mimeType)!;
  return types.includes(type) ? undefined : `${type} is not accepted here; give one of ${types.join(', ')}`;
}
