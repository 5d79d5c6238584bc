/**
 * The library's entry points are bundles (scripts/bundle-library.mjs): importing one, in a process of
 * its own with a loader hook that names every file it loads, reads only files of dist/src/lib/ and of
 * the packages the bundles leave to node_modules — not the ~360 files of tsc's output, zod and
 * libphonenumber-js that an import used to find, read and link one by one. Import times are in
 * bench/cold-start.mjs; this checks what they rest on. The package as a consumer installs it is tried
 * in from-outside.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtFile } from '../helpers/build.js';
import { loadedNames, loadTraceArgs } from '../helpers/load-trace.js';
import { REPO_ROOT } from '../helpers/repo-root.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { import?: { default: string } } | string>; dependencies: Record<string, string> };
/** The ES entry points of package.json "exports", by subpath. */
const entries = Object.entries(pkg.exports).flatMap(([subpath, target]) => (typeof target === 'object' && target.import ? [[subpath, target.import.default] as const] : []));
const rootEntry = entries.find(([subpath]) => subpath === '.')![1];

/** The file: URLs an import of `file` loaded, and what the import printed. */
function loadedBy(file: string, then = ''): { files: string[]; stdout: string } {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(builtFile(file)).href)});\n${then}`;
  const run = spawnSync(process.execPath, [...loadTraceArgs(), '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  if (run.status !== 0) throw new Error(`importing ${file} failed:\n${run.stderr}`);
  return { files: loadedNames(run.stderr).filter((name) => name.startsWith('file:')), stdout: run.stdout };
}

let external: string[];
let hostExternal: string[];

beforeAll(async () => {
  ({ libraryExternal: external } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts/bundle-library.mjs')).href)) as { libraryExternal: string[] });
  ({ hostExternal } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts/bundle-common.mjs')).href)) as { hostExternal: string[] });
});

test('"dependencies" are exactly the packages the bundles leave to node_modules that the host does not provide, and node\'s types', () => {
  // Anything else is compiled into dist: listing it would only make every install larger (libphonenumber-js
  // and zod alone are over 20 MB). from-outside.test.ts runs the package installed with these and no more.
  // The published types name node's Buffer and streams; "*" takes whichever @types/node the project has.
  expect(Object.keys(pkg.dependencies).sort()).toEqual([...new Set([...external.filter((name) => !hostExternal.includes(name)), '@types/node'])].sort());
  expect(pkg.dependencies['@types/node']).toBe('*');
});

test('every ES entry of package.json "exports" is a bundle in dist/src/lib/', () => {
  expect(entries.map(([subpath]) => subpath)).toEqual(expect.arrayContaining(['.', './webhook', './sandbox', './descriptors', './redis']));
  for (const [, file] of entries) expect(file).toMatch(/^\.\/dist\/src\/lib\/[\w-]+\.js$/);
});

test.each(entries)('importing %s reads only the bundle and the packages it leaves to node_modules', (_subpath, file) => {
  const { files } = loadedBy(file);
  const ours = files.filter((url) => !url.includes('/node_modules/'));
  expect(ours.length).toBeGreaterThan(0);
  expect(ours.filter((url) => !url.includes('/dist/src/lib/'))).toEqual([]);
  const packages = new Set(files.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
  expect([...packages].filter((name) => !external.includes(name))).toEqual([]);
});

test('the root entry loads a connector that knows every module, in a few dozen files rather than hundreds', () => {
  const { files, stdout } = loadedBy(rootEntry, 'console.log(Object.keys(m.loadConnector().modules).length);');
  expect(Number(stdout.trim())).toBeGreaterThanOrEqual(16);
  // tsc's output of the same entry is about 360 files; the bundle is its entry and the chunks it shares.
  expect(files.length).toBeLessThan(60);
});

test('the error classes keep their names in the bundle (an error types itself by its class name)', () => {
  const { stdout } = loadedBy(
    rootEntry,
    [
      'const make = (C) => (C === m.ValidationError ? new C([]) : new C("x"));',
      'console.log(JSON.stringify([m.ConnectorError, m.ValidationError, ...Object.values(m.ERROR_CLASSES)].map((C) => [C.name, make(C).name, make(C).toJSON().type])));',
    ].join('\n'),
  );
  const names = JSON.parse(stdout) as string[][];
  expect(names.map(([declared]) => declared)).toEqual([
    'ConnectorError',
    'ValidationError',
    'InvalidAccessTokenError',
    'RateLimitError',
    'DataError',
    'ConnectionError',
    'RuntimeError',
    'InvalidConfigurationError',
    'IncompleteDataError',
    'DuplicateDataError',
  ]);
  for (const [declared, name, type] of names) expect([name, type]).toEqual([declared, declared]);
});

test('each entry exports what the README and docs/sandbox.md say it does', () => {
  const exportsOf = (subpath: string): string[] => {
    const file = entries.find(([name]) => name === subpath)![1];
    return JSON.parse(loadedBy(file, 'console.log(JSON.stringify(Object.keys(m)));').stdout) as string[];
  };
  const root = exportsOf('.');
  const [webhook, sandbox, descriptors] = ['./webhook', './sandbox', './descriptors'].map(exportsOf);
  // README: the root is "everything below but the `descriptors` constant" (which loads the whole set on import).
  expect([...webhook, ...sandbox, ...descriptors.filter((name) => name !== 'descriptors')].filter((name) => !root.includes(name))).toEqual([]);
  expect(root).not.toContain('descriptors');
  expect(descriptors).toEqual(expect.arrayContaining(['descriptors', 'loadDescriptorSet']));
  const sandboxDoc = readFileSync(join(REPO_ROOT, 'docs/sandbox.md'), 'utf8');
  const seedNames = [...new Set([...sandboxDoc.matchAll(/`(SEED_[A-Z_]+)`/g)].map((m) => m[1]))];
  expect(seedNames).toEqual(expect.arrayContaining(['SEED_IDS', 'SEED_CATALOG_ID', 'SEED_GROUP_ID']));
  expect(sandbox).toEqual(expect.arrayContaining(seedNames));
  // README, "Running at scale": import { … } from 'whatsapp-business-cloud-connector/redis'.
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const redisNames = [...readme.matchAll(/import \{([^}]*)\}\s*from 'whatsapp-business-cloud-connector\/redis'/g)].flatMap((m) => m[1].split(',').map((name) => name.trim()));
  expect(redisNames).toEqual(expect.arrayContaining(['RedisDedupeStore', 'startBatchWorker']));
  expect(exportsOf('./redis')).toEqual(expect.arrayContaining(redisNames));
});
