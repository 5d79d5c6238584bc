// Bundles the `wabc` executable (package.json "bin") into dist/src/bin/: wabc.js and the chunks each
// command loads when it runs (esbuild splitting: a dynamic import() in the sources becomes a chunk, so
// --version, --help and modules still load only what they use). Node's ES module loader pays for every
// file it reads, resolves and links, and a one-message `wabc run` otherwise reads some 300 of them.
// The library entry points (package.json "exports") are tsc's output, untouched by this.
// The chunks sit next to each other at the depth of dist/src/<dir>/, so code that finds files relative
// to its own module (the playground page, package.json) finds them as it does from tsc's output.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const outdir = fileURLToPath(new URL('dist/src/bin/', root));

// Left to node_modules: packages that read files beside their own code (bullmq's Lua scripts, open's
// xdg-open), that start worker threads (pino's transports), or that only a command off the hot path
// loads through require() (ajv, cli-progress) — and the package itself, which generated code names.
const external = ['ajv', 'bullmq', 'cli-progress', 'ioredis', 'n8n-workflow', 'open', 'pino', 'pino-pretty', 'qrcode', 'whatsapp-business-cloud-connector'];

export async function bundleCli() {
  await rm(outdir, { recursive: true, force: true });
  return build({
    entryPoints: { wabc: fileURLToPath(new URL('src/cli/main.ts', root)) },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: external.flatMap((name) => [name, `${name}/*`]),
    logLevel: 'warning',
    // CommonJS packages in the bundle (commander) require() Node's built-ins: give every file a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    // Less text for V8 to scan at every start; names are kept (error classes, stack traces).
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleCli();
