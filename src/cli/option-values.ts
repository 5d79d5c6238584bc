/** Checks of option values shared by commands; imports nothing heavy, so any command may use them. */
import { UsageError } from './exit-codes.js';

/** A whole number from 1 to `max`, or `fallback` when the option is absent. */
export function positiveInt(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} must be a whole number from 1 to ${max}`);
  return n;
}
