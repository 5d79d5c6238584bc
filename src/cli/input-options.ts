/** Module input from `--input '<json>'` or `--input-file <path|->`, and the file reading options share. */
import { readFileSync } from 'node:fs';
import { UsageError } from './exit-codes.js';
import { fileProblem } from '../common/file-problem.js';
import { JsonTextError, parseJsonText } from '../common/json-text.js';

/** The text of the file an option names (`-`: standard input); a usage error that starts with `source`. */
export function readOptionFile(source: string, file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`${source}: ${fileProblem(error)}`);
  }
}

/** JSON a person gave; a usage error that starts with `source` and quotes none of the text, then `note`. */
export function parseOptionJson(source: string, text: string, note = ''): unknown {
  try {
    return parseJsonText(text);
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
    throw new UsageError(`${source}: ${error.message}${note}`);
  }
}

export function readInput(opts: { input?: string; inputFile?: string }): Record<string, unknown> {
  if (opts.input !== undefined && opts.inputFile !== undefined) throw new UsageError('give --input or --input-file, not both');
  const source = opts.inputFile === undefined ? '--input' : `--input-file ${opts.inputFile}`;
  const text = opts.inputFile === undefined ? opts.input : readOptionFile(source, opts.inputFile);
  if (text === undefined || text.trim() === '') return {};
  const value = parseOptionJson(source, text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${source} must be a JSON object`);
  return value as Record<string, unknown>;
}
