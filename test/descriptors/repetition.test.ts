/**
 * Say each thing once, in the data too: no block of more than 15 lines (pretty-printed, keys sorted)
 * is written twice anywhere in the descriptor files — a repeated block belongs in fields/ and is
 * referenced — and send-message's own file stays under 700 lines. Every shared definition is used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root.js';

const FOLDERS = ['modules', 'rpcs', 'webhooks', 'connection', 'fields'];
const MAX_LINES = 15;

type Json = unknown;

function jsonFiles(): Array<[string, Json]> {
  return FOLDERS.flatMap((dir) =>
    readdirSync(join(REPO_ROOT, dir))
      .filter((f) => f.endsWith('.json'))
      .map((f): [string, Json] => [`${dir}/${f}`, JSON.parse(readFileSync(join(REPO_ROOT, dir, f), 'utf8'))]),
  );
}

const sortedKeys = (v: Json): Json =>
  Array.isArray(v)
    ? v.map(sortedKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortedKeys((v as Record<string, Json>)[k])]),
        )
      : v;

/** Every block (object or array) longer than MAX_LINES that occurs more than once, with where it occurs. */
function repeatedBlocks(files: Array<[string, Json]>): Array<{ lines: number; at: string[] }> {
  const seen = new Map<string, { lines: number; at: string[] }>();
  const walk = (value: Json, where: string) => {
    if (!value || typeof value !== 'object') return;
    const text = JSON.stringify(sortedKeys(value), null, 2);
    const lines = text.split('\n').length;
    if (lines > MAX_LINES) {
      const entry = seen.get(text) ?? { lines, at: [] };
      entry.at.push(where);
      seen.set(text, entry);
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}/${i}`));
    else for (const [k, v] of Object.entries(value)) walk(v, `${where}/${k}`);
  };
  for (const [file, json] of files) walk(json, `${file}#`);
  const repeated = [...seen.values()].filter((e) => e.at.length > 1);
  // Report the outermost block of a repetition, not each of its parts again.
  return repeated.filter((e) => !repeated.some((o) => o !== e && e.at.every((p) => o.at.some((q) => p.startsWith(`${q}/`)))));
}

test('the detector finds a block written twice, in one file or across files', () => {
  const block = { name: 'header', type: 'collection', spec: Array.from({ length: 4 }, (_, i) => ({ name: `f${i}`, type: 'text' })) };
  const found = repeatedBlocks([
    ['modules/a.json', { expect: [block, { name: 'x', type: 'text' }] }],
    ['modules/b.json', { expect: [{ name: 'y', type: 'text' }, { ...block }] }],
  ]);
  expect(found).toEqual([{ lines: expect.any(Number), at: ['modules/a.json#/expect/0', 'modules/b.json#/expect/1'] }]);
  expect(repeatedBlocks([['modules/a.json', { expect: [block] }]])).toEqual([]);
});

test(`no block of more than ${MAX_LINES} lines is repeated in ${FOLDERS.join('/, ')}/`, () => {
  expect(repeatedBlocks(jsonFiles())).toEqual([]);
});

test('modules/send-message.json is under 700 lines', () => {
  const lines = readFileSync(join(REPO_ROOT, 'modules/send-message.json'), 'utf8').split('\n').length;
  expect(lines).toBeLessThan(700);
});

test('every shared definition in fields/ is used by a descriptor, another definition or a function', () => {
  const files = jsonFiles();
  const refs = new Set<string>();
  const collect = (v: Json) => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') {
      const ref = (v as Record<string, Json>).$ref;
      if (typeof ref === 'string') refs.add(ref);
      Object.values(v).forEach(collect);
    }
  };
  files.forEach(([, json]) => collect(json));
  // Pure functions read a few definitions as data (functions/ cannot use the loader).
  const functionSources = readdirSync(join(REPO_ROOT, 'functions'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(REPO_ROOT, 'functions', f), 'utf8'))
    .join('\n');
  const unused = files
    .filter(([file]) => file.startsWith('fields/') && !functionSources.includes(`../${file}'`))
    .flatMap(([file, json]) => Object.keys(json as object).map((name) => `${file}#/${name}`))
    .filter((ref) => !refs.has(ref));
  expect(unused).toEqual([]);
});
