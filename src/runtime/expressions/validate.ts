/** Load-time checks of every expression in a descriptor, so mistakes surface before any request runs. */
import { BUILTIN_FUNCTION_NAMES } from './functions.js';
import { compileExpressionString } from './compile.js';
import { ExpressionError } from './errors.js';
import { FORBIDDEN_KEYS, forbiddenKeyReason, isPlainObject } from './values.js';
import { isSpreadKey, joinPath } from './walk.js';

export interface ValidateOptions {
  /** Names of the extra functions the caller will pass to `evaluate`. */
  functions?: readonly string[];
}

/** Returns one message per problem, each starting with the JSON path, e.g. `communication.body.to: …`. */
export function validateExpressions(value: unknown, options?: ValidateOptions): string[] {
  const known = new Set([...BUILTIN_FUNCTION_NAMES, ...(options?.functions ?? [])]);
  const errors: string[] = [];
  const where = (path: string): string => path || '(root)';

  const checkString = (text: string, path: string): void => {
    if (!text.includes('{{')) return;
    try {
      for (const call of compileExpressionString(text).calls) {
        if (!known.has(call.name)) {
          errors.push(`${where(path)}: ${new ExpressionError(`unknown function '${call.name}'`, text, call.position).message}`);
        }
      }
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      errors.push(`${where(path)}: ${err.message}`);
    }
  };

  const visit = (node: unknown, path: string): void => {
    if (typeof node === 'string') return checkString(node, path);
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, joinPath(path, i)));
    if (!isPlainObject(node)) return;
    for (const [key, item] of Object.entries(node)) {
      const childPath = joinPath(path, key);
      if (FORBIDDEN_KEYS.has(key)) errors.push(`${childPath}: ${forbiddenKeyReason(key)}`);
      else if (!isSpreadKey(key)) checkString(key, childPath);
      visit(item, childPath);
    }
  };

  visit(value, '');
  return errors;
}
