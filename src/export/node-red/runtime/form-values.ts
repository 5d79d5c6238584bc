/**
 * A node's form values become the module's input. The editor stores what the user typed as plain values,
 * and a value taken from the message or elsewhere (Node-RED's typed input: msg, flow, global, env,
 * JSONata) as `{ "$type": "msg", "$value": "payload" }`, evaluated here for each message. `msg.input`, when
 * it is an object, is laid over the result key by key (a function node can set any field that way).
 */
import type { NodeMessage, RedApi, RedNode } from './node-red-api.js';

export interface TypedValue {
  $type: string;
  $value: unknown;
}

function isTypedValue(value: unknown): value is TypedValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$type' in value && typeof (value as TypedValue).$type === 'string';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function evaluate(RED: RedApi, typed: TypedValue, node: RedNode, msg: NodeMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    RED.util.evaluateNodeProperty(typed.$value, typed.$type, node, msg, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Resolves every typed value in `form` against `msg`; values that come out empty are left out. */
export async function resolveForm(RED: RedApi, form: unknown, node: RedNode, msg: NodeMessage): Promise<unknown> {
  if (isTypedValue(form)) {
    const value = await evaluate(RED, form, node, msg);
    return value === '' || value === null ? undefined : value;
  }
  if (Array.isArray(form)) {
    const items = await Promise.all(form.map((item) => resolveForm(RED, item, node, msg)));
    return items.filter((item) => item !== undefined);
  }
  if (isPlainObject(form)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(form)) {
      const resolved = await resolveForm(RED, value, node, msg);
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  }
  return form;
}

/** Lays `over` onto `base`: objects merge key by key, anything else (arrays included) replaces. */
export function overlay(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = overlay(base[key], value);
  return out;
}

/** The module input for one message: the resolved form, then `msg.input` over it. */
export async function moduleInput(RED: RedApi, form: unknown, node: RedNode, msg: NodeMessage): Promise<Record<string, unknown>> {
  const resolved = await resolveForm(RED, form ?? {}, node, msg);
  const input = isPlainObject(msg.input) ? overlay(resolved, msg.input) : resolved;
  return isPlainObject(input) ? input : {};
}
