/**
 * QR codes and short links (/{phone-number-id}/message_qrdls, [OAS] CreateQrCodeRequest and
 * UpdateQrCodeRequest): a 14-character code, a wa.me/message/ link, and on request an image URL —
 * served by the sandbox under /_media/, a real QR code of the link, PNG or SVG.
 */
import { randomInt } from 'node:crypto';
import { graphError, invalidParameter, unknownObject } from './meta-errors.js';
import { LIMITS } from './meta-limits.js';
import { page, pickFields } from './paging.js';
import type { QrCode } from './account-state.js';
import type { GraphAnswer, GraphRequest, SandboxContext } from './sandbox-context.js';
import type { PhoneNumber } from './state.js';
import { importPackage } from '../runtime/import-package.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const newCode = () => Array.from({ length: 14 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

function message(v: unknown): string {
  if (typeof v !== 'string' || [...v].length < (LIMITS.qrPrefilledMessage.min ?? 1) || [...v].length > LIMITS.qrPrefilledMessage.max)
    throw invalidParameter(`prefilled_message must be 1 to ${LIMITS.qrPrefilledMessage.max} characters.`);
  return v;
}

/** `qr_image_url.format(SVG)` in `fields`, or `generate_qr_image` on create: the image format asked for. */
function formatAsked(fields: string | null): string | undefined {
  const m = fields ? /qr_image_url\.format\((PNG|SVG)\)/i.exec(fields) : null;
  return m ? m[1].toUpperCase() : fields?.split(',').includes('qr_image_url') ? 'PNG' : undefined;
}

function shown(ctx: SandboxContext, q: QrCode, format: string | undefined, fields: string | null) {
  const image = format ? { qr_image_url: `${ctx.baseUrl()}/_media/qr-${q.code}.${format.toLowerCase()}` } : {};
  const out = { ...q, ...image };
  const plain = fields
    ? fields
        .split(',')
        .map((f) => f.replace(/\..*$/, ''))
        .join(',')
    : null;
  return plain ? pickFields(out, plain) : out;
}

export function handleQrCodes(ctx: SandboxContext, req: GraphRequest, n: PhoneNumber): GraphAnswer {
  const codes = ctx.state.account.qrCodes.get(n.id) ?? [];
  ctx.state.account.qrCodes.set(n.id, codes);
  const fields = req.query.get('fields');
  const find = (code: string) => {
    const q = codes.find((c) => c.code === code);
    if (!q) throw unknownObject(code, req.method.toLowerCase());
    return q;
  };
  if (req.sub) {
    const q = find(req.sub);
    if (req.method === 'GET') return { json: { data: [shown(ctx, q, formatAsked(fields), fields)] } };
    if (req.method === 'DELETE') {
      codes.splice(codes.indexOf(q), 1);
      return { json: { success: true } };
    }
    throw unknownObject(`${n.id}/message_qrdls/${req.sub}`, req.method.toLowerCase());
  }
  if (req.method === 'GET') {
    const code = req.query.get('code');
    const list = code ? [find(code)] : codes;
    return {
      json: page(
        ctx,
        req,
        list.map((q) => shown(ctx, q, formatAsked(fields), fields)),
        LIMITS.qrCodesPage,
      ),
    };
  }
  if (req.method !== 'POST') throw unknownObject(`${n.id}/message_qrdls`, req.method.toLowerCase());
  const b = req.body;
  const text = message(b.prefilled_message);
  if (b.code !== undefined) {
    const q = find(String(b.code));
    q.prefilled_message = text;
    return { json: q };
  }
  const format = b.generate_qr_image === undefined ? undefined : String(b.generate_qr_image);
  if (format !== undefined && format !== 'PNG' && format !== 'SVG') throw invalidParameter('generate_qr_image must be PNG or SVG.');
  const code = newCode();
  const q: QrCode = { code, prefilled_message: text, deep_link_url: `https://wa.me/message/${code}` };
  codes.push(q);
  return { json: shown(ctx, q, format, null) };
}

/** GET /_media/qr-<code>.png|svg: the image of a QR code's short link. */
export async function qrImage(ctx: SandboxContext, file: string): Promise<GraphAnswer> {
  const m = /^qr-([A-Z2-7]{14})\.(png|svg)$/.exec(file);
  const q = m ? [...ctx.state.account.qrCodes.values()].flat().find((c) => c.code === m[1]) : undefined;
  if (!m || !q) throw graphError(100, 'Invalid parameter', 'No such QR code image.', { status: 404 });
  // Loaded when an image is asked for: qrcode is CommonJS that requires fs, which an ESM bundle of the
  // package cannot do at start-up.
  const { default: QRCode } = await importPackage<{ default: typeof import('qrcode') }>('qrcode');
  if (m[2] === 'svg') return { bytes: Buffer.from(await QRCode.toString(q.deep_link_url, { type: 'svg' })), contentType: 'image/svg+xml' };
  return { bytes: await QRCode.toBuffer(q.deep_link_url, { type: 'png' }), contentType: 'image/png' };
}
