/**
 * Compiles test/types/ as tsconfig.types.json says, with every `@ts-expect-error [code]` turned off, to
 * check that each refused line fails with its stated error code — not for some other reason — and that
 * nothing else fails.
 * Needs a build: the type tests read the emitted declarations, as a host does (`npm test` builds first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const EXPECT = /\/\/ @ts-expect-error \[(\d+)\]/;

function parsedConfig(): ts.ParsedCommandLine {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.types.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.types.json could not be read');
  return config;
}

/** Diagnostics of the type tests with their place (file:line); `rewrite` changes the test files' text. */
function diagnostics(rewrite: (text: string) => string): Array<{ where: string; code: number; text: string }> {
  const config = parsedConfig();
  const host = ts.createCompilerHost(config.options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) =>
    config.fileNames.includes(fileName) ? ts.createSourceFile(fileName, rewrite(readFileSync(fileName, 'utf8')), language) : original(fileName, language, ...rest);
  const program = ts.createProgram(config.fileNames, config.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return { where: `${d.file ? relative(root, d.file.fileName) : '(config)'}:${line}`, code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
  });
}

/** Where each `@ts-expect-error [code]` expects its error: the line after it. */
function expectations(): Array<{ where: string; code: number }> {
  return parsedConfig().fileNames.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const m = EXPECT.exec(line);
        return m ? [{ where: `${relative(root, file)}:${i + 2}`, code: Number(m[1]) }] : [];
      }),
  );
}

test('the build the type tests read is there (run `npm run build`; `npm test` does)', () => {
  expect(existsSync(join(root, 'dist/src/runtime/generated/modules.d.ts'))).toBe(true);
});

// One compile with the directives turned off says both that each refused line fails for its stated
// reason and that every other line compiles (which is what `tsc -p tsconfig.types.json` checks in CI).
test('each refused line fails with its stated error code, and every other line compiles (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess)', () => {
  const expected = expectations();
  expect(expected.length).toBeGreaterThanOrEqual(10);
  const found = diagnostics((text) => text.replaceAll('@ts-expect-error', 'expected error:'));
  const order = (a: { where: string }, b: { where: string }) => a.where.localeCompare(b.where);
  const unexpected = found.filter((d) => !expected.some((e) => e.where === d.where)).map((d) => `${d.where} TS${d.code} ${d.text}`);
  expect(unexpected).toEqual([]);
  expect(found.map((d) => ({ where: d.where, code: d.code })).sort(order)).toEqual(expected.sort(order));
}, 60_000);
