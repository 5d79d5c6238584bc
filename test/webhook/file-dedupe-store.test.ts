/**
 * The file-backed dedupe store of `wabc webhook serve --dedupe-file`: what was committed is remembered
 * after a restart for the 7-day TTL (cloud-api.md §6.2: Meta redelivers for up to 7 days) by time, not
 * by count; claims are not persisted; expired keys are deleted; a file that is not the store's own is
 * refused and left as it was.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEDUPE_TTL_MS } from '../../src/webhook/dedupe.js';
import { FileDedupeStore } from '../../src/webhook/file-dedupe-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wabc-filestore-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('committed keys survive a reopen; claims and releases do not', () => {
  const file = join(dir, 'seen.db');
  const a = new FileDedupeStore(file);
  expect(a.claim('wamid.1#x')).toBe('claimed');
  expect(a.claim('wamid.1#x')).toBe('in-flight');
  a.commit('wamid.1#x', DEDUPE_TTL_MS);
  expect(a.claim('wamid.1#x')).toBe('committed');
  expect(a.claim('wamid.2#y')).toBe('claimed'); // claimed, never committed (the hand-over failed)
  a.release('wamid.2#y');
  expect(a.claim('wamid.3#z')).toBe('claimed'); // claimed when the process stopped
  expect(a.claim('field:"quoted"\tkey\n')).toBe('claimed'); // any characters
  a.commit('field:"quoted"\tkey\n', DEDUPE_TTL_MS);
  a.close();

  const b = new FileDedupeStore(file);
  expect(b.has('wamid.1#x')).toBe(true);
  expect(b.claim('wamid.1#x')).toBe('committed');
  expect(b.has('field:"quoted"\tkey\n')).toBe(true);
  expect(b.claim('wamid.2#y')).toBe('claimed');
  expect(b.claim('wamid.3#z')).toBe('claimed');
  expect(b.size).toBe(2);
  b.close();
});

test('the horizon is time: a key is remembered until its 7 days are over, however many came after', () => {
  const file = join(dir, 'seen.db');
  let now = 1_000_000;
  const store = new FileDedupeStore(file, { now: () => now });
  store.commit('first', DEDUPE_TTL_MS);
  for (let i = 0; i < 3000; i++) store.commit(`later-${i}`, DEDUPE_TTL_MS); // prunes run meanwhile
  now += DEDUPE_TTL_MS - 1;
  expect(store.has('first')).toBe(true);
  now += 1;
  expect(store.has('first')).toBe(false);
  expect(store.claim('first')).toBe('claimed');
  store.close();
});

test('expired rows are deleted from the file, at open and as commits go on', () => {
  const file = join(dir, 'seen.db');
  let now = 1_000_000;
  const a = new FileDedupeStore(file, { now: () => now });
  for (let i = 0; i < 500; i++) a.commit(`old-${i}`, 1_000);
  a.commit('kept', DEDUPE_TTL_MS);
  a.close();
  const rows = () => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare('SELECT count(*) FROM seen').pluck().get();
    } finally {
      db.close();
    }
  };
  expect(rows()).toBe(501);
  now += 2_000;
  const b = new FileDedupeStore(file, { now: () => now });
  expect(rows()).toBe(1);
  for (let i = 0; i < 999; i++) b.commit(`short-${i}`, 1_000);
  now += 2_000;
  b.commit('trigger', DEDUPE_TTL_MS); // the 1000th commit since open prunes
  expect(rows()).toBe(2);
  expect(b.size).toBe(2);
  b.close();
});

test('a commit after close fails loudly rather than forgetting silently', () => {
  const store = new FileDedupeStore(join(dir, 'seen.db'));
  store.close();
  expect(() => store.commit('k', 1)).toThrow(/closed/);
});

describe('a file that is not the store\'s own is refused and left as it was', () => {
  test.each([
    ['a text file (e.g. the older line format)', (path: string) => writeFileSync(path, '"wamid.1#x"\t1999999999999\n')],
    ['an SQLite database of something else', (path: string) => {
      const db = new Database(path);
      db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5)');
      db.close();
    }],
  ])('%s', (_name, make) => {
    const file = join(dir, 'other');
    make(file);
    const before = readFileSync(file);
    expect(() => new FileDedupeStore(file)).toThrow(/is not a webhook dedupe file.*nothing was changed/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('a directory', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    expect(() => new FileDedupeStore(path)).toThrow(/is not a webhook dedupe file/);
  });
});

test('a commit is in the file when commit() returns: a process killed right after still has it', () => {
  const file = join(dir, 'seen.db');
  const storeUrl = new URL('../../dist/src/webhook/file-dedupe-store.js', import.meta.url).href;
  // The child commits, then kills itself with SIGKILL: no close(), no exit handler, no flush.
  const script = `const { FileDedupeStore } = await import(${JSON.stringify(storeUrl)});
const store = new FileDedupeStore(${JSON.stringify(file)});
store.claim('wamid.KILLED'); store.commit('wamid.KILLED', ${DEDUPE_TTL_MS});
process.kill(process.pid, 'SIGKILL');`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.signal).toBe('SIGKILL');
  const store = new FileDedupeStore(file);
  expect(store.claim('wamid.KILLED')).toBe('committed');
  store.close();
});
