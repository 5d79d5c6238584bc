/**
 * `isEmpty` and `coalesce` on their own (the arity checks stay in functions.ts): the Make export bundles
 * them as custom IML functions, since Make's IML has neither.
 */
import { isEmptyValue } from './values.js';

export const isEmpty = (value: unknown): boolean => isEmptyValue(value);

/** The first value that is not undefined / null. */
export const coalesce = (...values: unknown[]): unknown => values.find((v) => v !== undefined && v !== null);
