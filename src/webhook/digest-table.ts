/**
 * An on-disk hash table of 16-byte digests, each with an expiry time: the storage of FileDedupeStore.
 * Every operation is a few positional reads or writes of the file (no part of it is held in memory), so
 * memory stays the same whatever the number of keys.
 *
 * File layout (little-endian):
 *   header, 4 KiB: magic (16 bytes), format version (u32), header bytes (u32), slot bytes (u32),
 *                  home slots (u32), slots (u32), crc32 of the 36 bytes before it (u32), zeros.
 *   slots, 32 bytes each: digest (16 bytes), expiry in ms since the epoch (f64), crc32 of the 24 bytes
 *                  before it (u32), 4 zero bytes. A slot of all zeros is empty.
 * Slots are 32 bytes and start at 4 KiB, so none straddles a disk sector or a page.
 *
 * Open addressing with linear probing. A digest's home slot is its first 48 bits scaled to the number of
 * home slots: that order is the digests' order, so a rebuild reads the old table front to back and writes
 * the new one front to back, holding only a small window of it. Probing never wraps around; a few tail
 * slots after the homes take the runs that pass the last home. Nothing is ever emptied in place (a probe
 * stops at an empty slot, so emptying one would hide the keys behind it): expired slots are reused, and a
 * rebuild drops them. The rebuild starts when the used slots (live or expired) pass 3/4 of the homes and
 * sizes the new table to the live keys at 1/2 load, so it grows with the traffic and shrinks after it.
 * A rebuild runs inside the commit that starts it (≈ 0.25 s per million keys, bench/webhook.mjs
 * --dedupe-memory): rare enough (each growth by half; about every 5 days under steady traffic) not to be
 * worth a background copy that every lookup would then have to consult.
 *
 * A write is one 32-byte slot; the header is only ever written into a new file, which replaces the old
 * one by rename once it is complete and synced. A torn slot fails its crc: it never matches a digest
 * (a key in it is forgotten, never confused with another); it is reused when its expiry reads as past,
 * and a rebuild drops it.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from './crc32.js';

/** PNG's trick: the high byte and the line endings catch a text file and a copy made in text mode. */
const MAGIC = Buffer.from('\x89wabc-dedupe\r\n\x1a\n', 'latin1');
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const FORMAT_VERSION = 1;
export const HEADER_BYTES = 4096;
const HEADER_CHECKED = 36;
export const SLOT_BYTES = 32;
export const DIGEST_BYTES = 16;
const EXPIRY_AT = 16;
const CHECK_AT = 24;
/** Slots read at once while probing: one 512-byte read covers nearly every probe run. */
const PROBE_SLOTS = 16;
/** Slots read or written at once when scanning or rebuilding (128 KiB). */
const CHUNK_SLOTS = 4096;
const MAX_LOAD = 0.75;
const TARGET_LOAD = 0.5;
const MAX_SLOTS = 0xffff_ffff;

/** The file exists and is not a table of this format: `message` says what it is. */
export class ForeignFileError extends Error {}

/** A rebuild could not place an entry before the end of the new table: it is retried bigger. */
class TableFull extends Error {}

interface Geometry {
  homes: number;
  slots: number;
}

function geometryFor(homes: number): Geometry {
  const slots = homes + Math.min(4096, Math.max(8, Math.ceil(homes / 64)));
  if (slots > MAX_SLOTS) throw new Error(`a dedupe table of ${homes} slots is beyond this format's limit`);
  return { homes, slots };
}

const homeOf = (buf: Buffer, at: number, homes: number): number => Math.min(homes - 1, Math.floor(((buf.readUInt32BE(at) * 0x10000 + buf.readUInt16BE(at + 4)) / 2 ** 48) * homes));
const offsetOf = (slot: number): number => HEADER_BYTES + slot * SLOT_BYTES;
const expiryOf = (buf: Buffer, at: number): number => buf.readDoubleLE(at + EXPIRY_AT);
const isIntact = (buf: Buffer, at: number): boolean => buf.readUInt32LE(at + CHECK_AT) === crc32(buf, at, at + CHECK_AT);

