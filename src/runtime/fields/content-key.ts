/**
 * A stable text key for a JSON value (object keys sorted), so that two equal schemas or field
 * definitions built as different objects share one compiled validator.
 */
import { stringify } from 'safe-stable-stringify';

export function contentKey(value: unknown): string {
  return stringify(value) ?? 'undefined';
}

/**
 * A key for a list of primitives (text, numbers, booleans, null, undefined) that tells every two lists
 * apart, far cheaper than `contentKey`; undefined when one value is not a primitive.
 */
export function primitivesKey(values: readonly unknown[]): string | undefined {
  let key = '';
  for (const v of values) {
    switch (typeof v) {
      // The length says where the text ends, so no text can pass for a separator.
      case 'string':
        key += `s${v.length}:${v},`;
        break;
      case 'number':
        key += Object.is(v, -0) ? 'n-0,' : `n${v},`;
        break;
      case 'boolean':
      case 'bigint':
        key += `${typeof v}${v},`;
        break;
      case 'undefined':
        key += 'u,';
        break;
      default:
        if (v !== null) return undefined;
        key += 'z,';
    }
  }
  return key;
}
