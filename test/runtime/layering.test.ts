/**
 * functions/ holds pure functions the expressions call: they depend on nothing of src/ (the runtime
 * imports them, never the other way round), and on no package that does I/O.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root.js';

const sources = readdirSync(join(REPO_ROOT, 'functions'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => [f, readFileSync(join(REPO_ROOT, 'functions', f), 'utf8')] as const);

const importsOf = (source: string) => [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);

test('the import scan sees imports', () => {
  expect(importsOf("import { a } from '../src/x.js';\nexport { b } from './y.js';\nimport type { C } from 'z';")).toEqual(['../src/x.js', './y.js', 'z']);
});

test.each(sources)('functions/%s imports nothing from src/ and no I/O module', (_file, source) => {
  const imports = importsOf(source);
  expect(imports.filter((i) => i.includes('/src/') || i.startsWith('../src'))).toEqual([]);
  expect(imports.filter((i) => /^(node:)?(fs|fs\/promises|net|http|https|child_process|dgram|worker_threads)$/.test(i))).toEqual([]);
});
