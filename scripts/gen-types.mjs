// Generates src/runtime/generated/descriptor.ts from schemas/descriptor.schema.json, and
// src/runtime/generated/modules.ts from the loaded descriptors (scripts/gen-module-types.mjs; needs a build).
// `--check` exits non-zero when a checked-in file differs from a fresh generation.
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const root = new URL('..', import.meta.url);
const schemaPath = new URL('schemas/descriptor.schema.json', root);

const REF = '#/definitions/Ref';

/**
 * The schema of resolved descriptors: the loader replaces every `$ref` to a shared definition before
 * anything else sees a descriptor, so the types leave the `Ref` branches out.
 */
export function withoutRefs(value) {
  if (Array.isArray(value)) return value.map(withoutRefs);
  if (!value || typeof value !== 'object') return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(v)) {
      const kept = v.filter((branch) => branch?.$ref !== REF).map(withoutRefs);
      if (kept.length === 1) Object.assign(out, kept[0]);
      else out[key] = kept;
    } else if (key === 'definitions') {
      const { Ref: _ref, ...rest } = v;
      out[key] = withoutRefs(rest);
    } else out[key] = withoutRefs(v);
  }
  return out;
}

export async function generate() {
  const schema = withoutRefs(JSON.parse(await readFile(schemaPath, 'utf8')));
  // Export every definition, not only the (empty) root.
  const wrapper = { ...schema, type: 'object', additionalProperties: false, properties: {} };
  for (const name of Object.keys(schema.definitions)) wrapper.properties[name] = { $ref: `#/definitions/${name}` };
  return compile(wrapper, 'ConnectorDescriptors', {
    bannerComment: '/* Generated from schemas/descriptor.schema.json by `npm run gen`. Do not edit by hand. */',
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { singleQuote: true },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Module types come from the loaded descriptors through the built loader: `npm run gen` builds first.
  const { generateModuleTypes, modulesOutPath } = await import('./gen-module-types.mjs');
  const outputs = [
    ['src/runtime/generated/descriptor.ts', generate],
    [modulesOutPath, generateModuleTypes],
  ];
  let stale = false;
  for (const [path, make] of outputs) {
    const fresh = await make();
    const target = new URL(path, root);
    if (process.argv.includes('--check')) {
      const current = await readFile(target, 'utf8').catch(() => '');
      if (current !== fresh) {
        console.error(`${path} is out of date: run \`npm run gen\`.`);
        stale = true;
      }
    } else {
      await writeFile(target, fresh);
      console.error(`wrote ${path}`);
    }
  }
  if (stale) process.exit(1);
}
