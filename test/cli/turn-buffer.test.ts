/**
 * One turn's output in one buffer: text as its UTF-8 bytes (ASCII or not), copied bytes as they are, and
 * a written buffer used again only once the stream has called back — and only for a stream that asked for it.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { TurnBuffer } from '../../src/cli/turn-buffer.js';

/**
 * A stream that keeps every chunk it is given (as handed to write(), before its own queue), and calls
 * back at once or only on `release()`.
 */
function keepingStream(holdCallbacks: boolean) {
  const chunks: Buffer[] = [];
  const held: Array<() => void> = [];
  const stream = new Writable({
    highWaterMark: 1 << 24,
    write(_chunk: Buffer, _encoding, callback) {
      if (holdCallbacks) held.push(() => callback());
      else callback();
    },
  });
  const write = stream.write.bind(stream) as (chunk: Buffer, callback?: () => void) => boolean;
  stream.write = ((chunk: Buffer, callback?: () => void) => {
    chunks.push(chunk);
    return write(chunk, callback);
  }) as typeof stream.write;
  // A callback lets the stream pass on the next queued chunk, whose callback is held in turn.
  const release = (): void => {
    while (held.length > 0) held.splice(0).forEach((cb) => cb());
  };
  return { stream, chunks, release };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('text and bytes come out as their UTF-8 bytes, in order, past the first size', () => {
  const { stream, chunks } = keepingStream(false);
  const turn = new TurnBuffer(false);
  const parts: Array<string | Buffer> = ['plain ascii ', 'ä€😀 and Ł', Buffer.from([0, 1, 2, 0xff]), 'x'.repeat(100_000), '\ud800 lone', Buffer.alloc(70_000, 7)];
  for (const part of parts) turn.put(part);
  turn.newline();
  expect(turn.length).toBe(parts.reduce((n, p) => n + Buffer.byteLength(p), 0) + 1);
  turn.writeTo(stream);
  expect(turn.length).toBe(0);
  expect(chunks).toHaveLength(1);
  expect(chunks[0].equals(Buffer.concat([...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)), Buffer.from('\n')]))).toBe(true);
});

test('property: any text and bytes, up to and across a full buffer, come out as their UTF-8 bytes', () => {
  // Pieces of up to 30,000 characters fill the first 64 KB buffer to every level, so that text of 1 to
  // 3 bytes a character meets every amount of room left, the exact fit included.
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'binary', minLength: 10_000, maxLength: 30_000 }),
    fc.string({ unit: fc.constantFrom('ä', '€', 'x'), minLength: 20_000, maxLength: 24_000 }),
  );
  const bytes = fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a));
  fc.assert(
    fc.property(fc.array(fc.oneof(text, bytes), { minLength: 1, maxLength: 10 }), (parts) => {
      const { stream, chunks } = keepingStream(false);
      const turn = new TurnBuffer(false);
      for (const part of parts) turn.put(part);
      turn.writeTo(stream);
      expect(chunks[0].equals(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))))).toBe(true);
    }),
    { numRuns: 150 },
  );
});

test('without reuse, every turn is a copy of its own: a stream may keep its chunks', () => {
  const { stream, chunks } = keepingStream(false);
  const turn = new TurnBuffer(false);
  for (const word of ['first', 'second', 'third']) {
    turn.put(word);
    turn.writeTo(stream);
  }
  expect(chunks.map((c) => c.toString())).toEqual(['first', 'second', 'third']);
});

test('with reuse, a written buffer holds a later turn only after the stream called back', async () => {
  const { stream, chunks, release } = keepingStream(true);
  const turn = new TurnBuffer(true);
  const put = (word: string): void => {
    turn.put(word);
    turn.writeTo(stream);
  };
  put('one');
  put('two'); // the first write has not called back: its bytes must stay as they are
  put('three');
  expect(chunks.map((c) => c.toString())).toEqual(['one', 'two', 'three']);
  expect(new Set(chunks.map((c) => c.buffer)).size).toBe(3);
  release();
  await tick();
  put('four');
  put('five');
  // Called back: the buffers already made hold the later turns.
  expect(chunks.slice(3).map((c) => c.toString())).toEqual(['four', 'five']);
  expect(chunks.slice(0, 3).map((c) => c.buffer)).toContain(chunks[4].buffer);
  release();
});

test('a buffer grown past 1 MB by one large turn is not kept for later turns', async () => {
  const { stream, chunks, release } = keepingStream(false);
  const turn = new TurnBuffer(true);
  turn.put('b'.repeat(2 * 1024 * 1024));
  turn.writeTo(stream);
  await tick();
  for (const word of ['after', 'later', 'last']) {
    turn.put(word);
    turn.writeTo(stream);
    await tick();
  }
  expect(chunks).toHaveLength(4);
  expect(chunks.slice(1).map((c) => c.buffer)).not.toContain(chunks[0].buffer);
  release();
});
