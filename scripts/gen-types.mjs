// Generates src/runtime/generated/descriptor.ts from schemas/descriptor.schema.json.
// `--check` exits non-zero when the checked-in file differs from a fresh generation.
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const root = new URL('..', import.meta.url);
const schemaPath = new URL('schemas/descriptor.schema.json', root);
const outPath = new URL('src/runtime/generated/descriptor.ts', root);

export async function generate() {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
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
  const fresh = await generate();
  if (process.argv.includes('--check')) {
    const current = await readFile(outPath, 'utf8').catch(() => '');
    if (current !== fresh) {
      console.error('src/runtime/generated/descriptor.ts is out of date: run `npm run gen`.');
      process.exit(1);
    }
  } else {
    await writeFile(outPath, fresh);
    console.error('wrote src/runtime/generated/descriptor.ts');
  }
}