function isEmpty(buf: Buffer, at: number): boolean {
  for (let i = 0; i < SLOT_BYTES; i += 4) if (buf.readUInt32LE(at + i) !== 0) return false;
  return true;
}

function encodeSlot(target: Buffer, at: number, digest: Buffer, expiresAt: number): void {
  digest.copy(target, at, 0, DIGEST_BYTES);
  target.writeDoubleLE(expiresAt, at + EXPIRY_AT);
  target.writeUInt32LE(crc32(target, at, at + CHECK_AT), at + CHECK_AT);
  target.writeUInt32LE(0, at + CHECK_AT + 4);
}

function encodeHeader(g: Geometry): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(FORMAT_VERSION, 16);
  header.writeUInt32LE(HEADER_BYTES, 20);
  header.writeUInt32LE(SLOT_BYTES, 24);
  header.writeUInt32LE(g.homes, 28);
  header.writeUInt32LE(g.slots, 32);
  header.writeUInt32LE(crc32(header, 0, HEADER_CHECKED), HEADER_CHECKED);
  return header;
}

/** Reads the header of a file of `fileBytes` bytes, of which `header` holds the first `read`. */
function decodeHeader(header: Buffer, read: number, fileBytes: number): Geometry {
  const starts = (magic: Buffer): boolean => read >= magic.length && header.subarray(0, magic.length).equals(magic);
  if (starts(SQLITE_MAGIC)) throw new ForeignFileError('it is an SQLite database: the earlier format of this store, or something else');
  if (!starts(MAGIC)) throw new ForeignFileError("it does not start with this store's header");
  if (read < HEADER_BYTES) throw new ForeignFileError('its header is cut short');
  const version = header.readUInt32LE(16);
  if (version !== FORMAT_VERSION) {
    throw new ForeignFileError(`it is version ${version} of this store's format; this version reads version ${FORMAT_VERSION}`);
  }
  const g = { homes: header.readUInt32LE(28), slots: header.readUInt32LE(32) };
  if (
    header.readUInt32LE(HEADER_CHECKED) !== crc32(header, 0, HEADER_CHECKED) ||
    header.readUInt32LE(20) !== HEADER_BYTES ||
    header.readUInt32LE(24) !== SLOT_BYTES ||
    g.homes < 1 ||
    g.slots < g.homes
  ) {
    throw new ForeignFileError('its header is damaged');
  }
  if (fileBytes !== offsetOf(g.slots)) {
    throw new ForeignFileError(`it is ${fileBytes} bytes long where its header says ${offsetOf(g.slots)}: cut short or extended by something else`);
  }
  return g;
}

