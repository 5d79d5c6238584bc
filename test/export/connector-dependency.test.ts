/**
 * How an exported package depends on this one once it is installed: the tarball or folder the installing
 * project named, made absolute; else (a registry install) the version range. (The real install is tried
 * in test/package/from-outside.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedFromFile } from '../../src/export/connector-dependency.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wabc-dependency-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A project that installed `name` by `spec`; returns where the package sits in its node_modules. */
function project(name: string, spec: string | undefined, field = 'dependencies'): string {
  const root = join(dir, 'app', 'node_modules', name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(dir, 'app', 'package.json'), JSON.stringify(spec === undefined ? {} : { [field]: { [name]: spec } }));
  return root;
}

test('from a tarball or folder: file: with the absolute path', () => {
  expect(installedFromFile(project('whatsapp-business-cloud-connector', 'file:../whatsapp-business-cloud-connector-0.1.0.tgz'), 'whatsapp-business-cloud-connector')).toBe(
    `file:${join(dir, 'whatsapp-business-cloud-connector-0.1.0.tgz')}`,
  );
  expect(installedFromFile(project('whatsapp-business-cloud-connector', 'file:vendor/connector', 'devDependencies'), 'whatsapp-business-cloud-connector')).toBe(
    `file:${join(dir, 'app', 'vendor', 'connector')}`,
  );
  expect(installedFromFile(project('@acme/connector', 'file:/opt/connector.tgz'), '@acme/connector')).toBe('file:/opt/connector.tgz');
});

test('from the registry, or by a project that does not name it: no file spec (the version range is used)', () => {
  expect(installedFromFile(project('whatsapp-business-cloud-connector', '^0.1.0'), 'whatsapp-business-cloud-connector')).toBeUndefined();
  expect(installedFromFile(project('whatsapp-business-cloud-connector', undefined), 'whatsapp-business-cloud-connector')).toBeUndefined();
  expect(installedFromFile(join(dir, 'not-installed'), 'whatsapp-business-cloud-connector')).toBeUndefined();
});
