/**
 * One process per dedupe file: two receivers writing one table would each trust slots the other is
 * changing. The lock file names its owner's pid; a lock whose owner is gone is taken over.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEDUPE_TTL_MS } from '../../src/webhook/dedupe.js';
import { FileDedupeStore } from '../../src/webhook/file-dedupe-store.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'wabc-filestore-lock-'))); // lock files sit by the real path
  file = join(dir, 'seen.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

test('the lock file names this process while the store is open, and is gone after close', () => {
  const store = new FileDedupeStore(file);
  expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid}\n`);
  store.close();
  expect(existsSync(`${file}.lock`)).toBe(false);
  store.close(); // twice is harmless
});

test('the same file twice in one process is refused until the first is closed', () => {
  const first = new FileDedupeStore(file);
  expect(() => new FileDedupeStore(file)).toThrow(`${file} is already open in this process`);
  first.commit('k', DEDUPE_TTL_MS);
  first.close();
  const second = new FileDedupeStore(file);
  expect(second.has('k')).toBe(true);
  second.close();
});

test('two spellings of one file (a symlink, a relative path) share one lock, and a rebuild replaces the file, not the link', () => {
  const first = new FileDedupeStore(file, { minSlots: 8 });
  first.commit('k', DEDUPE_TTL_MS);
  symlinkSync(file, join(dir, 'link.db'));
  expect(() => new FileDedupeStore(join(dir, 'link.db'))).toThrow(/already open in this process/);
  first.close();
  const viaLink = new FileDedupeStore(join(dir, 'link.db'), { minSlots: 8 });
  for (let i = 0; i < 100; i++) viaLink.commit(`more-${i}`, DEDUPE_TTL_MS); // rebuilds
  expect(viaLink.stats().rebuilds).toBeGreaterThan(0);
  viaLink.close();
  expect(lstatSync(join(dir, 'link.db')).isSymbolicLink()).toBe(true);
  const direct = new FileDedupeStore(file);
  expect(direct.has('more-99')).toBe(true);
  direct.close();
  expect(existsSync(`${file}.lock`)).toBe(false);
});

test('another live process holding the file is refused by pid; once it is killed, its stale lock is taken over', async () => {
  const storeUrl = new URL('../../dist/src/webhook/file-dedupe-store.js', import.meta.url).href;
  const script = `const { FileDedupeStore } = await import(${JSON.stringify(storeUrl)});
const store = new FileDedupeStore(${JSON.stringify(file)});
store.commit('from-the-other', ${DEDUPE_TTL_MS});
process.stdout.write('open\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
      child.once('exit', (code) => reject(new Error(`the other process exited early (${code})`)));
    });
    const before = readFileSync(file);
    expect(() => new FileDedupeStore(file)).toThrow(new RegExp(`is in use by process ${child.pid} \\(lock file .*seen\\.db\\.lock\\)`));
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${child.pid}\n`);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  const store = new FileDedupeStore(file);
  expect(store.has('from-the-other')).toBe(true);
  expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid}\n`);
  store.close();
});

test('a lock left by a process that is gone is taken over', () => {
  writeFileSync(`${file}.lock`, `${deadPid()}\n`);
  const store = new FileDedupeStore(file);
  store.commit('k', DEDUPE_TTL_MS);
  expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid}\n`);
  store.close();
});

test('a lock naming this pid but not held here was left by an earlier process with the same pid (a restarted container)', () => {
  writeFileSync(`${file}.lock`, `${process.pid}\n`);
  const store = new FileDedupeStore(file);
  expect(store.size).toBe(0);
  store.close();
  expect(existsSync(`${file}.lock`)).toBe(false);
});

test('a lock that names no process is not guessed at: the error says which file to delete', () => {
  writeFileSync(`${file}.lock`, '');
  expect(() => new FileDedupeStore(file)).toThrow(`${file} is locked by ${file}.lock, which names no process; if no other process uses ${file}, delete the lock file`);
  expect(existsSync(file)).toBe(false);
  expect(readFileSync(`${file}.lock`, 'utf8')).toBe('');
});

test('closing does not remove a lock that another process has taken since', () => {
  const store = new FileDedupeStore(file);
  const other = deadPid() + 1_000_000; // any content that is not ours
  writeFileSync(`${file}.lock`, `${other}\n`);
  store.close();
  expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${other}\n`);
});
