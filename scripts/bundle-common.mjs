// What the two bundles of the package share (bundle-cli.mjs: the `wabc` executable; bundle-library.mjs:
// the entry points of package.json "exports"): which packages stay in node_modules, and how two of the
// bundled ones are brought in.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

// Left to node_modules and installed with the package: packages that read files beside their own code
// (bullmq's Lua scripts, open's xdg-open), that start worker threads (pino's transports), or that only a
// command off the hot path loads through require() (ajv, cli-progress). Everything else is bundled, so
// package.json "dependencies" are these and the library's own (test/package/dependencies.test.ts).
export const installedExternal = ['ajv', 'bullmq', 'cli-progress', 'ioredis', 'open', 'pino', 'pino-pretty', 'qrcode'];
// Left to node_modules and provided by the host: n8n-workflow by n8n, and the package itself, which
// generated code names.
export const hostExternal = ['n8n-workflow', 'whatsapp-business-cloud-connector'];
export const external = [...installedExternal, ...hostExternal];

// ajv stays out of the bundle, but not its runtime helpers: the validators built into the bundle
// (json-validators.ts) call them on every run, and a small function inlined costs nothing where a
// require() from node_modules costs resolving and compiling a file (about 1 ms of a one-message run).
export const ajvRuntimePlugin = {
  name: 'ajv-runtime',
  setup(b) {
    b.onResolve({ filter: /^ajv\/dist\/runtime\// }, (args) => ({ path: createRequire(args.importer).resolve(args.path) }));
  },
};

// libphonenumber-js's ES build holds its metadata (83 KB) as an object literal: V8 compiles that into
// bytecode that rebuilds it property by property (and the CLI's code cache carries that bytecode). The
// same data as a JSON.parse of one string is a single constant and parses faster than the literal runs.
export const phoneMetadataPlugin = {
  name: 'phone-metadata-as-json',
  setup(b) {
    b.onLoad({ filter: /[\\/]libphonenumber-js[\\/]metadata\.min\.json\.js$/ }, async ({ path }) => {
      const json = await readFile(path.replace(/\.js$/, ''), 'utf8');
      return { loader: 'js', contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(json)))});` };
    });
  },
};
