/**
 * fast-check arbitraries built from a module's fields: mostly well-formed values of each field's type
 * (so validation gets past the first field and deep paths are exercised), mixed with junk of any shape.
 */
import fc from 'fast-check';
import type { Field, Fields, Nested, Option } from '../../src/runtime/generated/descriptor.js';

const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(''),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
  fc.constantFrom('__proto__', 'constructor', '../../x', 'https://evil.example/x', '{{connection.accessToken}}', '\u0000', '😀'.repeat(3000)),
);

const phone = fc.oneof(
  fc.constantFrom('+16315551234', '16315551234', '+1 (631) 555-1234', '(631) 555-1234', 'US.13491208655302741918', '+44 20 7946 0958', '12', 'abc'),
  fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/),
);

function options(field: Field): Option[] {
  if (Array.isArray(field.options)) return field.options;
  if (field.options && typeof field.options === 'object' && Array.isArray(field.options.store)) return field.options.store;
  return [];
}

function valueFor(field: Field, depth: number): fc.Arbitrary<unknown> {
  const v = field.validate ?? {};
  const good: fc.Arbitrary<unknown> = (() => {
    switch (field.type) {
      case 'text':
        if (field['x-normalize'] === 'recipient') return phone;
        if (v.pattern) return fc.oneof(fc.stringMatching(new RegExp(v.pattern)), fc.string());
        return fc.string({ maxLength: (v.max ?? 40) + 2 });
      case 'number':
      case 'integer':
      case 'uinteger':
        return fc.oneof(fc.integer({ min: -200, max: 200 }), fc.double({ noNaN: false }), fc.constant('12'));
      case 'boolean':
        return fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'yes'));
      case 'url':
        return fc.oneof(fc.webUrl(), fc.string());
      case 'email':
        return fc.oneof(fc.emailAddress(), fc.string());
      case 'select': {
        const opts = options(field);
        const one = opts.length ? fc.oneof(fc.constantFrom(...opts.map((o) => o.value)), fc.string()) : fc.oneof(fc.stringMatching(/^[0-9]{1,16}$/), fc.string());
        return field.multiple ? fc.array(one, { maxLength: 3 }) : one;
      }
      case 'collection':
        return depth > 4 ? junk : objectFor(Array.isArray(field.spec) ? field.spec : [], depth + 1);
      case 'array': {
        if (depth > 4) return junk;
        const item = Array.isArray(field.spec) ? objectFor(field.spec, depth + 1) : field.spec ? valueFor(field.spec, depth + 1) : junk;
        return fc.array(item, { maxLength: (v.maxItems ?? 3) + 1 });
      }
      case 'buffer':
        return fc.oneof(fc.constant({ data: 'hello', fileName: 'a.txt' }), fc.constant('/definitely/not/here.pdf'), fc.string());
      default:
        return junk;
    }
  })();
  return fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: fc.constant(undefined) });
}

/** An input object for a list of fields, including the nested fields of every static select option. */
export function objectFor(fields: Fields | Nested, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const list = (typeof fields === 'string' ? [] : fields).filter((f): f is Field => typeof f === 'object');
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of list) {
    record[f.name] = valueFor(f, depth);
    for (const o of options(f)) if (Array.isArray(o.nested)) for (const n of o.nested) if (typeof n === 'object' && !record[n.name]) record[n.name] = valueFor(n, depth + 1);
  }
  return fc.record(record, { requiredKeys: [] }).chain((obj) => fc.oneof({ weight: 9, arbitrary: fc.constant(obj) }, { weight: 1, arbitrary: fc.constant({ ...obj, unexpectedKey: 1 }) }));
}
