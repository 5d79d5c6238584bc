/**
 * The receiver sits on top: src/runtime (and what it imports) never reaches src/webhook, so the
 * runtime loads without the receiver and the receiver can change without touching it. Walks the
 * relative imports from every file of src/runtime, transitively.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root.js';

const importsOf = (source: string) => [...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** A relative import as the TypeScript file it names (`./x.js` → `./x.ts`); undefined for packages and JSON. */
function fileOf(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const path = resolve(dirname(from), spec).replace(/\.js$/, '.ts');
  return existsSync(path) && path.endsWith('.ts') ? path : undefined;
}

/** Every file reachable from `roots` by relative imports, with the chain that reached it. */
function reach(roots: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>(roots.map((r) => [r, [r]]));
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = fileOf(file, spec);
      if (!target || seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      queue.push(target);
    }
  }
  return seen;
}

test('the import scan sees static and dynamic imports', () => {
  expect(importsOf("import { a } from '../webhook/x.js';\nexport { b } from './y.js';\nconst m = await import('../webhook/z.js');")).toEqual(['../webhook/x.js', './y.js', '../webhook/z.js']);
});

test('nothing src/runtime imports, directly or through other files, is in src/webhook', () => {
  const webhook = join(REPO_ROOT, 'src', 'webhook');
  const reached = reach(filesUnder(join(REPO_ROOT, 'src', 'runtime')));
  expect(reached.size).toBeGreaterThan(20);
  const into = [...reached].filter(([file]) => file.startsWith(webhook + '/') || file === `${webhook}.ts`).map(([, chain]) => chain.map((f) => relative(REPO_ROOT, f)).join(' → '));
  expect(into).toEqual([]);
});

test('nothing functions/ imports reaches src/', () => {
  const src = join(REPO_ROOT, 'src') + '/';
  const reached = reach(filesUnder(join(REPO_ROOT, 'functions')));
  const into = [...reached].filter(([file]) => file.startsWith(src)).map(([, chain]) => chain.map((f) => relative(REPO_ROOT, f)).join(' → '));
  expect(into).toEqual([]);
});
