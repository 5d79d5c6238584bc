/**
 * The descriptor a Make project's files stand for, before the restore patch: the same function for the
 * export (to work out the patch) and the import (to apply it), so export → import gives back exactly
 * the descriptors the export started from.
 */
import type { ComponentKind } from './layout.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A component as Make holds it: its makecomapp.json metadata and the content of each code file. */
export interface MakeComponent {
  meta: JsonObject;
  code: Record<string, Json>;
}

/** Our id of each Make id, per kind (`sendMessage` → `send-message`). */
export type IdMap = Partial<Record<ComponentKind, Record<string, string>>>;

/** Rewrites every `rpc://<name>` string through `rename`. */
export function renameRpcs(value: Json, rename: (name: string) => string): Json {
  if (typeof value === 'string') {
    const m = /^rpc:\/\/([A-Za-z0-9-]+)$/.exec(value);
    return m ? `rpc://${rename(m[1])}` : value;
  }
  if (Array.isArray(value)) return value.map((v) => renameRpcs(v, rename));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameRpcs(v, rename)]));
  return value;
}

const META_KEYS = ['label', 'description', 'moduleType', 'actionCrud', 'webhookType', 'connection', 'webhook'];

function metaPart(meta: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of META_KEYS) if (meta[key] !== undefined && meta[key] !== null) out[key] = meta[key];
  return out;
}

/** The descriptor-shaped object of one component (before the restore patch). */
export function composeComponent(kind: ComponentKind, component: MakeComponent, ids: IdMap): Json {
  const ourRpc = (name: string) => ids.rpc?.[name] ?? name;
  const c = component.code;
  switch (kind) {
    case 'module':
      return renameRpcs(
        {
          ...metaPart(component.meta),
          parameters: c.staticParams ?? [],
          expect: c.mappableParams ?? [],
          interface: c.interface ?? [],
          samples: c.samples ?? {},
          communication: c.communication ?? {},
        },
        ourRpc,
      );
    case 'rpc':
    case 'connection':
      return renameRpcs({ ...metaPart(component.meta), parameters: c.params ?? [], communication: c.communication ?? {} }, ourRpc);
    case 'webhook':
      return renameRpcs({ ...metaPart(component.meta), parameters: c.params ?? [], communication: c.communication ?? {}, attach: c.attach ?? {}, detach: c.detach ?? {} }, ourRpc);
    case 'function':
      return { code: c.code ?? '' };
  }
}

/** The manifest-shaped object: the base and the component lists (the rest comes from the patch). */
export function composeManifest(base: Json, components: Record<ComponentKind, string[]>): Json {
  return {
    base,
    connection: components.connection[0] ?? '',
    modules: components.module,
    rpcs: components.rpc,
    webhooks: components.webhook,
    functions: components.function,
  };
}