function readFully(fd: number, into: Buffer, position: number): number {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

function writeFully(fd: number, from: Buffer, position: number): void {
  let done = 0;
  while (done < from.length) done += writeSync(fd, from, done, from.length - done, position + done);
}

/** Calls `visit(buf, at, slot)` for every slot, reading the file front to back in chunks. */
function scan(fd: number, g: Geometry, visit: (buf: Buffer, at: number, slot: number) => void): void {
  const buf = Buffer.alloc(CHUNK_SLOTS * SLOT_BYTES);
  for (let first = 0; first < g.slots; first += CHUNK_SLOTS) {
    const count = Math.min(CHUNK_SLOTS, g.slots - first);
    if (readFully(fd, buf.subarray(0, count * SLOT_BYTES), offsetOf(first)) !== count * SLOT_BYTES) {
      throw new Error('the dedupe table file was cut short while open');
    }
    for (let i = 0; i < count; i++) visit(buf, i * SLOT_BYTES, first + i);
  }
}

function syncDirectory(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(path), 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot sync a directory; the rename is then as durable as they make it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The old table a rebuild copies from: its live entries are those expiring after `now`. */
interface Source {
  fd: number;
  g: Geometry;
  now: number;
  /** The largest distance of a live entry from its home: how far behind the scan an entry's home can be. */
  widest: number;
}

/**
 * Writes a new table front to back. Entries arrive nearly in home order (see the file comment), so only a
 * window of slots [base, base + window) is held: once no later entry can have its home below `limit`,
 * the slots below it are final and written out.
 */
class TableWriter {
  private window = Buffer.alloc(2 * CHUNK_SLOTS * SLOT_BYTES);
  private base = 0;
  private filled = 0;
  private zeros: Buffer | undefined;
  copied = 0;

  constructor(
    private readonly fd: number,
    private readonly g: Geometry,
  ) {
    writeFully(fd, encodeHeader(g), 0);
  }

  place(from: Buffer, at: number): void {
    const home = homeOf(from, at, this.g.homes);
    if (home < this.base) throw new Error('dedupe table rebuild: an entry arrived behind the written part (a bug)');
    let slot = home;
    for (; ; slot++) {
      if (slot >= this.g.slots) throw new TableFull();
      const rel = slot - this.base;
      if (rel >= this.filled || isEmpty(this.window, rel * SLOT_BYTES)) break;
    }
    const rel = slot - this.base;
    while ((rel + 1) * SLOT_BYTES > this.window.length) {
      const bigger = Buffer.alloc(this.window.length * 2);
      this.window.copy(bigger, 0, 0, this.filled * SLOT_BYTES);
      this.window = bigger;
    }
    from.copy(this.window, rel * SLOT_BYTES, at, at + SLOT_BYTES);
    this.filled = Math.max(this.filled, rel + 1);
    this.copied++;
  }

  /** Writes out the slots below `limit`, once there are enough of them to make a large write. */
  flushBelow(limit: number, force = false): void {
    const count = Math.min(limit, this.g.slots) - this.base;
    if (count <= 0 || (!force && count < CHUNK_SLOTS)) return;
    const fromWindow = Math.min(count, this.filled);
    writeFully(this.fd, this.window.subarray(0, fromWindow * SLOT_BYTES), offsetOf(this.base));
    const zeros = (this.zeros ??= Buffer.alloc(CHUNK_SLOTS * SLOT_BYTES));
    for (let slot = this.base + fromWindow; slot < this.base + count; slot += CHUNK_SLOTS) {
      writeFully(this.fd, zeros.subarray(0, Math.min(CHUNK_SLOTS, this.base + count - slot) * SLOT_BYTES), offsetOf(slot));
    }
    this.window.copy(this.window, 0, fromWindow * SLOT_BYTES, this.filled * SLOT_BYTES);
    this.window.fill(0, (this.filled - fromWindow) * SLOT_BYTES, this.filled * SLOT_BYTES);
    this.filled -= fromWindow;
    this.base += count;
  }

  finish(): void {
    this.flushBelow(this.g.slots, true);
  }
}

const freshPathOf = (path: string): string => `${path}.new`;

/** Removes the new file of a rebuild that was interrupted, but nothing that is not one (its name is taken). */
function removeInterruptedRebuild(path: string): void {
  const fresh = freshPathOf(path);
  let fd: number;
  try {
    fd = openSync(fresh, 'r');
  } catch {
    return;
  }
  const head = Buffer.alloc(MAGIC.length);
  let ours: boolean;
  try {
    ours = fstatSync(fd).isFile() && (fstatSync(fd).size === 0 || (readFully(fd, head, 0) === head.length && head.equals(MAGIC)));
  } finally {
    closeSync(fd);
  }
  if (ours) rmSync(fresh, { force: true });
}

/**
 * Writes a complete table of geometry `g` (copying the live entries of `source`, if any) to a new file,
 * syncs it and renames it over `path`. Returns the new file's descriptor and how many entries it holds.
 */
function writeTable(path: string, g: Geometry, source?: Source): { fd: number; entries: number } {
  const fresh = freshPathOf(path);
  let fd: number;
  try {
    fd = openSync(fresh, 'wx+');
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    throw new Error(`cannot write the dedupe table: ${fresh} is in the way and is not one of this store's files`);
  }
  try {
    const writer = new TableWriter(fd, g);
    if (source) {
      const ratio = g.homes / source.g.homes;
      let scanned = 0;
      scan(source.fd, source.g, (buf, at, slot) => {
        if (slot >= scanned + CHUNK_SLOTS) {
          // Every entry from `slot` on has its old home at or after slot - widest, hence its new home at
          // or after that times the ratio (less one, for rounding).
          writer.flushBelow(Math.floor((slot - source.widest) * ratio) - 1);
          scanned = slot;
        }
        if (!isEmpty(buf, at) && expiryOf(buf, at) > source.now && isIntact(buf, at)) writer.place(buf, at);
      });
    }
    writer.finish();
    fsyncSync(fd);
    renameSync(fresh, path);
    syncDirectory(path);
    return { fd, entries: writer.copied };
  } catch (error) {
    closeSync(fd);
    rmSync(fresh, { force: true });
    throw error;
  }
}

export interface DigestTableOptions {
  /** Smallest number of home slots (default 4096): the table never shrinks below it. */
  minHomes?: number;
}

export interface DigestTableStats {
  homes: number;
  slots: number;
  /** Slots holding an entry, live or expired. */
  used: number;
  fileBytes: number;
  /** Rebuilds since the table was opened. */
  rebuilds: number;
}

type Found = { kind: 'match'; slot: number; expiresAt: number } | { kind: 'empty' | 'reusable'; slot: number } | { kind: 'full' };

export class DigestTable {
  private readonly probeBuf = Buffer.alloc(PROBE_SLOTS * SLOT_BYTES);
  private readonly slotBuf = Buffer.alloc(SLOT_BYTES);
  private rebuilds = 0;

  private constructor(
    readonly path: string,
    private fd: number | undefined,
    private g: Geometry,
    private used: number,
    private readonly minHomes: number,
  ) {}

  /**
   * Opens the table at `path`, creating it when there is no file (or an empty one). Throws a
   * ForeignFileError, having changed nothing, when the file is something else.
   */
  static open(path: string, options: DigestTableOptions = {}): DigestTable {
    const minHomes = Math.max(1, Math.floor(options.minHomes ?? 4096));
    let fd: number;
    try {
      fd = openSync(path, 'r+');
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EISDIR') throw new ForeignFileError('it is a directory');
      if (code !== 'ENOENT') throw error;
      return DigestTable.create(path, minHomes);
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new ForeignFileError('it is not a regular file');
      if (stat.size === 0) {
        closeSync(fd);
        return DigestTable.create(path, minHomes);
      }
      const header = Buffer.alloc(HEADER_BYTES);
      const g = decodeHeader(header, readFully(fd, header, 0), stat.size);
      let used = 0;
      scan(fd, g, (buf, at) => {
        if (!isEmpty(buf, at)) used++;
      });
      removeInterruptedRebuild(path);
      return new DigestTable(path, fd, g, used, minHomes);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  private static create(path: string, minHomes: number): DigestTable {
    removeInterruptedRebuild(path);
    const g = geometryFor(minHomes);
    return new DigestTable(path, writeTable(path, g).fd, g, 0, minHomes);
  }

  /** True when `digest` is in the table and expires after `now`. */
  remembers(digest: Buffer, now: number): boolean {
    const found = this.find(digest, now);
    return found.kind === 'match' && found.expiresAt > now;
  }

  /** Records `digest` until `expiresAt`: in the file (the kernel's cache of it) when this returns. */
  put(digest: Buffer, expiresAt: number, now: number): void {
    let found = this.find(digest, now);
    if (found.kind === 'full' || (found.kind === 'empty' && this.used + 1 > MAX_LOAD * this.g.homes)) {
      // Rebuilt before the write, so that a failed rebuild (a full disk) leaves nothing half-recorded.
      this.rebuild(now, found.kind === 'full');
      found = this.find(digest, now);
      if (found.kind === 'full') throw new Error(`the dedupe table ${this.path} has no free slot after a rebuild (a bug)`);
    }
    encodeSlot(this.slotBuf, 0, digest, expiresAt);
    writeFully(this.descriptor(), this.slotBuf, offsetOf(found.slot));
    if (found.kind === 'empty') this.used++;
  }

  /** Entries that expire after `now`: reads the whole file. */
  countLive(now: number): number {
    let live = 0;
    scan(this.descriptor(), this.g, (buf, at) => {
      if (!isEmpty(buf, at) && expiryOf(buf, at) > now && isIntact(buf, at)) live++;
    });
    return live;
  }

  stats(): DigestTableStats {
    return { homes: this.g.homes, slots: this.g.slots, used: this.used, fileBytes: offsetOf(this.g.slots), rebuilds: this.rebuilds };
  }

  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private descriptor(): number {
    if (this.fd === undefined) throw new Error(`the dedupe file ${this.path} is closed`);
    return this.fd;
  }

  /**
   * Probes from the digest's home: stops at the digest (a torn copy of it counts as expired) or at an
   * empty slot, noting on the way the first slot that an insert may reuse (expired or torn).
   */
  private find(digest: Buffer, now: number): Found {
    const fd = this.descriptor();
    const buf = this.probeBuf;
    const head = digest.readUInt32LE(0);
    let reusable = -1;
    for (let first = homeOf(digest, 0, this.g.homes); first < this.g.slots; first += PROBE_SLOTS) {
      const count = Math.min(PROBE_SLOTS, this.g.slots - first);
      if (readFully(fd, buf.subarray(0, count * SLOT_BYTES), offsetOf(first)) !== count * SLOT_BYTES) {
        throw new Error(`the dedupe file ${this.path} was cut short while open`);
      }
      for (let i = 0; i < count; i++) {
        const at = i * SLOT_BYTES;
        if (buf.readUInt32LE(at) === head && buf.compare(digest, 0, DIGEST_BYTES, at, at + DIGEST_BYTES) === 0) {
          return { kind: 'match', slot: first + i, expiresAt: isIntact(buf, at) ? expiryOf(buf, at) : -Infinity };
        }
        if (isEmpty(buf, at)) return reusable >= 0 ? { kind: 'reusable', slot: reusable } : { kind: 'empty', slot: first + i };
        // `!(x > now)` also takes a torn slot whose expiry reads as NaN.
        if (reusable < 0 && !(expiryOf(buf, at) > now)) reusable = first + i;
      }
    }
    return reusable >= 0 ? { kind: 'reusable', slot: reusable } : { kind: 'full' };
  }

  /**
   * Copies the live entries into a new file sized for them (bigger when `grow`, i.e. a probe ran off
   * the end) and puts it in place of the old one, which stays intact until the rename.
   */
  private rebuild(now: number, grow: boolean): void {
    const fd = this.descriptor();
    let live = 0;
    let widest = 0;
    scan(fd, this.g, (buf, at, slot) => {
      if (isEmpty(buf, at) || !(expiryOf(buf, at) > now)) return;
      live++;
      const distance = slot - homeOf(buf, at, this.g.homes);
      // The crc is checked only when it matters: a torn digest must not widen the rebuild's window.
      if (distance > widest && isIntact(buf, at)) widest = distance;
    });
    let homes = Math.max(this.minHomes, Math.ceil(live / TARGET_LOAD), grow ? this.g.homes * 2 : 0);
    for (;;) {
      const g = geometryFor(homes);
      try {
        const written = writeTable(this.path, g, { fd, g: this.g, now, widest });
        closeSync(fd);
        this.fd = written.fd;
        this.g = g;
        this.used = written.entries;
        this.rebuilds++;
        return;
      } catch (error) {
        if (!(error instanceof TableFull)) throw error;
        homes *= 2;
      }
    }
  }
}
