/**
 * How a generated package depends on this one. Run from a clone, it is the clone's folder (`file:`). Installed
 * (inside node_modules), it is what the installing project's package.json named: the same tarball or folder
 * (`file:`, made absolute) when it was installed from one — the package is not on the npm registry yet, and
 * a registry range would not install, or would install somebody else's package of that name — else the
 * version range.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConnectorPackage {
  name: string;
  version: string;
  /** The folder holding this package's package.json. */
  root: string;
  /** The dependency spec a generated package.json should use. */
  spec: string;
  /** This package's own dev dependencies (what a generated package compiles against is pinned to them). */
  devDependencies: Record<string, string>;
}

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const readPackage = (dir: string): PackageJson => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/**
 * The spec the project whose node_modules holds `root` installed it by, when that was a file or folder:
 * `file:` with an absolute path, so that it installs from anywhere. Undefined otherwise.
 */
export function installedFromFile(root: string, name: string): string | undefined {
  let modules = dirname(root);
  if (name.startsWith('@')) modules = dirname(modules);
  if (basename(modules) !== 'node_modules') return undefined;
  const project = dirname(modules);
  let pkg: PackageJson;
  try {
    pkg = readPackage(project);
  } catch {
    return undefined;
  }
  const spec = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? pkg.optionalDependencies?.[name];
  return spec?.startsWith('file:') ? `file:${resolve(project, spec.slice('file:'.length))}` : undefined;
}

export function connectorPackage(): ConnectorPackage {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    let pkg: PackageJson | undefined;
    try {
      pkg = readPackage(dir);
    } catch {
      // no package.json here: look further up
    }
    if (pkg?.name === 'whatsapp-business-cloud-connector' && pkg.version) {
      const installed = dir.split(sep).includes('node_modules');
      const spec = installed ? (installedFromFile(dir, pkg.name) ?? `^${pkg.version}`) : `file:${dir}`;
      return { name: pkg.name, version: pkg.version, root: dir, spec, devDependencies: pkg.devDependencies ?? {} };
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('whatsapp-business-cloud-connector: package.json not found above the exporter');
    dir = up;
  }
}

/** What an export says about its dependency on this package when that is a file or folder. */
export function dependencyNote(spec: string): string[] {
  return spec.startsWith('file:') ? [`depends on whatsapp-business-cloud-connector at ${spec.slice('file:'.length)}: it is not on the npm registry yet, so keep that there`] : [];
}
