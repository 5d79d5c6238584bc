import { deepFreeze } from '../deep-freeze.js';

/**
 * A read-only map of JSON texts, each parsed and deep-frozen when first read: a run reads one module of
 * the built-in set, and parsing and freezing all of them was most of what loading the set cost.
 * Reading every value (iterating, forEach) parses the rest, in the original order.
 */
export class ParsedOnRead<V> implements ReadonlyMap<string, V> {
  readonly #texts: ReadonlyMap<string, string>;
  #parsed = new Map<string, V>();
  #complete = false;

  constructor(entries: ReadonlyArray<readonly [string, string]>) {
    this.#texts = new Map(entries);
  }

  get(key: string): V | undefined {
    let value = this.#parsed.get(key);
    if (value === undefined) {
      const text = this.#texts.get(key);
      if (text === undefined) return undefined;
      value = deepFreeze(JSON.parse(text) as V);
      this.#parsed.set(key, value);
    }
    return value;
  }

  has(key: string): boolean {
    return this.#texts.has(key);
  }

  get size(): number {
    return this.#texts.size;
  }

  keys(): MapIterator<string> {
    return this.#texts.keys();
  }

  values(): MapIterator<V> {
    return this.#all().values();
  }

  entries(): MapIterator<[string, V]> {
    return this.#all().entries();
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.#all()) callback.call(thisArg, value, key, this);
  }

  #all(): Map<string, V> {
    if (!this.#complete) {
      const all = new Map<string, V>();
      for (const key of this.#texts.keys()) all.set(key, this.get(key) as V);
      this.#parsed = all;
      this.#complete = true;
    }
    return this.#parsed;
  }
}

/** A frozen record of a map's entries, each value read from the map when the property is first read. */
export function recordOf<V>(map: ReadonlyMap<string, V>): Record<string, V> {
  const record: Record<string, V> = {};
  for (const key of map.keys()) Object.defineProperty(record, key, { enumerable: true, get: () => map.get(key) });
  return Object.freeze(record);
}
