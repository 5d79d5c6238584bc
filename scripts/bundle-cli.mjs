// Bundles the `wabc` executable (package.json "bin") into dist/src/bin/: wabc-main.cjs, the whole CLI in
// one CommonJS file, and wabc.cjs, the bin, which answers --version itself and runs the rest from
// wabc-main.cjs with V8's code cache (src/cli/code-cache.ts). Node 20 caches no compiled ES modules, and
// reading, linking and compiling the ~300 modules of a one-message `wabc run` was most of its start.
// The library entry points (package.json "exports") are bundled apart, as ES modules (bundle-library.mjs).
// Both files sit at the depth of dist/src/<dir>/, so code that finds files relative to its own module
// (the playground page, package.json) finds them as it does from tsc's output.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ajvRuntimePlugin, external, phoneMetadataPlugin } from './bundle-common.mjs';

const root = new URL('..', import.meta.url);
const outdir = fileURLToPath(new URL('dist/src/bin/', root));
const source = (path) => fileURLToPath(new URL(path, root));

// Modules on every command's path that only some commands call, loaded when first used rather than at
// start (each costs a start 1–5 ms): built-ins (commander's child_process for external subcommands,
// crypto for digests and signatures), as a module of their plain functions (an import of anything
// else, a class or a constant, fails the build rather than misbehaving); and mime, whose table is built
// when it loads, as a default export that loads it on its first property read. In CommonJS output an
// ES module in the bundle is initialised when it is first required, so the real one waits until then.
const lazyBuiltins = ['child_process', 'crypto'];
const lazyDefaults = ['mime'];
const lazyModulesPlugin = {
  name: 'lazy-modules',
  setup(b) {
    const builtin = new RegExp(`^(node:)?(${lazyBuiltins.join('|')})$`);
    const byDefault = new RegExp(`^(${lazyDefaults.join('|')})$`);
    b.onResolve({ filter: builtin }, (args) =>
      args.namespace === 'lazy' ? { path: `node:${args.path}`, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy', pluginData: 'builtin' },
    );
    b.onResolve({ filter: byDefault }, (args) => (args.namespace === 'lazy' ? undefined : { path: args.path, namespace: 'lazy', pluginData: 'default' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, ({ path, pluginData }) => {
      if (pluginData === 'default') {
        return {
          loader: 'js',
          resolveDir: fileURLToPath(root),
          contents: [
            `let real;`,
            `const load = () => (real ??= require('${path}').default);`,
            `export default new Proxy({}, { get: (_, key) => { const value = load()[key]; return typeof value === 'function' ? value.bind(real) : value; } });`,
          ].join('\n'),
        };
      }
      const real = process.getBuiltinModule(`node:${path}`);
      const functions = Object.keys(real).filter((k) => /^[a-z]\w*$/.test(k) && typeof real[k] === 'function');
      return {
        loader: 'js',
        contents: [`let real;`, `const load = () => (real ??= require('${path}'));`, ...functions.map((k) => `export function ${k}(...args) { return load().${k}(...args); }`)].join('\n'),
      };
    });
  },
};

const common = {
  plugins: [lazyModulesPlugin, ajvRuntimePlugin, phoneMetadataPlugin],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir,
  outExtension: { '.js': '.cjs' },
  external: external.flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
  // The sources are ES modules: strict mode (esbuild's own "use strict" would come after the banner, where
  // it is no directive), and import.meta.url is the bundle's own URL.
  define: { 'import.meta.url': '__wabcModuleUrl' },
  banner: { js: "'use strict'; var __wabcModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Less text to read and scan at every start; names are kept (error classes, stack traces).
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  // The bin reads the bundle as Latin-1, which for ASCII is a copy rather than UTF-8 decoding (a few ms
  // for 1.4 MB), so the bundle must be ASCII: esbuild escapes what it can, the licence comments go to a
  // file of their own, and bundleCli() fails on anything left.
  charset: 'ascii',
  legalComments: 'external',
};

export async function bundleCli() {
  await rm(outdir, { recursive: true, force: true });
  const main = await build({ ...common, entryPoints: { 'wabc-main': source('src/cli/start.ts') } });
  const bundle = await readFile(new URL('wabc-main.cjs', `file://${outdir}`));
  // A script compiled from cached data cannot run an import() of its own (src/runtime/import-package.ts).
  const imports = Object.values(main.metafile.outputs).flatMap((o) => o.imports);
  const dynamic = imports.filter((i) => i.kind === 'dynamic-import' && i.external).map((i) => i.path);
  if (dynamic.length > 0)
    throw new Error(`dist/src/bin/wabc-main.cjs has import() of ${dynamic.join(', ')}, which fails once the bin's code cache is used: load it with importPackage() (src/runtime/import-package.ts)`);
  const nonAscii = bundle.findIndex((byte) => byte > 0x7f);
  if (nonAscii >= 0) {
    const line = bundle.subarray(0, nonAscii).toString('latin1').split('\n');
    throw new Error(
      `dist/src/bin/wabc-main.cjs must be ASCII (the bin reads it as Latin-1), but line ${line.length} has ${JSON.stringify(bundle.subarray(Math.max(0, nonAscii - 40), nonAscii + 20).toString())}: escape it in the source`,
    );
  }
  const buildId = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  const bin = await build({
    ...common,
    entryPoints: { wabc: source('src/cli/bin.ts') },
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
    define: { ...common.define, WABC_BUILD_ID: JSON.stringify(buildId) },
  });
  return { main, bin, buildId };
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleCli();
