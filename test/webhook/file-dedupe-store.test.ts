/**
 * The file-backed dedupe store of `wabc webhook serve --dedupe-file`: what was committed is remembered
 * after a restart for the 7-day TTL (cloud-api.md §6.2: Meta redelivers for up to 7 days) by time, not
 * by count; claims are not persisted; expired keys give their room back; a file that is not the store's
 * own is refused and left as it was; a torn slot forgets its key and never invents another.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEDUPE_TTL_MS } from '../../src/webhook/dedupe.js';
import { FileDedupeStore } from '../../src/webhook/file-dedupe-store.js';
import { HEADER_BYTES, SLOT_BYTES } from '../../src/webhook/digest-table.js';
import { slotOf } from '../helpers/file-dedupe.js';

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'wabc-filestore-'))); // lock files sit by the real path
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
  const store = new FileDedupeStore(file, { now: () => now, minSlots: 64 });
  store.commit('first', DEDUPE_TTL_MS);
  for (let i = 0; i < 3000; i++) store.commit(`later-${i}`, DEDUPE_TTL_MS); // the table grows meanwhile
  expect(store.stats().rebuilds).toBeGreaterThan(0);
  now += DEDUPE_TTL_MS - 1;
  expect(store.has('first')).toBe(true);
  now += 1;
  expect(store.has('first')).toBe(false);
  expect(store.claim('first')).toBe('claimed');
  store.close();
});

test('expired keys give their slots back: under steady churn the file keeps its size', () => {
  const file = join(dir, 'seen.db');
  let now = 1_000_000;
  const store = new FileDedupeStore(file, { now: () => now, minSlots: 1024 });
  const { fileBytes } = store.stats();
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < 500; i++) store.commit(`round-${round}-${i}`, 1_000);
    expect(store.stats().used).toBeLessThanOrEqual(0.75 * 1024);
    now += 2_000; // this round's keys expire
  }
  expect(store.stats().fileBytes).toBe(fileBytes); // 20,000 keys went through 1,024 slots
  expect(store.size).toBe(0);
  store.commit('kept', DEDUPE_TTL_MS);
  store.close();
  const reopened = new FileDedupeStore(file, { now: () => now });
  expect(reopened.size).toBe(1);
  reopened.close();
});

test('a table grown for a burst shrinks back at its next rebuild once the burst has expired', () => {
  let now = 1_000_000;
  const store = new FileDedupeStore(join(dir, 'seen.db'), { now: () => now, minSlots: 256 });
  store.commit('keeper', DEDUPE_TTL_MS);
  for (let i = 0; i < 5000; i++) store.commit(`burst-${i}`, 1_000);
  const grown = store.stats();
  expect(grown.homes).toBeGreaterThan(5000);
  now += 2_000;
  for (let i = 0; store.stats().rebuilds === grown.rebuilds; i++) {
    expect(i).toBeLessThan(50_000);
    store.commit(`quiet-${i}`, 1);
    now += 2;
  }
  expect(store.stats().homes).toBe(256);
  expect(store.has('keeper')).toBe(true);
  expect(store.has('burst-0')).toBe(false);
  store.close();
});

test('a commit after close fails loudly rather than forgetting silently', () => {
  const store = new FileDedupeStore(join(dir, 'seen.db'));
  store.close();
  expect(() => store.commit('k', 1)).toThrow(/closed/);
  expect(() => store.claim('k')).toThrow(/closed/);
});

describe("a file that is not the store's own is refused and left as it was", () => {
  const fixture = (name: string) => (path: string) => copyFileSync(new URL(`./fixtures/${name}`, import.meta.url), path);
  /** A valid file of this store, then changed by `edit`. */
  const ownFileThen = (edit: (bytes: Buffer) => Buffer) => (path: string) => {
    const store = new FileDedupeStore(path);
    store.commit('wamid.1#x', DEDUPE_TTL_MS);
    store.close();
    writeFileSync(path, edit(readFileSync(path)));
  };

  test.each([
    ['a text file', (path: string) => writeFileSync(path, 'remember to buy milk\n'), /does not start with this store's header/],
    ['the older line format', (path: string) => writeFileSync(path, '"wamid.1#x"\t1999999999999\n'), /does not start with this store's header/],
    ['an SQLite database of something else', fixture('other-app.sqlite'), /it is an SQLite database/],
    ["the SQLite file of this store's earlier versions", fixture('sqlite-dedupe-store.db'), /it is an SQLite database/],
    [
      'a later version of this format',
      ownFileThen((b) => {
        b.writeUInt32LE(2, 16);
        return b;
      }),
      /version 2 of this store's format/,
    ],
    [
      'a damaged header',
      ownFileThen((b) => {
        b[29] ^= 0x01; // the number of home slots
        return b;
      }),
      /header is damaged/,
    ],
    ['a file cut short', ownFileThen((b) => b.subarray(0, b.length - SLOT_BYTES)), /bytes long where its header says/],
    ['only part of a header', ownFileThen((b) => b.subarray(0, 100)), /header is cut short/],
  ])('%s', (_name, make, why) => {
    const file = join(dir, 'other');
    make(file);
    const before = readFileSync(file);
    expect(() => new FileDedupeStore(file)).toThrow(/is not a webhook dedupe file.*nothing was changed/);
    expect(() => new FileDedupeStore(file)).toThrow(why);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  test('a directory', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    expect(() => new FileDedupeStore(path)).toThrow(/is not a webhook dedupe file \(it is a directory\)/);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  test('an empty file is taken as a new store (nothing in it to lose)', () => {
    const file = join(dir, 'empty');
    writeFileSync(file, '');
    const store = new FileDedupeStore(file);
    store.commit('k', DEDUPE_TTL_MS);
    expect(store.has('k')).toBe(true);
    store.close();
  });
});

describe('a torn slot forgets its own key and invents none', () => {
  function tornFile(tear: (slot: Buffer) => void): string {
    const file = join(dir, 'seen.db');
    const store = new FileDedupeStore(file, { minSlots: 64 });
    for (const key of ['victim', 'neighbour-1', 'neighbour-2']) store.commit(key, DEDUPE_TTL_MS);
    store.commit('expired', -1);
    store.close();
    const bytes = readFileSync(file);
    const at = HEADER_BYTES + slotOf(bytes, 'victim') * SLOT_BYTES;
    tear(bytes.subarray(at, at + SLOT_BYTES));
    writeFileSync(file, bytes);
    return file;
  }

  test.each([
    ['the expiry half-written', (slot: Buffer) => slot.fill(0xff, 20, 24)],
    ['the digest half-written', (slot: Buffer) => slot.fill(0, 8, 16)],
    ['the check lost', (slot: Buffer) => slot.fill(0, 24, 28)],
    ["another slot's first half", (slot: Buffer) => slot.set(Buffer.alloc(16, 0x5a), 0)],
  ])('%s', (_name, tear) => {
    const store = new FileDedupeStore(tornFile(tear), { minSlots: 64 });
    expect(store.has('victim')).toBe(false);
    expect(store.has('neighbour-1')).toBe(true);
    expect(store.has('neighbour-2')).toBe(true);
    expect(store.has('expired')).toBe(false);
    expect(store.size).toBe(2);
    expect(store.claim('victim')).toBe('claimed'); // Meta's redelivery is handed over again
    store.commit('victim', DEDUPE_TTL_MS);
    expect(store.has('victim')).toBe(true);
    store.close();
  });
});

test("a rebuild cut short leaves the table as it was; its unfinished file is cleared at the next open, a stranger's is not", () => {
  const file = join(dir, 'seen.db');
  const a = new FileDedupeStore(file, { minSlots: 8 });
  a.commit('before', DEDUPE_TTL_MS);
  a.close();
  writeFileSync(`${file}.new`, readFileSync(file).subarray(0, 100)); // killed while writing the new table
  const b = new FileDedupeStore(file, { minSlots: 8 });
  expect(existsSync(`${file}.new`)).toBe(false);
  expect(b.has('before')).toBe(true);
  b.close();

  writeFileSync(`${file}.new`, "somebody else's notes\n");
  const c = new FileDedupeStore(file, { minSlots: 8 });
  expect(() => {
    for (let i = 0; i < 100; i++) c.commit(`more-${i}`, DEDUPE_TTL_MS); // the first rebuild needs the name
  }).toThrow(/\.new is in the way and is not one of this store's files/);
  expect(readFileSync(`${file}.new`, 'utf8')).toBe("somebody else's notes\n");
  expect(c.has('before')).toBe(true);
  c.close();
});

test('a commit is in the file when commit() returns: a process killed right after still has it', () => {
  const file = join(dir, 'seen.db');
  const storeUrl = new URL('../../dist/src/webhook/file-dedupe-store.js', import.meta.url).href;
  // The child commits, then kills itself with SIGKILL: no close(), no exit handler, no flush; its lock
  // file stays behind, naming a process that no longer exists.
  const script = `const { FileDedupeStore } = await import(${JSON.stringify(storeUrl)});
const store = new FileDedupeStore(${JSON.stringify(file)});
store.claim('wamid.KILLED'); store.commit('wamid.KILLED', ${DEDUPE_TTL_MS});
process.kill(process.pid, 'SIGKILL');`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.signal).toBe('SIGKILL');
  expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${child.pid}\n`);
  const store = new FileDedupeStore(file);
  expect(store.claim('wamid.KILLED')).toBe('committed');
  store.close();
});
