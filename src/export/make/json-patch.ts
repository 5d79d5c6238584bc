/**
 * The restore patch: the JSON Patch (RFC 6902) that turns what a Make project's files stand for back into
 * the descriptors. Every operation is independent of the others (objects are diffed key by key, arrays
 * element by element only when their lengths agree, otherwise replaced whole), so the operations are
 * sorted by path and the patch is the same whatever the key order of its input. `x-*` keys never appear
 * as keys of a patch value: each goes in an operation of its own, its name in the path.
 */
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import type { Json, JsonObject } from './compose.js';
import { isExtensionKey } from './extensions.js';

const { applyPatch, escapePathComponent, deepClone } = fastJsonPatch;

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` without x-* keys, and an `add` for each one (nested ones after their parent). */
function splitExtensions(path: string, value: Json, ops: Operation[]): Json {
  if (Array.isArray(value)) return value.map((v, i) => splitExtensions(`${path}/${i}`, v, ops));
  if (!isObject(value)) return value;
  const kept: JsonObject = {};
  const later: [string, Json][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (isExtensionKey(key)) later.push([key, v]);
    else kept[key] = splitExtensions(`${path}/${escapePathComponent(key)}`, v, ops);
  }
  for (const [key, v] of later) {
    const at = `${path}/${escapePathComponent(key)}`;
    ops.push({ op: 'add', path: at, value: splitExtensions(at, v, ops) });
  }
  return kept;
}

function put(op: 'add' | 'replace', path: string, value: Json, ops: Operation[]): void {
  const extra: Operation[] = [];
  const plain = splitExtensions(path, value, extra);
  ops.push({ op, path, value: plain }, ...extra);
}

function walk(from: Json, to: Json, path: string, ops: Operation[]): void {
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    for (const key of keys) {
      const at = `${path}/${escapePathComponent(key)}`;
      if (!(key in to)) ops.push({ op: 'remove', path: at });
      else if (!(key in from)) put('add', at, to[key], ops);
      else walk(from[key], to[key], at, ops);
    }
  } else if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    to.forEach((v, i) => walk(from[i], v, `${path}/${i}`, ops));
  } else if (JSON.stringify(from) !== JSON.stringify(to)) {
    put('replace', path, to, ops);
  }
}

/** The operations that turn `from` into `to`, sorted by path. */
export function diff(from: Json, to: Json): Operation[] {
  const ops: Operation[] = [];
  walk(from, to, '', ops);
  // A parent's operation sorts before its children's (a path sorts before its extensions).
  return ops.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `value` with the patch applied (a new value; throws when an operation does not fit, naming it). */
export function patch(value: Json, ops: Operation[]): Json {
  return applyPatch(deepClone(value) as Json, ops, true).newDocument;
}

export type { Operation };
