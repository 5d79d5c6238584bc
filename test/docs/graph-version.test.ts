/**
 * The default Graph version is stated in several places a reader meets separately (the configuration
 * table, the Make set-up steps, the connection's form): each must name the version the runtime uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_API_VERSION } from '../../src/runtime/connection.js';
import { REPO_ROOT } from '../helpers/repo-root.js';

test('every default Graph version the README names is DEFAULT_API_VERSION', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const named = [...readme.matchAll(/default `?(v\d+\.\d+)`?/g)].map((m) => m[1]);
  // The configuration table and the Make connection's advanced fields.
  expect(named.length).toBeGreaterThanOrEqual(2);
  expect(named.filter((version) => version !== DEFAULT_API_VERSION)).toEqual([]);
});

test("the connection descriptor's default (the form in Make, Node-RED and n8n) is DEFAULT_API_VERSION", () => {
  const connection = JSON.parse(readFileSync(join(REPO_ROOT, 'connection/whatsapp.json'), 'utf8')) as { parameters: Array<{ name: string; default?: unknown; help?: string }> };
  const apiVersion = connection.parameters.find((p) => p.name === 'apiVersion');
  expect(apiVersion?.default).toBe(DEFAULT_API_VERSION);
  expect(apiVersion?.help).toContain(`${DEFAULT_API_VERSION} by default`);
});
