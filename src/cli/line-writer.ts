/**
 * Writes event bundles to a stream as JSON lines (`wabc webhook serve`'s output), the lines of one
 * event-loop turn in one write: under load that is one system call for all the deliveries read in that
 * turn instead of one each. A hand-over resolves only once its lines are in the stream — at once when
 * the write is accepted, after 'drain' when the reader is slow — so nothing is acknowledged before
 * it is written out.
 */
import type { Writable } from 'node:stream';
import type { EventBundle } from '../webhook/webhook-types.js';

export function lineWriter(out: Writable): (bundles: EventBundle[]) => Promise<void> {
  let text = '';
  let waiting: Array<() => void> = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const done = waiting;
    const batch = text;
    text = '';
    waiting = [];
    const settle = (): void => {
      for (const resolve of done) resolve();
    };
    if (out.write(batch)) settle();
    else out.once('drain', settle);
  };

  return (bundles) => {
    // A bundle that cannot be serialised fails its whole delivery before any of its lines is queued.
    let lines = '';
    for (const bundle of bundles) lines += JSON.stringify(bundle) + '\n';
    text += lines;
    return new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
  };
}
