/**
 * The sandbox is a witness to the connector: it states Meta's rules itself and imports no validation
 * from the connector, so a bug in the connector's checks cannot be mirrored by the sandbox. This reads
 * every import of src/sandbox/** and src/sandbox.ts and allows only the sandbox's own files, Node's
 * modules, npm packages, the connector's logger and its package loader (neither decides anything about a request).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT as root } from '../helpers/repo-root.js';

const sandboxDir = join(root, 'src', 'sandbox');
const files = [
  join(root, 'src', 'sandbox.ts'),
  ...readdirSync(sandboxDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(sandboxDir, f)),
];
// npm packages: installed with the package, or compiled into its bundles (those are dev dependencies).
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const packages = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });

/** Shared with the connector on purpose, with the reason. */
const SHARED: Record<string, string> = {
  'src/runtime/logger.ts': 'the Logger interface and the silent logger: logging decides nothing about a request',
  'src/runtime/import-package.ts': "how a package (qrcode) is loaded at run time inside the bin's bundle: it decides nothing about a request",
};

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function verdict(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('node:')) return undefined;
  if (!specifier.startsWith('.')) {
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    return packages.includes(name) ? undefined : `${specifier} is not a package of package.json`;
  }
  const target = relative(root, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts');
  if (target.startsWith('src/sandbox/') || target === 'src/sandbox.ts') return undefined;
  return SHARED[target] ? undefined : `${target} is the connector's code`;
}

test('the sandbox reads its files', () => {
  expect(files.length).toBeGreaterThan(15);
  expect(files.flatMap(importsOf)).toContain('./meta-limits.js');
});

test.each(files.map((f) => [relative(root, f), f]))('%s imports nothing of the connector but its logger', (_name, file) => {
  const problems = importsOf(file)
    .map((s) => verdict(file, s))
    .filter(Boolean);
  expect(problems).toEqual([]);
});

test('the check itself refuses the connector validation the sandbox used to import', () => {
  const file = join(sandboxDir, 'messages.ts');
  for (const old of ['../../functions/template-variables.js', '../../functions/media-checks.js', '../../functions/media-types.js', '../runtime/fields/recipient.js']) {
    expect(verdict(file, old)).toMatch(/connector's code/);
  }
  expect(verdict(file, '../runtime/logger.js')).toBeUndefined();
  expect(verdict(file, 'libphonenumber-js/min')).toBeUndefined();
});
