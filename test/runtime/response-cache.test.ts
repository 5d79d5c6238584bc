/** Kept GET answers: per execution always, per connection for the request's x-cacheSeconds (injected clock). */
import { ConnectionResponses, ResponseCache } from '../../src/runtime/communication/response-cache.js';
import type { HttpResponse } from '../../src/runtime/transport/transport-types.js';

const answer = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body });
/** The answer a cache gives, once it has arrived. */
const read = (cache: ResponseCache, url: string, ttlMs: number | undefined, fresh: boolean, load: () => Promise<HttpResponse>) => cache.get(url, ttlMs, fresh, load).promise;

function loader() {
  let calls = 0;
  const load = () => {
    calls++;
    return Promise.resolve(answer({ n: calls }));
  };
  return {
    load,
    get calls() {
      return calls;
    },
  };
}

test('within one execution a GET is read once, kept or not', async () => {
  const l = loader();
  const cache = new ResponseCache();
  await read(cache, 'u', undefined, false, l.load);
  await read(cache, 'u', undefined, false, l.load);
  expect(l.calls).toBe(1);
});

test('across executions only a request with a lifetime is kept, and only for that long', async () => {
  let now = 1000;
  const shared = new ConnectionResponses(() => now);
  const l = loader();
  await read(new ResponseCache(shared), 'kept', 60_000, false, l.load);
  await read(new ResponseCache(shared), 'not-kept', undefined, false, l.load);
  expect((await read(new ResponseCache(shared), 'kept', 60_000, false, l.load)).body).toEqual({ n: 1 });
  await read(new ResponseCache(shared), 'not-kept', undefined, false, l.load);
  expect(l.calls).toBe(3);
  now += 59_999;
  await read(new ResponseCache(shared), 'kept', 60_000, false, l.load);
  expect(l.calls).toBe(3);
  now += 1;
  expect((await read(new ResponseCache(shared), 'kept', 60_000, false, l.load)).body).toEqual({ n: 4 });
});

test('concurrent executions share one read in flight', async () => {
  const shared = new ConnectionResponses(() => 0);
  let release!: (r: HttpResponse) => void;
  let calls = 0;
  const load = () => {
    calls++;
    return new Promise<HttpResponse>((resolve) => (release = resolve));
  };
  const waiting = Array.from({ length: 16 }, () => read(new ResponseCache(shared), 'u', 1000, false, load));
  release(answer({ ok: true }));
  const answers = await Promise.all(waiting);
  expect(calls).toBe(1);
  expect(new Set(answers).size).toBe(1);
});

test('a failed read is not kept: the next execution tries again', async () => {
  const shared = new ConnectionResponses(() => 0);
  let calls = 0;
  const failing = () => {
    calls++;
    return Promise.reject(new Error('boom'));
  };
  await expect(read(new ResponseCache(shared), 'u', 1000, false, failing)).rejects.toThrow('boom');
  await new Promise((resolve) => setImmediate(resolve));
  await expect(read(new ResponseCache(shared), 'u', 1000, false, failing)).rejects.toThrow('boom');
  expect(calls).toBe(2);
  expect(shared.size).toBe(0);
});

test('a kept answer is frozen, so no execution can change it for the others', async () => {
  const shared = new ConnectionResponses(() => 0);
  const l = loader();
  const res = await read(new ResponseCache(shared), 'u', 1000, false, l.load);
  const again = await read(new ResponseCache(shared), 'u', 1000, false, l.load);
  expect(again).toBe(res);
  expect(Object.isFrozen(res.body)).toBe(true);
});

test('fresh (a restarted chain) reads again and keeps the new answer', async () => {
  const shared = new ConnectionResponses(() => 0);
  const l = loader();
  await read(new ResponseCache(shared), 'u', 1000, false, l.load);
  expect((await read(new ResponseCache(shared), 'u', 1000, true, l.load)).body).toEqual({ n: 2 });
  expect((await read(new ResponseCache(shared), 'u', 1000, false, l.load)).body).toEqual({ n: 2 });
});
