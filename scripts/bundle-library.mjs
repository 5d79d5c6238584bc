// Bundles the library's entry points (package.json "exports": ".", "./webhook", "./sandbox", …) into
// dist/src/lib/ as ES modules, one file per entry and chunks for the code they share, so that every
// entry sees one instance of each module (a subpath's createWebhookRouter is the root's). Node 20
// caches no compiled ES modules, and importing the package as ~360 files (ours, zod's, libphonenumber's)
// spent most of its time finding, reading and linking them. The types stay tsc's (dist/src/*.d.ts).
// Every file sits at the depth of dist/src/<dir>/, as tsc's output does, so code that finds files
// relative to its own module (the playground page, package.json) finds them the same way.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ajvRuntimePlugin, external, phoneMetadataPlugin } from './bundle-common.mjs';

const root = new URL('..', import.meta.url);
const outdir = fileURLToPath(new URL('dist/src/lib/', root));

// busboy is CommonJS that require()s node:stream, which an ES module cannot do without a require of
// its own, and a consumer's CommonJS bundle of this one has no import.meta.url to make one from.
export const libraryExternal = [...external, 'busboy'];

/** Each ES entry of package.json "exports", by name: dist/src/lib/<name>.js is built from src/<name>.ts. */
export async function libraryEntries() {
  const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));
  const entries = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'object' ? target.import?.default : undefined;
    if (file === undefined) continue;
    const name = /^\.\/dist\/src\/lib\/([\w-]+)\.js$/.exec(file)?.[1];
    if (!name) throw new Error(`exports["${subpath}"].import.default must be ./dist/src/lib/<name>.js (built from src/<name>.ts), not ${file}`);
    entries[name] = fileURLToPath(new URL(`src/${name}.ts`, root));
  }
  return entries;
}

export async function bundleLibrary() {
  await rm(outdir, { recursive: true, force: true });
  return build({
    entryPoints: await libraryEntries(),
    plugins: [ajvRuntimePlugin, phoneMetadataPlugin],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    chunkNames: 'chunk-[hash]',
    external: libraryExternal.flatMap((name) => [name, `${name}/*`]),
    // Not minified: readable for whoever steps into it, and names stay as written unless two modules
    // share one (ConnectorError types itself by its class name: test/package/library-bundle.test.ts
    // checks the error classes). keepNames would guarantee it at the price of a property write per
    // closure made, which the webhook receiver makes several of per delivery.
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleLibrary();
