/**
 * The built-in modules, RPCs and webhooks stay JSON text until read (parsed-on-read.ts): reading one
 * parses only it, every value comes out deep-frozen, and iteration gives every entry in the build's order.
 */
import { jest } from '@jest/globals';
import { ParsedOnRead, recordOf } from '../../src/runtime/load/parsed-on-read.js';
import { loadConnector } from '../../src/index.js';

const texts: Array<[string, string]> = [
  ['b', JSON.stringify({ id: 'b', fields: [{ name: 'x' }] })],
  ['a', JSON.stringify({ id: 'a' })],
  ['c', JSON.stringify({ id: 'c', nested: { deep: [1, 2] } })],
];

test('a value is parsed when first read, once, and frozen all the way down', () => {
  const map = new ParsedOnRead<{ id: string; fields?: Array<{ name: string }> }>(texts);
  const parse = jest.spyOn(JSON, 'parse');
  try {
    const b = map.get('b');
    expect(b).toEqual({ id: 'b', fields: [{ name: 'x' }] });
    expect(map.get('b')).toBe(b);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(Object.isFrozen(b)).toBe(true);
    expect(Object.isFrozen(b?.fields)).toBe(true);
    expect(Object.isFrozen(b?.fields?.[0])).toBe(true);
    expect(map.get('nope')).toBeUndefined();
    expect(map.has('c')).toBe(true);
    expect(map.has('nope')).toBe(false);
    expect(map.size).toBe(3);
    expect([...map.keys()]).toEqual(['b', 'a', 'c']);
    expect(parse).toHaveBeenCalledTimes(1);
  } finally {
    parse.mockRestore();
  }
});

test('iterating gives every entry in the original order, whatever was read first, and the values already read', () => {
  const map = new ParsedOnRead<{ id: string }>(texts);
  const c = map.get('c');
  expect([...map].map(([k]) => k)).toEqual(['b', 'a', 'c']);
  expect([...map.values()].map((v) => v.id)).toEqual(['b', 'a', 'c']);
  expect([...map.entries()][2][1]).toBe(c);
  const seen: string[] = [];
  map.forEach((v, k, m) => {
    expect(m).toBe(map);
    seen.push(`${k}=${v.id}`);
  });
  expect(seen).toEqual(['b=b', 'a=a', 'c=c']);
  expect(new Map(map)).toEqual(new Map(texts.map(([k, t]) => [k, JSON.parse(t) as unknown])));
});

test('recordOf reads through to the map: a property is parsed when read, enumerable, and the record frozen', () => {
  const map = new ParsedOnRead<{ id: string }>(texts);
  const record = recordOf(map);
  expect(Object.keys(record)).toEqual(['b', 'a', 'c']);
  expect(record.a).toBe(map.get('a'));
  expect(Object.isFrozen(record)).toBe(true);
  expect(JSON.parse(JSON.stringify(record))).toEqual({ b: JSON.parse(texts[0][1]), a: { id: 'a' }, c: JSON.parse(texts[2][1]) });
});

test("the connector's modules are the built-in set's, frozen, and the same objects every time they are read", () => {
  const connector = loadConnector();
  const send = connector.modules['send-message'];
  expect(send.label).toBe('Send a Message');
  expect(connector.modules['send-message']).toBe(send);
  expect(loadConnector().modules['send-message']).toBe(send);
  expect(Object.isFrozen(send.parameters)).toBe(true);
  expect(Object.keys(connector.modules)).toContain('watch-events');
  expect(() => {
    (connector.modules as Record<string, unknown>)['send-message'] = {};
  }).toThrow(TypeError);
});
