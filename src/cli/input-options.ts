/** Module input from `--input '<json>'` or `--input-file <path|->`. */
import { readFileSync } from 'node:fs';
import { UsageError } from './exit-codes.js';
import { parseJsonText } from '../common/json-text.js';

export function readInput(opts: { input?: string; inputFile?: string }): Record<string, unknown> {
  if (opts.input !== undefined && opts.inputFile !== undefined) throw new UsageError('give --input or --input-file, not both');
  let text: string | undefined = opts.input;
  let source = '--input';
  if (opts.inputFile !== undefined) {
    source = `--input-file ${opts.inputFile}`;
    try {
      text = readFileSync(opts.inputFile === '-' ? 0 : opts.inputFile, 'utf8');
    } catch (error) {
      throw new UsageError(`${source}: ${(error as Error).message}`);
    }
  }
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (error) {
    throw new UsageError(`${source}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${source} must be a JSON object`);
  return value as Record<string, unknown>;
}
