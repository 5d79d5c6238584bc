/**
 * The descriptors' expressions are IML that Make runs: each function they call is in Make's IML, or is
 * written by the Make export as a custom IML function, as the table in docs/expressions.md says; every
 * built-in of the runtime has a row there; no descriptor uses the `not` keyword.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_FUNCTION_NAMES, compileExpressionString, hasExpression } from '../../../src/runtime/expressions/expressions.js';
import { loadDescriptors } from '../../../src/runtime/load/load-descriptors.js';
import { buildProject } from '../../../src/export/make/project.js';
import { MAKE_BUILTINS } from '../../../src/export/make/functions.js';
import { EXTENSION_FATES } from '../../../src/export/make/extensions.js';
import { REPO_ROOT } from '../../helpers/repo-root.js';

interface Row {
  inMake: boolean;
  here: boolean;
}

/** The table's rows by function name (a row may name several). */
function table(): Map<string, Row> {
  const doc = readFileSync(join(REPO_ROOT, 'docs/expressions.md'), 'utf8');
  const section = doc.split('## The IML subset, function by function')[1].split('\n## ')[0];
  const rows = new Map<string, Row>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !cells[1].startsWith('`')) continue;
    for (const name of cells[1].matchAll(/`([A-Za-z]+)`/g)) rows.set(name[1], { inMake: cells[2] === 'yes', here: cells[3].startsWith('yes') });
  }
  return rows;
}

/** Every expression string of the loaded descriptors Make runs (not those of extensions it leaves out). */
function expressions(): string[] {
  const d = loadDescriptors();
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (key === 'x-errors' || EXTENSION_FATES[key]?.fate === 'left out') return; // x-errors: hints are prose
    if (typeof v === 'string') {
      if (hasExpression(v)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk([d.manifest.base, d.connection, [...d.modules.values()], [...d.rpcs.values()], [...d.webhooks.values()]]);
  return out;
}

test('every built-in of the runtime has a row', () => {
  const rows = table();
  for (const name of BUILTIN_FUNCTION_NAMES) expect([name, rows.get(name)?.here]).toEqual([name, true]);
});

test("every function the descriptors call is in Make's IML, or written by the export as a custom function", () => {
  const rows = table();
  const project = buildProject(loadDescriptors());
  const written = new Set([...project.files.keys()].filter((p) => p.endsWith('.code.js')).map((p) => p.split('/')[1]));
  const customId = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const problems: string[] = [];
  const connectorFunctions = loadDescriptors().manifest.functions;
  let calls = 0;
  for (const source of expressions()) {
    for (const call of compileExpressionString(source).calls) {
      calls++;
      const row = rows.get(call.name);
      if (row?.inMake || MAKE_BUILTINS.has(call.name)) continue;
      if (written.has(customId(call.name)) || project.unavailableFunctions.has(call.name)) continue;
      problems.push(`${call.name} in ${source.slice(0, 80)}: ${connectorFunctions.includes(call.name) ? 'a connector function the export does not write' : "not in Make's IML"}`);
    }
  }
  expect(problems).toEqual([]);
  expect(calls).toBeGreaterThan(50);
});

test('no descriptor uses the not keyword', () => {
  const withoutStrings = (s: string) => s.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  const found = expressions().filter((e) => [...e.matchAll(/\{\{([\s\S]*?)\}\}/g)].some((m) => /\bnot\b/.test(withoutStrings(m[1]))));
  expect(found).toEqual([]);
});
