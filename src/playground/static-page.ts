/**
 * The page, built with the package (scripts/build-playground.mjs) into dist/playground/: found beside
 * the built server (dist/src/playground → dist/playground) or, when the sources run directly (tests),
 * in the repository's dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type http from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export function pageDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, '../../playground'), join(here, '../../dist/playground')];
  const found = candidates.find((dir) => existsSync(join(dir, 'app.js')));
  if (!found) throw new Error(`the playground page is not built (looked in ${candidates.join(', ')}): run npm run build`);
  return found;
}

/** Answers GET / and the page's files; false when the path is not one of them. */
export function servePage(dir: string, pathname: string, res: http.ServerResponse): boolean {
  const name = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^[/\\]+/, '');
  if (name.startsWith('..') || name.includes('\0') || !TYPES[extname(name)]) return false;
  const file = join(dir, name);
  if (!existsSync(file)) return false;
  res.writeHead(200, {
    'content-type': TYPES[extname(name)],
    'cache-control': 'no-store',
    // Everything comes from this server: no script, style or image from anywhere else.
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'",
    'x-content-type-options': 'nosniff',
  });
  res.end(readFileSync(file));
  return true;
}
