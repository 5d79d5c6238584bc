/**
 * The sandbox's table of Meta's limits (src/sandbox/meta-limits.ts) is the one source of the numbers it
 * enforces. Here: every limit names where Meta says so; every limit that points into Meta's OpenAPI
 * spec agrees with the spec (or states the spec's other number, where Meta's page overrides it); and
 * docs/sandbox.md shows exactly this table. `UPDATE_SANDBOX_DOC=1` rewrites the doc's block.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LIMITS, PAGES, type MetaLimit } from '../../src/sandbox/meta-limits.js';
import { MEDIA_KINDS, MEDIA_SOURCE } from '../../src/sandbox/media-table.js';
import { REPO_ROOT } from '../helpers/repo-root.js';

// Vendored unchanged with its origin and licence (test/fixtures/meta-openapi/README.md).
const SPEC = parse(readFileSync(new URL('../fixtures/meta-openapi/business-messaging-api_v23.0.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
const DOC = join(REPO_ROOT, 'docs', 'sandbox.md');
const entries = Object.entries(LIMITS) as Array<[string, MetaLimit]>;

function resolvePointer(pointer: string): Record<string, unknown> | undefined {
  let node: unknown = SPEC;
  for (const escaped of pointer.replace(/^#\//, '').split('/')) {
    const part = escaped.replaceAll('~1', '/').replaceAll('~0', '~');
    node = (node as Record<string, unknown> | undefined)?.[/^\d+$/.test(part) ? Number(part) : part];
  }
  return node as Record<string, unknown> | undefined;
}

const spec = (node: Record<string, unknown>) => ({
  min: (node.minLength ?? node.minItems ?? node.minimum) as number | undefined,
  max: (node.maxLength ?? node.maxItems ?? node.maximum) as number | undefined,
});

test.each(entries)('%s names where Meta states it', (_name, limit) => {
  expect(limit.pages.length).toBeGreaterThan(0);
  const pages = Object.values(PAGES) as string[];
  for (const p of limit.pages) expect(pages.includes(p) || /^cloud-api\.md §\d+(\.\d+)?\b/.test(p)).toBe(true);
  if (limit.min !== undefined) expect(limit.min).toBeLessThanOrEqual(limit.max);
});

test.each(entries)('%s is enforced by the sandbox', (name) => {
  const sources = readdirSync(join(REPO_ROOT, 'src', 'sandbox'))
    .filter((f) => f.endsWith('.ts') && f !== 'meta-limits.ts')
    .map((f) => readFileSync(join(REPO_ROOT, 'src', 'sandbox', f), 'utf8'))
    .join('\n');
  expect(sources).toMatch(new RegExp(`\\bLIMITS\\.${name}\\b`));
});

const withSpec = entries.filter(([, l]) => l.oas !== undefined);

test.each(withSpec)("%s agrees with Meta's OpenAPI spec, or states where the spec differs", (_name, limit) => {
  const node = resolvePointer(limit.oas!);
  expect(node).toBeDefined();
  const stated = spec(node!);
  expect(stated.max).toBe(limit.oasSays ?? limit.max);
  if (stated.min !== undefined) expect(stated.min).toBe(limit.min);
});

test('the spec check can fail: a wrong number or a wrong pointer is caught', () => {
  expect(spec(resolvePointer(LIMITS.headerText.oas)!).max).not.toBe(61);
  expect(resolvePointer('#/components/schemas/NoSuchSchema/properties/text')).toBeUndefined();
  expect(withSpec.length).toBeGreaterThan(20);
});

// The doc's block, rendered from the table.
const pageNames = new Map<string, string>(Object.entries(PAGES).map(([k, v]) => [v, k]));
const ms = (n: number) => (n % 3_600_000 === 0 ? `${n / 3_600_000} h` : n % 60_000 === 0 ? `${n / 60_000} min` : `${n / 1000} s`);
const bytes = (n: number) => (n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MB` : `${n / 1024} KB`);

function amount(l: MetaLimit): string {
  const one = (n: number) => (l.unit === 'ms' ? ms(n) : l.unit === 'bytes' ? bytes(n) : String(n));
  const unit = l.unit === 'ms' || l.unit === 'bytes' ? '' : ` ${l.unit}`;
  if (l.unit === 'ms') return one(l.max); // a duration
  if (l.min === l.max) return `exactly ${one(l.max)}${unit}`;
  if (l.min !== undefined && l.min !== 0) return `${one(l.min)} to ${one(l.max)}${unit}`;
  return `≤ ${one(l.max)}${unit}`;
}

/** A schema by its name; an operation's parameter as `GET /path` and the parameter's index. */
function oasLabel(pointer: string): string {
  const operation = /^#\/paths\/([^/]+)\/(\w+)\/parameters\/(\d+)\/schema$/.exec(pointer);
  if (!operation) return pointer.replace('#/components/schemas/', '');
  return `${operation[2].toUpperCase()} ${operation[1].replaceAll('~1', '/').replaceAll('~0', '~')} parameters/${operation[3]}`;
}

function sources(l: MetaLimit): string {
  const pages = l.pages.map((p) => (p.startsWith('cloud-api.md') ? p.replace('cloud-api.md ', '') : `[${pageNames.get(p)}](${p})`));
  const oas = l.oas ? [`OAS \`${oasLabel(l.oas)}\`${l.oasSays !== undefined ? ` (says ${l.oasSays})` : ''}`] : [];
  return [...pages, ...oas].join(', ');
}

function renderBlock(): string {
  const limits = entries.map(([name, l]) => `| ${l.what} | ${amount(l)} | ${sources(l)} | \`${name}\` |`);
  const media = MEDIA_KINDS.map((k) => `| ${k.kind} | ${k.types.map((t) => `\`${t}\``).join(', ')} | ${bytes(k.maxBytes)} |`);
  return [
    '| what | limit | where Meta says so | name |',
    '|---|---|---|---|',
    ...limits,
    '',
    `Media types ([media](${MEDIA_SOURCE}), §3.5):`,
    '',
    '| kind | MIME types | max size |',
    '|---|---|---|',
    ...media,
  ].join('\n');
}

const BEGIN = '<!-- limits:begin (generated from src/sandbox/meta-limits.ts and media-table.ts; UPDATE_SANDBOX_DOC=1 npx jest test/sandbox/meta-limits rewrites it) -->';
const END = '<!-- limits:end -->';

test('docs/sandbox.md shows the table the sandbox enforces', () => {
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const expected = `${BEGIN}\n${renderBlock()}\n${END}`;
  const actual = doc.slice(start, end + END.length);
  if (actual !== expected && process.env.UPDATE_SANDBOX_DOC === '1') writeFileSync(DOC, doc.slice(0, start) + expected + doc.slice(end + END.length));
  else expect(actual).toBe(expected);
});
