/**
 * A stable text key for a JSON value (object keys sorted), so that two equal schemas or field
 * definitions built as different objects share one compiled validator.
 */
import { stringify } from 'safe-stable-stringify';

export function contentKey(value: unknown): string {
  return stringify(value) ?? 'undefined';
}
