/**
 * The JSON Schemas of the built-in fields are compiled when the package is built (ajv's standalone code,
 * src/runtime/generated/json-validators.ts). Each must answer exactly as ajv compiling the same schema at
 * run time with the runtime's options — the same verdict and the same errors, which become the messages
 * users read — on realistic values and on arbitrary JSON. A schema from elsewhere is still compiled, once.
 */
import fc from 'fast-check';
import { Ajv, type ValidateFunction } from 'ajv';
import { PRECOMPILED } from '../../src/runtime/generated/json-validators.js';
import { builtInPayloadSchemas } from '../../src/runtime/load/built-in-descriptors.js';
import { checkJsonSchema, jsonSchemaValidatorCount } from '../../src/runtime/fields/json-schema-check.js';
import { contentKey } from '../../src/runtime/fields/content-key.js';
import { loadConnector } from '../../src/index.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root.js';

const ajv = new Ajv({ allErrors: true, strict: false });
for (const schema of builtInPayloadSchemas()) ajv.addSchema(schema as object);

/** Values near what each schema expects: template variables, messages and components, coordinates, Graph call bodies. */
const SAMPLES: unknown[] = [
  'Jasper',
  '',
  'x'.repeat(40_000),
  12.5,
  '-33.865143',
  '91',
  -180,
  181,
  null,
  { currency: { fallback_value: '$10', code: 'USD', amount_1000: 10_000 } },
  { currency: { fallback_value: '$10', code: 'USD' } },
  { date_time: { fallback_value: 'Monday' } },
  { date_time: {} },
  { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Jasper' }] }] },
  { name: 'Order Update', language: { code: 'english' } },
  { name: 'order_update', language: { code: 'en_US', policy: 'deterministic' }, components: [{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'x' }] }] },
  [{ type: 'BODY', text: 'Hello {{1}}', example: { body_text: [['Jasper']] } }],
  [
    { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }] },
  ],
  [{ type: 'FOOTER' }],
  { fields: 'id,name' },
  { a: 1, b: [true, 'x'] },
];

const cases = [...PRECOMPILED].map(([key, validate]) => [key.length > 90 ? `${key.slice(0, 90)}…` : key, key, validate] as const);

test('every schema a built-in field carries, in a module, an RPC or a shared field file, was compiled with the package', () => {
  const connector = loadConnector();
  const schemas: object[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string' && o.schema && typeof o.schema === 'object') schemas.push(o.schema);
      Object.values(o).forEach(walk);
    }
  };
  walk([connector.modules, connector.rpcs]);
  for (const file of readdirSync(join(REPO_ROOT, 'fields'))) walk(JSON.parse(readFileSync(join(REPO_ROOT, 'fields', file), 'utf8')));
  expect(schemas.length).toBeGreaterThanOrEqual(cases.length);
  expect(schemas.map(contentKey).filter((key) => !PRECOMPILED.has(key))).toEqual([]);
});

test.each(cases)('%s: answers as ajv compiling it now', (_label, key, precompiled: ValidateFunction) => {
  const compiled = ajv.compile(JSON.parse(key) as object);
  const same = (value: unknown) => {
    const verdict = precompiled(value);
    expect(verdict).toBe(compiled(value));
    expect(precompiled.errors ?? null).toEqual(compiled.errors ?? null);
  };
  for (const value of SAMPLES) same(value);
  fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.constantFrom(...SAMPLES)), same), { numRuns: 200 });
});

test('a schema that is not built in is compiled on first use, once for equal schemas', () => {
  const before = jsonSchemaValidatorCount();
  const schema = () => ({ type: 'object', required: ['sku'], properties: { sku: { type: 'string', minLength: 3 } } });
  expect(checkJsonSchema(schema(), { sku: 'A1' }, 'item')).toEqual([{ path: 'item.sku', message: 'must NOT have fewer than 3 characters' }]);
  expect(checkJsonSchema(schema(), { sku: 'A12' }, 'item')).toEqual([]);
  expect(jsonSchemaValidatorCount() - before).toBe(1);
});

test("a template variable's anyOf takes exactly what oneOf would: its branches exclude each other", () => {
  const file = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'template-message.schema.json'), 'utf8')) as { definitions: Record<string, Record<string, unknown>> };
  const { anyOf, ...rest } = file.definitions.VariableValue;
  expect(anyOf).toHaveLength(4);
  const definitions = { ...file.definitions };
  const asOneOf = new Ajv({ allErrors: true, strict: false }).compile({ definitions, ...rest, oneOf: anyOf });
  const asAnyOf = new Ajv({ allErrors: true, strict: false }).compile({ definitions, ...rest, anyOf });
  const currency = { fallback_value: '$10', code: 'USD', amount_1000: 10_000 };
  const date_time = { fallback_value: 'Monday' };
  // Values that would pass two branches at once if the branches overlapped.
  const edges = [{ currency, date_time }, { currency }, { date_time }, { currency, extra: 1 }, 7, '7', 'x', '', {}];
  const same = (value: unknown) => expect(asAnyOf(value)).toBe(asOneOf(value));
  for (const value of [...SAMPLES, ...edges]) same(value);
  const variable = fc.oneof(
    fc.jsonValue(),
    fc.record({ currency: fc.oneof(fc.constant(currency), fc.jsonValue()), date_time: fc.oneof(fc.constant(date_time), fc.jsonValue()) }, { requiredKeys: [] }),
  );
  fc.assert(fc.property(variable, same), { numRuns: 500 });
  expect(asAnyOf({ currency, date_time })).toBe(false);
  expect(asAnyOf({ currency })).toBe(true);
});
