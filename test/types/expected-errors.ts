/**
 * Compiles type tests with every `// @ts-expect-error [code]` turned off and reports what was expected
 * (the line after each directive, with its code) next to what the compiler found, so a test can check
 * that each refused line fails for its stated reason and that nothing else fails.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const DIRECTIVE = /\/\/ @ts-expect-error \[(\d+)\]/;

export interface Located {
  where: string; // file:line, relative to the repository
  code: number;
}

export interface CompileReport {
  expected: Located[];
  found: Array<Located & { text: string }>;
}

/** The options and files of tsconfig.types.json. */
export function typesConfig(): ts.ParsedCommandLine {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, 'tsconfig.types.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.types.json could not be read');
  return config;
}

/**
 * Compiles `files` (absolute paths; `virtual` may give the text of files that are not on disk). With
 * `ownErrorsOnly`, errors in what they import are left out (sources checked by their own build).
 */
export function compileTypeTests(files: string[], options: ts.CompilerOptions, { virtual = new Map<string, string>(), ownErrorsOnly = false } = {}): CompileReport {
  const text = (file: string) => virtual.get(file) ?? readFileSync(file, 'utf8');
  const host = ts.createCompilerHost(options);
  const original = { getSourceFile: host.getSourceFile.bind(host), fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host) };
  const own = new Set(files.map((f) => resolve(f)));
  host.fileExists = (f) => virtual.has(resolve(f)) || original.fileExists(f);
  host.readFile = (f) => virtual.get(resolve(f)) ?? original.readFile(f);
  host.getSourceFile = (f, language, ...rest) =>
    own.has(resolve(f)) ? ts.createSourceFile(f, text(resolve(f)).replaceAll('@ts-expect-error', 'expected error:'), language) : original.getSourceFile(f, language, ...rest);
  const program = ts.createProgram(files, options, host);
  const found = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !ownErrorsOnly || !d.file || own.has(resolve(d.file.fileName)))
    .map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return { where: `${d.file ? relative(repoRoot, d.file.fileName) : '(options)'}:${line}`, code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
    });
  const expected = files.flatMap((file) =>
    text(resolve(file))
      .split('\n')
      .flatMap((line, i) => {
        const m = DIRECTIVE.exec(line);
        return m ? [{ where: `${relative(repoRoot, file)}:${i + 2}`, code: Number(m[1]) }] : [];
      }),
  );
  return { expected, found };
}

/** The errors nobody expected, then the expected ones as found (to compare with `expected`). */
export function compare(report: CompileReport): { unexpected: string[]; found: Located[]; expected: Located[] } {
  const order = (a: Located, b: Located) => a.where.localeCompare(b.where, 'en', { numeric: true }) || a.code - b.code;
  return {
    unexpected: report.found.filter((d) => !report.expected.some((e) => e.where === d.where)).map((d) => `${d.where} TS${d.code} ${d.text}`),
    found: report.found.map(({ where, code }) => ({ where, code })).sort(order),
    expected: [...report.expected].sort(order),
  };
}
