/**
 * Routes of the account side that came with template review, health, blocking, QR codes, automation
 * and analytics; `undefined` leaves the request to the older routes (dispatch.ts).
 */
import { invalidParameter } from './meta-errors.js';
import { createTemplate, deleteTemplate, editTemplate } from './template-review.js';
import { handleBlocking } from './blocking.js';
import { handleQrCodes } from './qr-codes.js';
import { accountFields, permissions, setAutomation } from './health.js';
import { pricingAnalytics, templateAnalytics } from './analytics.js';
import type { GraphAnswer, GraphRequest, SandboxContext } from './sandbox-context.js';
import type { PhoneNumber } from './state.js';

/** Register's optional fields ([OAS] WhatsAppBusinessPhoneNumberRegistrationRequest: V2TierName, backup). */
function checkRegistrationExtras(body: Record<string, unknown>): void {
  if (body.tier !== undefined && body.tier !== 'PROD' && body.tier !== 'SANDBOX') throw invalidParameter('tier must be PROD or SANDBOX.');
  const b = body.backup as Record<string, unknown> | undefined;
  if (b !== undefined && (typeof b !== 'object' || b === null || typeof b.password !== 'string' || typeof b.data !== 'string')) throw invalidParameter('backup needs password and data (strings).');
}

function numberRoute(ctx: SandboxContext, req: GraphRequest, n: PhoneNumber): GraphAnswer | Promise<GraphAnswer> | undefined {
  switch (req.edge) {
    case 'block_users':
      return handleBlocking(ctx, req, n);
    case 'message_qrdls':
      return handleQrCodes(ctx, req, n);
    case 'conversational_automation':
      return req.method === 'POST' ? setAutomation(ctx, req, n) : undefined;
    case 'register':
      if (req.method === 'POST') checkRegistrationExtras(req.body);
      return undefined;
    case undefined: {
      const fields = req.method === 'GET' ? accountFields(ctx, req, n) : undefined;
      return fields ? { json: fields } : undefined;
    }
    default:
      return undefined;
  }
}

export function routeAccount(ctx: SandboxContext, req: GraphRequest): GraphAnswer | Promise<GraphAnswer> | undefined {
  const s = ctx.state;
  const number = s.phoneNumbers.get(req.id);
  if (number) return numberRoute(ctx, req, number);
  if (req.id === s.wabaId) {
    const route = `${req.method} ${req.edge ?? ''}`;
    if (route === 'POST message_templates') return createTemplate(ctx, req, ctx.templateReviewMs);
    if (route === 'DELETE message_templates') return deleteTemplate(ctx, req);
    if (route === 'GET pricing_analytics') return pricingAnalytics(ctx, req);
    if (route === 'GET template_analytics') return templateAnalytics(ctx, req);
    if (route === 'GET ') {
      const fields = accountFields(ctx, req);
      return fields ? { json: fields } : undefined;
    }
    return undefined;
  }
  if (req.id === 'me' && req.edge === 'permissions' && req.method === 'GET') return permissions();
  const template = req.method === 'POST' && !req.edge ? s.templates.find((t) => t.id === req.id) : undefined;
  return template ? editTemplate(ctx, req, template, ctx.templateReviewMs) : undefined;
}
