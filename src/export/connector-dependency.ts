/**
 * How a generated package depends on this one. Installed from the registry (inside node_modules), it is
 * the version range; run from a clone, it is the clone's folder (`file:`), since the package is not on
 * the npm registry yet and a registry range would not install.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConnectorPackage {
  name: string;
  version: string;
  /** The folder holding this package's package.json. */
  root: string;
  /** The dependency spec a generated package.json should use. */
  spec: string;
}

export function connectorPackage(): ConnectorPackage {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'whatsapp-business-cloud-connector' && pkg.version) {
        const installed = dir.split(sep).includes('node_modules');
        return { name: pkg.name, version: pkg.version, root: dir, spec: installed ? `^${pkg.version}` : `file:${dir}` };
      }
    } catch {
      // no package.json here: look further up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('whatsapp-business-cloud-connector: package.json not found above the exporter');
    dir = up;
  }
}
