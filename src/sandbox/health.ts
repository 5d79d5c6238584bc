/**
 * Why sending is blocked, as Meta's health status answers it (`?fields=health_status` on a WABA or a
 * number; [CG] WhatsAppBusinessHealthStatus): per entity, AVAILABLE / LIMITED / BLOCKED with the errors
 * and Meta's possible solution. The sandbox derives it from its own state: an unverified or unregistered
 * number is BLOCKED, a number with a RED quality rating is LIMITED. Also the portfolio's messaging limit,
 * the token's permissions and the conversational components.
 */
import { invalidParameter } from './meta-errors.js';
import { LIMITS } from './meta-limits.js';
import type { Automation } from './account-state.js';
import type { GraphAnswer, GraphRequest, SandboxContext } from './sandbox-context.js';
import type { PhoneNumber } from './state.js';

interface HealthError {
  error_code: number;
  error_description: string;
  possible_solution: string;
}
interface Entity {
  entity_type: string;
  id: string;
  can_send_message: 'AVAILABLE' | 'LIMITED' | 'BLOCKED';
  errors?: HealthError[];
}

/** The portfolio's messaging limit (whatsapp_business_manager_messaging_limit). */
export const MESSAGING_LIMIT = 'TIER_2K';

function numberEntity(n: PhoneNumber): Entity {
  const errors: HealthError[] = [];
  let state: Entity['can_send_message'] = 'AVAILABLE';
  if (n.code_verification_status !== 'VERIFIED') {
    state = 'BLOCKED';
    errors.push({ error_code: 133006, error_description: 'The phone number has not been verified.', possible_solution: 'Verify the number (request_code, then verify_code), then register it.' });
  } else if (n.status !== 'CONNECTED') {
    state = 'BLOCKED';
    errors.push({ error_code: 133010, error_description: 'The phone number is not registered on the Cloud API.', possible_solution: 'Register the number with its two-step verification PIN.' });
  }
  if (n.quality_rating === 'RED') {
    if (state === 'AVAILABLE') state = 'LIMITED';
    errors.push({
      error_code: 131048,
      error_description: "The phone number's quality rating is low: customers have blocked or reported its messages.",
      possible_solution: 'Send only messages customers asked for, make opting out easy, and watch the quality rating before raising volume.',
    });
  }
  return { entity_type: 'PHONE_NUMBER', id: n.id, can_send_message: state, ...(errors.length > 0 ? { errors } : {}) };
}

const worst = (entities: Entity[]) => (entities.some((e) => e.can_send_message === 'BLOCKED') ? 'BLOCKED' : entities.some((e) => e.can_send_message === 'LIMITED') ? 'LIMITED' : 'AVAILABLE');

export function healthStatus(ctx: SandboxContext, n?: PhoneNumber) {
  const s = ctx.state;
  const entities: Entity[] = [
    ...(n ? [numberEntity(n)] : []),
    { entity_type: 'WABA', id: s.wabaId, can_send_message: 'AVAILABLE' },
    { entity_type: 'BUSINESS', id: '900000000000001', can_send_message: 'AVAILABLE' },
    { entity_type: 'APP', id: s.appId, can_send_message: 'AVAILABLE' },
  ];
  return { can_send_message: worst(entities), entities };
}

/** Fields of a WABA or number that the account modules read; undefined when none was asked for. */
export function accountFields(ctx: SandboxContext, req: GraphRequest, n?: PhoneNumber): Record<string, unknown> | undefined {
  const asked = (req.query.get('fields') ?? '').split(',');
  const out: Record<string, unknown> = {};
  if (asked.includes('health_status')) out.health_status = healthStatus(ctx, n);
  if (!n && asked.includes('whatsapp_business_manager_messaging_limit')) out.whatsapp_business_manager_messaging_limit = MESSAGING_LIMIT;
  if (n && asked.includes('conversational_automation')) out.conversational_automation = automationOf(ctx, n);
  return Object.keys(out).length > 0 ? { id: n?.id ?? ctx.state.wabaId, ...out } : undefined;
}

function automationOf(ctx: SandboxContext, n: PhoneNumber): Automation {
  return ctx.state.account.automation.get(n.id) ?? { enable_welcome_message: false, prompts: [], commands: [] };
}

/** POST /{phone}/conversational_automation ([OAS] ConversationalAutomationRequest). */
export function setAutomation(ctx: SandboxContext, req: GraphRequest, n: PhoneNumber): GraphAnswer {
  const b = req.body;
  const current = automationOf(ctx, n);
  const next: Automation = { ...current };
  if (b.enable_welcome_message !== undefined) {
    if (typeof b.enable_welcome_message !== 'boolean') throw invalidParameter('enable_welcome_message must be true or false.');
    next.enable_welcome_message = b.enable_welcome_message;
  }
  if (b.prompts !== undefined) {
    const p = b.prompts;
    if (!Array.isArray(p) || p.length > LIMITS.prompts.max || p.some((x) => typeof x !== 'string' || x === '' || [...x].length > LIMITS.prompt.max))
      throw invalidParameter(`prompts: at most ${LIMITS.prompts.max}, each 1 to ${LIMITS.prompt.max} characters.`);
    next.prompts = p as string[];
  }
  if (b.commands !== undefined) {
    const c = b.commands;
    const ok = (x: unknown) => {
      const cmd = x as Record<string, unknown>;
      const name = cmd?.command_name;
      const desc = cmd?.command_description;
      return (
        typeof name === 'string' &&
        new RegExp(`^[A-Za-z0-9_]{${LIMITS.commandName.min},${LIMITS.commandName.max}}$`).test(name) &&
        typeof desc === 'string' &&
        [...desc].length >= (LIMITS.commandDescription.min ?? 1) &&
        [...desc].length <= LIMITS.commandDescription.max
      );
    };
    if (!Array.isArray(c) || c.length > LIMITS.commands.max || !c.every(ok))
      throw invalidParameter(
        `commands: at most ${LIMITS.commands.max}, each a command_name (letters, digits, _, ≤ ${LIMITS.commandName.max}) and a command_description (≤ ${LIMITS.commandDescription.max}).`,
      );
    next.commands = c as Automation['commands'];
  }
  ctx.state.account.automation.set(n.id, next);
  return { json: { success: true } };
}

/** GET /me/permissions: what the sandbox's token may do (wabc doctor reads it). */
export function permissions(): GraphAnswer {
  return {
    json: {
      data: [
        { permission: 'whatsapp_business_management', status: 'granted' },
        { permission: 'whatsapp_business_messaging', status: 'granted' },
      ],
    },
  };
}
