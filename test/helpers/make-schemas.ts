/**
 * Make's own JSON Schemas (test/fixtures/make-app-schemas/), applied to a project's files exactly as the
 * Make Apps Editor applies them: by the file-name patterns of the extension's jsonValidation list.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import picomatch from 'picomatch';
import { REPO_ROOT } from './repo-root.js';

const DIR = join(REPO_ROOT, 'test/fixtures/make-app-schemas');

interface Association {
  fileMatch: string[];
  schema: string;
}

const associations = (JSON.parse(readFileSync(join(DIR, 'associations.json'), 'utf8')) as { associations: Association[] }).associations;

/** One Ajv holding every schema under its file name, so that `sources.json#/…` references resolve. */
function compiler(): Ajv {
  // Draft-07 as written by Make: unknown keywords (markdownDescription, defaultSnippets) are editor hints,
  // and patterns are JavaScript (non-unicode) regular expressions, as in the editor (`\\-` is legal there).
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'associations.json')) {
    const schema = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    ajv.addSchema(schema, file);
  }
  return ajv;
}

const ajv = compiler();
const compiled = new Map<string, ValidateFunction>();
const validatorFor = (schema: string): ValidateFunction => {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.getSchema(schema)!;
    compiled.set(schema, v);
  }
  return v;
};

/** The schemas the editor applies to a file (a pattern without '/' matches the file name). */
export function schemasFor(path: string): string[] {
  const name = path.split('/').pop()!;
  return associations.filter((a) => a.fileMatch.some((p) => (p.includes('/') ? picomatch(p, { dot: true })(path) : picomatch(p, { dot: true })(name)))).map((a) => a.schema);
}

export function validate(schema: string, data: unknown): string[] {
  const v = validatorFor(schema);
  if (v(data)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Every file of a folder, relative paths, sorted. */
export function filesOf(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesOf(root, join(dir, e.name)) : [relative(root, join(dir, e.name))]))
    .sort();
}
