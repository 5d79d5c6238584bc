/**
 * Compiles test/types/cases as tsconfig.types.json says (strict, exactOptionalPropertyTypes,
 * noUncheckedIndexedAccess), with every `@ts-expect-error [code]` turned off: each refused line must fail
 * with its stated error code — not for some other reason — and every other line must compile.
 * Needs a build: the cases read the emitted declarations, as a host does (`npm test` builds first).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compare, compileTypeTests, repoRoot, typesConfig } from './expected-errors.js';

test('the build the type tests read is there (run `npm run build`; `npm test` does)', () => {
  expect(existsSync(join(repoRoot, 'dist/src/runtime/generated/modules.d.ts'))).toBe(true);
});

test('each refused line fails with its stated error code, and every other line compiles', () => {
  const config = typesConfig();
  const result = compare(compileTypeTests(config.fileNames, config.options));
  expect(result.expected.length).toBeGreaterThanOrEqual(10);
  expect(result.unexpected).toEqual([]);
  expect(result.found).toEqual(result.expected);
}, 60_000);
