/**
 * The custom IML functions of the Make app: the descriptors' own functions (bundled from their
 * TypeScript source, src/export/make/generated/iml-functions.ts), the export's helpers, and the error
 * table as `errorType` / `errorHint` (the hints split over as many functions as Make's 5,000-character
 * limit needs; custom functions call each other through Make's `iml` namespace).
 */
import type { JsonObject } from './compose.js';
import { IML_FUNCTIONS } from './generated/iml-functions.js';

const MAX_CHARS = 5000;

/**
 * Our functions that Make's IML has built in under the same name and meaning for the lists the
 * descriptors give them (help.make.com, "Array functions"): Make's own is used, none is written.
 */
export const MAKE_BUILTINS: ReadonlySet<string> = new Set(['flatten', 'distinct']);

/**
 * Functions whose Make version is a variant of the runtime's (src/export/make/iml/), and what differs:
 * EXPORT-NOTES.md says it; test/export/make/iml-functions.test.ts shows where they agree.
 */
export const MAKE_VARIANTS: ReadonlyMap<string, string> = new Map([
  [
    'formatPhone',
    'Meta\'s display form ("+1 631-555-5555", what the phone-numbers endpoint gives) is kept as it is, as in the runtime; bare digits ("16315555555") become "+16315555555" where the runtime writes "+1 631-555-5555" (libphonenumber\'s metadata is far over Make\'s 5,000-character limit)',
  ],
]);

export interface FunctionSet {
  /** Function id → its JavaScript code. */
  code: Map<string, string>;
  /** Function id → why it cannot be a Make function. */
  problems: Map<string, string>;
}

const lookup = (table: string) => `const t=${table};const k=String(code);return t[k+'/'+sub]??t[k]`;

function errorFunctions(table: JsonObject): Map<string, string> {
  const out = new Map<string, string>();
  const types: Record<string, string> = {};
  const hints: [string, string][] = [];
  for (const [key, entry] of Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    if (typeof entry.type === 'string') types[key] = entry.type;
    if (typeof entry.hint === 'string') hints.push([key, entry.hint]);
  }
  out.set('errorType', `function errorType(code, sub) {\n${lookup(JSON.stringify(types))}??'RuntimeError';\n}\n`);
  // Greedy packing of the hints into functions under the limit.
  const chunks: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  for (const [key, hint] of hints) {
    const next = { ...current, [key]: hint };
    if (JSON.stringify(next).length > MAX_CHARS - 200 && Object.keys(current).length > 0) {
      chunks.push(current);
      current = { [key]: hint };
    } else current = next;
  }
  if (Object.keys(current).length > 0) chunks.push(current);
  const names = chunks.map((_, i) => `errorHints${i + 1}`);
  chunks.forEach((chunk, i) => out.set(names[i], `function ${names[i]}(code, sub) {\n${lookup(JSON.stringify(chunk))};\n}\n`));
  out.set('errorHint', `function errorHint(code, sub) {\nconst h=${names.map((n) => `iml.${n}(code, sub)`).join('??')};\nreturn h ? ' — ' + h : '';\n}\n`);
  return out;
}

/** Every function a written file calls, with its code, or the reason it has none. */
export function functionSet(calledText: string, declared: string[], errorTable: JsonObject | undefined): FunctionSet {
  const code = new Map<string, string>();
  const problems = new Map<string, string>();
  const calls = (name: string) => new RegExp(`(?<![\\w.])${name}\\(`).test(calledText);
  if (errorTable) for (const [name, js] of errorFunctions(errorTable)) code.set(name, js);
  const candidates = [...new Set([...declared, ...Object.keys(IML_FUNCTIONS)])].sort();
  for (const name of candidates) {
    if (!calls(name) || MAKE_BUILTINS.has(name)) continue;
    const entry = IML_FUNCTIONS[name];
    if (!entry) problems.set(name, 'it has no bundle (run node scripts/gen-make-functions.mjs)');
    else if ('code' in entry) code.set(name, entry.code);
    else problems.set(name, entry.problem);
  }
  // The functions those call through Make's `iml` namespace (the webhook rules as data, say).
  for (const js of code.values()) {
    for (const [, name] of js.matchAll(/\biml\.(\w+)\(/g)) {
      const entry = IML_FUNCTIONS[name];
      if (entry && 'code' in entry && !code.has(name)) code.set(name, entry.code);
    }
  }
  return { code: new Map([...code].sort(([a], [b]) => (a < b ? -1 : 1))), problems };
}
