/**
 * Media: upload (multipart `file`, `type`, `messaging_product`), info with a URL that lives 5 minutes and
 * needs the token, download, delete (cloud-api.md §3). Type and size follow Meta's table of supported
 * media as the sandbox states it (media-table.ts).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { UploadedFile } from './parse-body.js';
import { graphError, invalidParameter, unknownObject } from './meta-errors.js';
import { LIMITS } from './meta-limits.js';
import { MEDIA_KINDS, bareMimeType, mediaKindOf } from './media-table.js';
import type { GraphAnswer, GraphRequest, SandboxContext } from './sandbox-context.js';

export const MEDIA_URL_TTL_MS = LIMITS.mediaUrlLifetime.max;
const urlKey = randomBytes(16);

const newId = () => String(1_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15)));

export function handleUpload(ctx: SandboxContext, req: GraphRequest): GraphAnswer {
  if (!ctx.state.phoneNumbers.has(req.id)) throw unknownObject(req.id, 'post');
  if (req.body.messaging_product !== 'whatsapp') throw graphError(100, 'The parameter messaging_product is required.', "The parameter messaging_product is required and must be 'whatsapp'.");
  const file = req.files?.find((f) => f.field === 'file');
  if (!file) throw graphError(100, 'The parameter file is required.', 'The parameter file is required.');
  const type = typeof req.body.type === 'string' ? req.body.type : '';
  if (!type) throw graphError(100, 'The parameter type is required.', 'The parameter type is required.');
  const problem = uploadProblem(type, file);
  if (problem) throw graphError(131053, 'Media upload error', problem);
  const id = newId();
  ctx.state.media.set(id, {
    id,
    phoneNumberId: req.id,
    mimeType: type,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    bytes: file.bytes,
    fileName: file.fileName,
    createdAt: ctx.now(),
  });
  return { json: { id } };
}

/** Adds an inbound customer's media (images they send) to the store. */
export function storeInboundMedia(ctx: SandboxContext, phoneNumberId: string, mimeType: string, bytes: Buffer): string {
  const id = newId();
  ctx.state.media.set(id, { id, phoneNumberId, mimeType, sha256: createHash('sha256').update(bytes).digest('hex'), bytes, createdAt: ctx.now() });
  return id;
}

/** Sizes as Meta writes them: 5 MB, 500 KB. */
const size = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`);
const supported = () => MEDIA_KINDS.map((k) => `${k.kind} (${k.types.join(', ')}) up to ${size(k.maxBytes)}`).join('; ');

/** Meta's table of supported media (§3.5): the declared type must be in it, the file within its kind's size. */
function uploadProblem(type: string, file: UploadedFile): string | undefined {
  const kind = mediaKindOf(type);
  if (!kind) return `${bareMimeType(type) ?? type} is not a supported media type. Supported: ${supported()}.`;
  if (file.size === 0) return 'the file is empty';
  if (file.size > kind.maxBytes) return `${kind.kind} files may be at most ${size(kind.maxBytes)}; this one is ${file.size} bytes`;
  // Meta takes 500 KB for an animated WebP sticker but only 100 KB for a static one.
  if (kind.kind === 'sticker' && file.size > LIMITS.staticStickerBytes.max && !file.bytes.subarray(0, 64).includes('ANIM')) {
    return `a static sticker (image/webp without animation) may be at most ${size(LIMITS.staticStickerBytes.max)}; this one is ${file.size} bytes`;
  }
  return undefined;
}

function signature(id: string, expires: number): string {
  return createHmac('sha256', urlKey).update(`${id}:${expires}`).digest('hex').slice(0, 32);
}

export function handleMediaInfo(ctx: SandboxContext, req: GraphRequest): GraphAnswer {
  const media = ctx.state.media.get(req.id)!;
  const phone = req.query.get('phone_number_id');
  if (phone && phone !== media.phoneNumberId) throw invalidParameter(`Media ${media.id} does not belong to phone number ${phone}.`);
  if (req.method === 'DELETE') {
    ctx.state.media.delete(media.id);
    return { json: { success: true } };
  }
  const expires = ctx.now() + MEDIA_URL_TTL_MS;
  return {
    json: {
      messaging_product: 'whatsapp',
      url: `${ctx.baseUrl()}/_media/${media.id}?expires=${expires}&sig=${signature(media.id, expires)}`,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: String(media.bytes.length),
      id: media.id,
    },
  };
}

/** GET of a media URL: the token is required, and the URL stops working after 5 minutes (404). */
export function handleMediaDownload(ctx: SandboxContext, id: string, query: URLSearchParams): GraphAnswer {
  const media = ctx.state.media.get(id);
  const expires = Number(query.get('expires'));
  if (!media || !Number.isFinite(expires) || query.get('sig') !== signature(id, expires) || ctx.now() > expires) {
    throw graphError(100, 'Media URL expired or not found', 'Media URLs work for 5 minutes: request a fresh one with GET /{media-id}.', { status: 404, type: 'GraphMethodException' });
  }
  return { bytes: media.bytes, contentType: media.mimeType, headers: { 'content-disposition': `attachment; filename="${(media.fileName ?? id).replace(/"/g, '')}"` } };
}
