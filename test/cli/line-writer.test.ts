/**
 * `wabc webhook serve`'s output: the lines of one event-loop turn go out in one write, and a hand-over
 * resolves only once its lines are in the stream — after 'drain' when the reader is slow — so that the
 * receiver never acknowledges a delivery whose events were not written.
 */
import { Writable } from 'node:stream';
import { lineWriter } from '../../src/cli/line-writer.js';
import type { EventBundle } from '../../src/webhook/webhook-types.js';

const bundle = (id: string): EventBundle => ({ id, field: 'messages', type: 'message', wabaId: 'W' });

/** A stream that records each write and holds every callback until `release()`. */
function heldStream(highWaterMark: number) {
  const writes: string[] = [];
  const held: Array<() => void> = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      held.push(() => callback());
    },
  });
  return { stream, writes, release: () => held.splice(0).forEach((cb) => cb()) };
}

test('the hand-overs of one turn are written in one write, one JSON line per bundle, in order', async () => {
  const { stream, writes, release } = heldStream(1 << 20);
  const write = lineWriter(stream);
  const all = Promise.all([write([bundle('a'), bundle('b')]), write([bundle('c')])]);
  expect(writes).toEqual([]); // nothing before the turn ends
  await all;
  expect(writes).toHaveLength(1);
  expect(writes[0].split('\n').map((l) => (l ? (JSON.parse(l) as EventBundle).id : l))).toEqual(['a', 'b', 'c', '']);
  release();
  await write([bundle('d')]); // a later turn: a write of its own
  expect(writes).toHaveLength(2);
  release();
});

test('with a slow reader a hand-over resolves only after drain', async () => {
  const { stream, writes, release } = heldStream(8);
  const write = lineWriter(stream);
  let resolved = false;
  const handed = write([bundle('slow')]).then(() => (resolved = true));
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  expect(writes).toHaveLength(1);
  expect(resolved).toBe(false); // the stream's buffer is over its mark: not acknowledged yet
  release();
  await handed;
  expect(resolved).toBe(true);
});

test('a bundle that cannot be serialised fails its delivery and queues none of its lines', async () => {
  const { stream, writes } = heldStream(1 << 20);
  const write = lineWriter(stream);
  const bad = { ...bundle('bad'), value: { n: 1n } } as unknown as EventBundle;
  expect(() => write([bundle('first-of-bad'), bad])).toThrow();
  await write([bundle('ok')]);
  expect(writes.join('')).toBe(JSON.stringify(bundle('ok')) + '\n');
});
