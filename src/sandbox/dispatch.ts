/** Routes a Graph request to the object its id names, after checking the token. */
import { graphError, unknownObject } from './meta-errors.js';
import { handleMessages } from './messages.js';
import { handleUpload, handleMediaInfo } from './media.js';
import { handlePhoneNumber, handleWaba, subscribe, handleTemplate, handleAppUploads, handleUploadSession } from './account.js';
import { routeAccount } from './account-routes.js';
import type { GraphAnswer, GraphRequest, SandboxContext } from './sandbox-context.js';

function bearer(req: GraphRequest): string | undefined {
  const h = req.headers.authorization;
  const value = Array.isArray(h) ? h[0] : h;
  const m = value ? /^Bearer\s+(.+)$/i.exec(value) : null;
  return m ? m[1] : (req.query.get('access_token') ?? undefined);
}

export async function dispatch(ctx: SandboxContext, req: GraphRequest): Promise<GraphAnswer> {
  const s = ctx.state;
  const auth = Array.isArray(req.headers.authorization) ? req.headers.authorization[0] : req.headers.authorization;
  if (req.id.startsWith('upload:')) return handleUploadSession(ctx, req, auth);
  const token = bearer(req);
  if (!token) throw graphError(190, 'An active access token must be used to query information about the current user.', 'Send the header Authorization: Bearer <access token>.');
  if (token !== ctx.token) throw graphError(190, 'Invalid OAuth access token - Cannot parse access token', 'The access token is not valid for this sandbox.');

  const account = routeAccount(ctx, req);
  if (account) return account;
  if (req.id === 'me' && req.method === 'GET' && !req.edge) return { json: { id: '500000000000001', name: 'Sandbox System User' } };
  const number = s.phoneNumbers.get(req.id);
  if (number) {
    if (req.edge === 'messages' && req.method === 'POST') return handleMessages(ctx, req);
    if (req.edge === 'media' && req.method === 'POST') return handleUpload(ctx, req);
    return handlePhoneNumber(ctx, req, number);
  }
  if (req.id === s.wabaId) {
    if (req.edge === 'subscribed_apps' && req.method === 'POST') return subscribe(ctx, req);
    return handleWaba(ctx, req);
  }
  if (s.media.has(req.id) && !req.edge && (req.method === 'GET' || req.method === 'DELETE')) return handleMediaInfo(ctx, req);
  if (req.id === s.appId) return handleAppUploads(ctx, req);
  const template = s.templates.find((t) => t.id === req.id);
  if (template) return handleTemplate(req, template as unknown as Record<string, unknown>);
  throw unknownObject(req.id, req.method.toLowerCase());
}
