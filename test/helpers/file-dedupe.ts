/** Reading a dedupe table file from outside, to tear its slots the way a crash would. */
import { storedKey } from '../../src/webhook/dedupe.js';
import { HEADER_BYTES, SLOT_BYTES, DIGEST_BYTES } from '../../src/webhook/digest-table.js';

export const digestOf = (key: string): Buffer => Buffer.from(storedKey(key), 'latin1');

/** The slot that holds `key` in a table file's bytes; throws when none does. */
export function slotOf(file: Buffer, key: string): number {
  const digest = digestOf(key);
  for (let at = HEADER_BYTES; at < file.length; at += SLOT_BYTES) {
    if (file.compare(digest, 0, DIGEST_BYTES, at, at + DIGEST_BYTES) === 0) return (at - HEADER_BYTES) / SLOT_BYTES;
  }
  throw new Error(`no slot holds ${key}`);
}
