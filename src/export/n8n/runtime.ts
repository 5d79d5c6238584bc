/**
 * What a generated n8n node calls (through this package's `./n8n` entry): reading its parameters into a
 * module's input and running it, dropdown options and a template's variables through the RPCs, the
 * webhook trigger's handshake / signature / event bundles, and the parts of an error n8n shows. Typed
 * structurally, so this package needs nothing from n8n; the generated node adapts it to n8n-workflow.
 */
import { loadConnector, type Connector } from '../../runtime/connector.js';
import type { ConnectionValues } from '../../runtime/connection.js';
import { isConnectorError } from '../../runtime/errors/connector-error.js';
import { isValidationError } from '../../runtime/errors/validation-error.js';
import type { Field } from '../../runtime/generated/descriptor.js';
import { checkHandshake } from '../../webhook/handshake.js';
import { compileFilters } from '../../../functions/webhook-filters.js';
import { flattenDelivery } from '../../../functions/webhook-flatten.js';
import { SIGNATURE_HEADER, verifySignature } from '../../webhook/signature.js';
import type { EventBundle } from '../../webhook/webhook-types.js';
import { filtersFrom } from '../webhook-filters.js';
import { fieldList, label, moduleFields } from '../field-tree.js';
import { readParameters, type ParameterSource } from './n8n-form.js';

export type { ParameterSource } from './n8n-form.js';

let instance: Connector | undefined;
function connector(): Connector {
  instance ??= loadConnector();
  return instance;
}

/** The connection from the node's credentials (empty values left out, so defaults apply). */
export function connectionFromCredentials(credentials: Record<string, unknown>): ConnectionValues {
  const out: Record<string, unknown> = {};
  for (const f of fieldList(connector().connection.parameters)) {
    const value = credentials[f.name];
    if (value !== undefined && value !== null && value !== '') out[f.name] = value;
  }
  return out as ConnectionValues;
}

/** Reads one item's parameters into the module's input. */
export async function moduleInput(moduleId: string, source: ParameterSource): Promise<Record<string, unknown>> {
  const module = connector().modules[moduleId];
  if (!module) throw new Error(`no module "${moduleId}" in whatsapp-business-cloud-connector`);
  return readParameters(moduleFields(module), source);
}

/** Runs the module for one item; a list result (search modules) comes back as one entry per element. */
export async function runModule(moduleId: string, source: ParameterSource, connection: ConnectionValues, signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
  const input = await moduleInput(moduleId, source);
  const result = await connector().executeDynamic(moduleId, input, { connection, signal });
  const list = Array.isArray(result) ? result : [result];
  return list.map((r) => (typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : { value: r }));
}

/** A dropdown's options from an RPC, as n8n lists them. */
export async function rpcOptions(rpc: string, connection: ConnectionValues, input: Record<string, unknown> = {}): Promise<Array<{ name: string; value: string }>> {
  const options = (await connector().rpcDynamic(rpc, input, { connection })) as Array<{ label?: string; value: unknown }>;
  return options.map((o) => ({ name: o.label ?? String(o.value), value: String(o.value) }));
}

export interface MappedField {
  id: string;
  displayName: string;
  required: boolean;
  defaultMatch: false;
  display: true;
  type: 'string' | 'number' | 'boolean' | 'object';
}

const MAPPED_TYPES: Record<string, MappedField['type']> = { number: 'number', uinteger: 'number', integer: 'number', boolean: 'boolean', json: 'object' };

function mapped(fields: Field[], prefix: string[], labels: string[], required: boolean): MappedField[] {
  return fields.flatMap((f) => {
    const spec = fieldList(f.spec);
    if (f.type === 'collection' && spec.length > 0) return mapped(spec, [...prefix, f.name], [...labels, label(f)], required && f.required === true);
    return [
      {
        id: [...prefix, f.name].join('.'),
        displayName: [...labels, label(f)].join(' › '),
        required: required && f.required === true,
        defaultMatch: false as const,
        display: true as const,
        type: MAPPED_TYPES[f.type] ?? 'string',
      },
    ];
  });
}

/** The fields an RPC gives for a chosen value (a template's variables), flat, for a resourceMapper. */
export async function rpcFields(rpc: string, input: Record<string, unknown>, connection: ConnectionValues): Promise<{ fields: MappedField[]; emptyFieldsNotice?: string }> {
  const fields = fieldList((await connector().rpcDynamic(rpc, input, { connection })) as Field[]);
  return { fields: mapped(fields, [], [], true), ...(fields.length === 0 ? { emptyFieldsNotice: 'This choice needs no further fields.' } : {}) };
}

export interface WebhookRequest {
  method: string;
  /** The query string, without `?`. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  /** The exact bytes received. */
  rawBody: Buffer | undefined;
}

export interface WebhookOutcome {
  status: number;
  body: string;
  bundles: EventBundle[];
}

/** The trigger's answer to one request: the GET handshake, or a signed delivery's event bundles. */
export function handleWebhook(request: WebhookRequest, options: { verifyToken: string; appSecrets: string[]; filters?: Record<string, unknown> }): WebhookOutcome {
  if (request.method === 'GET') {
    const handshake = checkHandshake(request.query, options.verifyToken);
    return handshake.ok ? { status: 200, body: handshake.challenge, bundles: [] } : { status: 403, body: 'Forbidden', bundles: [] };
  }
  if (!request.rawBody) return { status: 400, body: 'no body', bundles: [] };
  const verified = verifySignature(request.rawBody, request.headers[SIGNATURE_HEADER], options.appSecrets);
  if (verified !== true) return { status: 401, body: 'Invalid signature', bundles: [] };
  let payload: unknown;
  try {
    payload = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return { status: 400, body: 'Body is not JSON', bundles: [] };
  }
  const keep = compileFilters(filtersFrom(options.filters ?? {}));
  return { status: 200, body: '{"ok":true}', bundles: flattenDelivery(payload).filter(keep) };
}

export interface ErrorInfo {
  /** The error as the CLI prints it (type, code, details, hint, maybeSent, issues …). */
  json: Record<string, unknown>;
  message: string;
  /** The hint, or the bad fields, for n8n's description line. */
  description?: string;
  httpCode?: string;
  /** Bad input (n8n: NodeOperationError) rather than an API failure (NodeApiError). */
  isInput: boolean;
}

export function errorInfo(error: unknown): ErrorInfo {
  if (!isConnectorError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { json: { type: 'Error', message }, message, isInput: false };
  }
  const json = error.toJSON();
  const input = isValidationError(error);
  const description = error.hint ?? (input ? error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : undefined);
  return { json, message: error.message, ...(description ? { description } : {}), ...(error.httpStatus ? { httpCode: String(error.httpStatus) } : {}), isInput: input };
}
