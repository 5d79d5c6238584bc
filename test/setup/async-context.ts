/**
 * jest-circus runs every test inside an AsyncLocalStorage of its own, a new one for every test file,
 * and never disables it. A worker runs many files, and Node copies every enabled store onto every new
 * promise: 20 files into a worker, 200,000 promises took 3.7 s and 1.6 GB of heap instead of 0.7 s and
 * 0.2 GB, and test/runtime/pacing/pacer.test.ts ran out of memory in CI. node:async_hooks is one module
 * for every file of a worker (jest gives each file its own `process`, so the record hangs on the class):
 * each store is recorded the first time it is entered, and each file, before its tests run, disables
 * those the files before it left enabled.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Store = AsyncLocalStorage<unknown>;
const ENTERED = Symbol.for('whatsapp-business-cloud-connector.test.entered-stores');
const shared = AsyncLocalStorage as unknown as { [ENTERED]?: Set<Store> };

function enteredStores(): Set<Store> {
  let stores = shared[ENTERED];
  if (!stores) {
    const seen = new Set<Store>();
    const proto = AsyncLocalStorage.prototype as unknown as Record<'run' | 'enterWith', (this: Store, ...args: unknown[]) => unknown>;
    for (const name of ['run', 'enterWith'] as const) {
      const original = proto[name];
      proto[name] = function (this: Store, ...args: unknown[]) {
        seen.add(this);
        return original.apply(this, args);
      };
    }
    stores = shared[ENTERED] = seen;
  }
  return stores;
}

// This runs before any test of its own file: every store entered so far belongs to a finished file.
const stores = enteredStores();
for (const store of stores) store.disable();
stores.clear();
