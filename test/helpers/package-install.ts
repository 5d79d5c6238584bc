/**
 * Installs the packed tarball into a folder outside the repository the way a consumer's `npm ci` would,
 * with no network: the consumer's package-lock.json is written from this repository's own lock (the
 * runtime dependencies of the package, plus the tools the consumer tests use), so npm takes every
 * tarball from its cache by integrity — the same versions a registry install would resolve today.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Packs the repository (already built) and returns the tarball's path. */
export function packTarball(into: string): string {
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', into], { cwd: REPO_ROOT, encoding: 'utf8' });
  const [info] = JSON.parse(out) as Array<{ filename: string }>;
  return join(into, info.filename);
}

/** Lock entries reachable from `names`, resolved as node does (nearest node_modules first). */
function closure(packages: Record<string, LockEntry>, names: string[]): Set<string> {
  const seen = new Set<string>();
  const resolve = (from: string, name: string): string | undefined => {
    let dir = from;
    for (;;) {
      const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!dir) return undefined;
      const cut = dir.lastIndexOf('/node_modules/');
      dir = cut < 0 ? '' : dir.slice(0, cut);
    }
  };
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const entry = packages[path];
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
      const found = resolve(path, dep);
      if (found) visit(found);
    }
  };
  for (const name of names) {
    const found = resolve('', name);
    if (!found) throw new Error(`${name} is not in package-lock.json`);
    visit(found);
  }
  return seen;
}

export interface Consumer {
  dir: string;
  run(file: string, args?: string[]): string;
}

/** A fresh folder outside the repository with the tarball (and `tools`) installed by `npm ci --offline`. */
export function installConsumer(tarball: string, tools: string[]): Consumer {
  const dir = mkdtempSync(join(tmpdir(), 'wabc-consumer-'));
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
    engines: Record<string, string>;
    license: string;
  };
  const keep = closure(lock.packages, [...Object.keys(pkg.dependencies), ...tools]);
  const spec = `file:${relative(dir, tarball)}`;
  const toolVersions = Object.fromEntries(tools.map((t) => [t, lock.packages[`node_modules/${t}`].version!]));
  const packages: Record<string, LockEntry> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { [pkg.name]: spec, ...toolVersions } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const path of [...keep].sort()) {
    const { dev: _dev, devOptional: _devOptional, ...entry } = lock.packages[path];
    // This repository's lock records no download addresses; with the registry's address written in,
    // npm takes the tarball from its cache by integrity instead of asking the registry for metadata.
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    entry.resolved ??= `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    packages[path] = entry;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: packages[''].dependencies }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  execFileSync(npm, ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8' });
  return {
    dir,
    run: (file, args = []) => execFileSync(process.execPath, [file, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 }),
  };
}
