/**
 * The name a downloaded file gets. Apart from the upload checks (media-checks.ts) because it alone needs
 * mime's table of every extension, which no check before an upload reads.
 */
import mime from 'mime';
import { baseMimeType, mediaKindOf } from './media-types.js';

/** The name a downloaded media file gets when none is given: `<media id>.<extension of its type>`. */
export function mediaFileName(id: unknown, mimeType: unknown): string | undefined {
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const safeId = String(id).replace(/[^A-Za-z0-9._-]/g, '_');
  if (/^\.*$/.test(safeId)) return undefined; // '', '.', '..' name no file
  const type = baseMimeType(mimeType);
  // Meta's own types get their usual extension (mp3, not mime-db's mpga); inbound files may be anything.
  const ext = type ? (mediaKindOf(type)?.types[type] ?? mime.getExtension(type) ?? undefined) : undefined;
  return ext ? `${safeId}.${ext}` : safeId;
}
