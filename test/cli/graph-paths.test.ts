/**
 * The CLI builds no Graph path: a request's URL is a descriptor's (a module or an RPC), so the CLI and
 * every other door send the same request. Scans src/cli for a path assembled in code — an
 * interpolation followed by `/edge` — or a make-api-call with a URL of its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const BUILT_PATH = /\$\{[^}]+\}\/[a-z_]+|['"`]\/?[a-z_]+\/\{\{|'make-api-call'/;

test('the scan recognises a path built in code', () => {
  expect(BUILT_PATH.test('const url = `${connection.wabaId}/subscribed_apps`;')).toBe(true);
  expect(BUILT_PATH.test("connector.execute('make-api-call', { url })")).toBe(true);
  expect(BUILT_PATH.test("connector.rpcDynamic('webhook-subscriptions', {}, ctx)")).toBe(false);
});

test('no file of src/cli builds a Graph path', () => {
  const found = filesUnder(join(REPO_ROOT, 'src', 'cli')).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => [line, i] as const)
      .filter(([line]) => BUILT_PATH.test(line))
      .map(([line, i]) => `${relative(REPO_ROOT, file)}:${i + 1}: ${line.trim()}`),
  );
  expect(found).toEqual([]);
});
