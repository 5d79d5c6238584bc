// Builds the playground page (playground/) into dist/playground/ with esbuild: one script, one
// stylesheet and the HTML, nothing loaded from elsewhere at run time. Types are checked first.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/playground');
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'playground/tsconfig.json')], { stdio: 'inherit' });
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(root, 'playground/src/main.ts') },
  outdir: out,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await build({ entryPoints: { app: join(root, 'playground/src/app.css') }, outdir: out, bundle: true, minify: true, logLevel: 'warning' });
copyFileSync(join(root, 'playground/index.html'), join(out, 'index.html'));
