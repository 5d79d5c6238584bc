// Writes a CommonJS door beside each ES entry that package.json exports under "require": a one-line
// .cjs that require()s the ES module (Node ≥ 20.19 loads ES modules through require, so CommonJS and
// ESM callers share one instance — no dual-package copy), and a .d.cts that re-exports its types.
import { readFile, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));

for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target !== 'object' || !target.require) continue;
  if (!target.require.default.endsWith('.cjs') || !target.require.types.endsWith('.d.cts')) throw new Error(`exports["${subpath}"].require must point at .cjs / .d.cts files`);
  const from = (file) => `./${posix.relative(posix.dirname(target.require.default), file)}`;
  await writeFile(new URL(target.require.default, root), `'use strict';\nmodule.exports = require('${from(target.import.default)}');\n`);
  // The ES entry's types are tsc's, named by the .js they describe.
  await writeFile(new URL(target.require.types, root), `export * from '${from(target.import.types.replace(/\.d\.ts$/, '.js'))}';\n`);
}
