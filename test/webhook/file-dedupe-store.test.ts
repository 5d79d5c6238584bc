/**
 * The file-backed dedupe store of `wabc webhook serve --dedupe-file`: what was committed is remembered
 * after a restart for the 7-day TTL (cloud-api.md §6.2: Meta redelivers for up to 7 days), expired and
 * repeated lines are compacted away at open, and a line torn by a crash is skipped.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEDUPE_TTL_MS } from '../../src/webhook/dedupe.js';
import { FileDedupeStore } from '../../src/webhook/file-dedupe-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wabc-filestore-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('committed keys survive a reopen; claims and releases do not', () => {
  const file = join(dir, 'seen.tsv');
  const a = new FileDedupeStore(file);
  expect(a.claim('wamid.1#x')).toBe(true);
  a.commit('wamid.1#x', DEDUPE_TTL_MS);
  expect(a.claim('wamid.2#y')).toBe(true); // claimed, never committed (the hand-over failed)
  a.release('wamid.2#y');
  expect(a.claim('field:"quoted"\tkey')).toBe(true); // any characters survive the line format
  a.commit('field:"quoted"\tkey', DEDUPE_TTL_MS);
  a.close();

  const b = new FileDedupeStore(file);
  expect(b.has('wamid.1#x')).toBe(true);
  expect(b.claim('wamid.1#x')).toBe(false);
  expect(b.has('field:"quoted"\tkey')).toBe(true);
  expect(b.claim('wamid.2#y')).toBe(true);
  b.close();
});

test('expired and repeated keys are dropped when the file is opened; a torn line is skipped', () => {
  const file = join(dir, 'seen.tsv');
  let now = 1_000_000;
  const a = new FileDedupeStore(file, { now: () => now });
  a.commit('old', 1_000);
  a.commit('kept', DEDUPE_TTL_MS);
  a.commit('kept', DEDUPE_TTL_MS); // committed twice: one line after compaction
  a.close();
  appendFileSync(file, '"torn'); // a crash in the middle of a write
  now += 2_000;
  const b = new FileDedupeStore(file, { now: () => now });
  expect(b.has('old')).toBe(false);
  expect(b.has('kept')).toBe(true);
  expect(b.size).toBe(1);
  b.close();
  expect(readFileSync(file, 'utf8')).toBe(`"kept"\t${1_000_000 + DEDUPE_TTL_MS}\n`);
});

test('a commit after close fails loudly rather than forgetting silently', () => {
  const store = new FileDedupeStore(join(dir, 'seen.tsv'));
  store.close();
  expect(() => store.commit('k', 1)).toThrow(/closed/);
});

test('a long-running store rewrites its file, so it stays near one line per remembered key', () => {
  const file = join(dir, 'seen.tsv');
  let now = 1_000;
  const store = new FileDedupeStore(file, { now: () => now, maxEntries: 100 });
  for (let i = 0; i < 20_000; i++) {
    store.commit(`k${i}`, 10_000);
    now += 1;
  }
  store.close();
  const lines = readFileSync(file, 'utf8').trim().split('\n').length;
  expect(store.size).toBe(100);
  expect(lines).toBeLessThanOrEqual(2 * 100 + 1000 + 1);
  expect(new FileDedupeStore(file, { now: () => now, maxEntries: 100 }).has('k19999')).toBe(true);
});
