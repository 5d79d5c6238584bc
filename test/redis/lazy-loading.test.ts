/**
 * Redis stays out of the way of those who do not use it: ioredis and BullMQ are imported only under
 * src/redis (the ./redis entry), and the rest of the code reaches src/redis only through a dynamic
 * import() when a Redis option is given — so the CLI and the main entry start without loading them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('only src/redis imports ioredis or bullmq, and nothing imports src/redis statically', () => {
  const src = join(REPO_ROOT, 'src');
  const offending: string[] = [];
  for (const file of sources(src)) {
    const name = relative(src, file);
    if (name.startsWith('redis/') || name === 'redis.ts') continue;
    const text = readFileSync(file, 'utf8');
    const staticImports = [...text.matchAll(/^\s*(?:import|export)\s(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const spec of staticImports) if (spec === 'ioredis' || spec === 'bullmq' || /(^|\/)redis(\/|\.js$)/.test(spec)) offending.push(`${name}: ${spec}`);
  }
  expect(offending).toEqual([]);
});
