/**
 * Reading resolved fields the way an engine's form needs them: which fields a list holds, what a select
 * offers (a list, an RPC, or a store whose choice brings RPC fields), and the fields an option brings.
 */
import type { Field, Fields, Module, Nested, Option } from '../runtime/generated/descriptor.js';

/** The fields of a list that may also hold `rpc://` entries (those are read at run time). */
export function fieldList(fields: Fields | Nested | Field | Field[] | undefined): Field[] {
  if (fields === undefined || typeof fields === 'string') return [];
  return (Array.isArray(fields) ? fields : [fields]).filter((f): f is Field => typeof f === 'object' && f !== null);
}

/** A module's input fields: its static parameters, then its mappable fields. */
export function moduleFields(module: Module): Field[] {
  return [...fieldList(module.parameters), ...fieldList(module.expect)];
}

export function rpcName(url: unknown): string | undefined {
  return typeof url === 'string' && url.startsWith('rpc://') ? url.slice('rpc://'.length) : undefined;
}

export interface SelectSource {
  /** Options given in the descriptor. */
  options: Option[];
  /** The RPC that lists the options, when they come from one. */
  rpc?: string;
  /** The RPC that answers the fields the chosen value brings (template variables). */
  nestedRpc?: string;
}

export function selectSource(field: Field): SelectSource {
  const options = field.options;
  if (Array.isArray(options)) return { options };
  if (typeof options === 'string') return { options: [], rpc: rpcName(options) };
  if (options && typeof options === 'object') {
    const store = options.store;
    return {
      options: Array.isArray(store) ? store : [],
      rpc: rpcName(store),
      nestedRpc: rpcName(options.nested),
    };
  }
  return { options: [], nestedRpc: rpcName(field.nested) };
}

export function label(field: { name: string; label?: string }): string {
  return field.label ?? field.name;
}
