/**
 * watch-events' output fields (its `interface`) are checked against Meta's webhook payload schema
 * instead of being trusted as a hand-written restatement: every field it names exists in the payload
 * with a matching type, and what either side has that the other lacks is listed here, with its source.
 * Schema: test/fixtures/meta-openapi/webhook-payload.schema.json (derived from Meta's OpenAPI spec,
 * v23.0; origin and licence in the README beside it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConnector } from '../../../src/runtime/runtime.js';
import { REPO_ROOT } from '../../helpers/repo-root.js';

type Schema = Record<string, any>;
type Field = { name: string; type: string; label?: string; spec?: Field | Field[] };

const payload = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/meta-openapi/webhook-payload.schema.json'), 'utf8')) as { $defs: Record<string, Schema> };
const outputFields = loadConnector().modules['watch-events'].interface as unknown as Field[];
const part = (name: string) => outputFields.find((f) => f.name === name)!;
const def = (name: string): Schema => ({ $ref: `#/$defs/${name}` });

/** Where each part of a bundle comes from in Meta's payload. */
const SOURCES: Array<[string, Schema[]]> = [
  ['contact', [def('ContactProfile')]],
  ['message', [def('IncomingMessage'), def('SystemMessage')]],
  ['status', [def('Statuses')]],
  // An out-of-band error (value.errors[]) has the error object's shape; the schema has it in messages[].errors.
  ['error', [def('ErrorObject_2')]],
];

/**
 * Output fields the loose schema does not have. Meta sends them (sources per line); whatsapp-api-js,
 * a devDependency, types each of them too (checked below).
 */
const NOT_IN_SCHEMA: Record<string, string> = {
  // Business-scoped user IDs: https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids/
  'contact.user_id': 'user_id',
  'contact.profile.username': 'username',
  'contact.profile.country_code': 'country_code',
  'message.from_user_id': 'from_user_id',
  'status.recipient_user_id': 'recipient_user_id',
  // Status webhook reference: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status/
  'status.recipient_type': 'recipient_type',
  'status.biz_opaque_callback_data': 'biz_opaque_callback_data',
  'status.pricing.type': 'free_customer_service',
  // Inbound messages (whatsapp-api-js 6.3.0, lib/types.d.ts: ServerDocumentMessage, ServerInteractiveMessage, ServerSystemMessage, ServerMessage.context)
  'message.document.caption': 'caption',
  'message.interactive.nfm_reply': 'nfm_reply',
  'message.system.customer': 'customer',
  'message.context.forwarded': 'forwarded',
  'message.context.frequently_forwarded': 'frequently_forwarded',
};

/** Payload properties the output fields leave out (the bundle still carries them as Meta sent them). */
const NOT_IN_INTERFACE = ['message.referral.welcome_message', 'status.group_id'];

const deref = (s: Schema | undefined): Schema | undefined => {
  let node = s;
  while (node?.$ref) node = payload.$defs[String(node.$ref).replace('#/$defs/', '')];
  return node;
};

/** Every property a schema may have, over allOf / oneOf / anyOf and discriminator mappings: name → its schemas. */
function properties(schema: Schema | undefined, out = new Map<string, Schema[]>()): Map<string, Schema[]> {
  const s = deref(schema);
  if (!s) return out;
  for (const key of ['allOf', 'oneOf', 'anyOf']) for (const branch of (s[key] as Schema[] | undefined) ?? []) properties(branch, out);
  for (const target of Object.values((s.discriminator?.mapping as Record<string, string> | undefined) ?? {})) properties({ $ref: target }, out);
  for (const [name, p] of Object.entries((s.properties as Record<string, Schema> | undefined) ?? {})) out.set(name, [...(out.get(name) ?? []), p]);
  return out;
}

function jsonTypes(schemas: Schema[]): Set<string> {
  return new Set(
    schemas.flatMap((p) => {
      const s = deref(p)!;
      const declared = [s.type].flat().filter(Boolean) as string[];
      return declared.length > 0 ? declared : s.allOf || s.oneOf || s.properties ? ['object'] : [];
    }),
  );
}

const COMPATIBLE: Record<string, string[]> = { text: ['string'], url: ['string'], number: ['number', 'integer'], boolean: ['boolean'], collection: ['object'], array: ['array'] };

interface Finding {
  missing: string[];
  wrongType: string[];
  unlisted: string[];
}

function compare(fields: Field[], schemas: Schema[], path: string, found: Finding): void {
  const props = new Map<string, Schema[]>();
  for (const s of schemas) for (const [name, list] of properties(s)) props.set(name, [...(props.get(name) ?? []), ...list]);
  for (const f of fields) {
    const here = `${path}.${f.name}`;
    const p = props.get(f.name);
    if (!p) {
      found.missing.push(here);
      continue;
    }
    const want = COMPATIBLE[f.type];
    if (want && ![...jsonTypes(p)].some((t) => want.includes(t))) found.wrongType.push(`${here}: ${f.type} vs ${[...jsonTypes(p)].join('|')}`);
    if (Array.isArray(f.spec)) compare(f.spec, f.type === 'array' ? p.map((s) => deref(s)!.items as Schema) : p, here, found);
  }
  for (const name of props.keys()) if (!fields.some((f) => f.name === name)) found.unlisted.push(`${path}.${name}`);
}

const findings: Finding = { missing: [], wrongType: [], unlisted: [] };
for (const [name, schemas] of SOURCES) compare(part(name).spec as Field[], schemas, name, findings);

test('every output field is in the payload schema, or listed with its source', () => {
  expect(findings.missing.sort()).toEqual(Object.keys(NOT_IN_SCHEMA).sort());
});

test('each output field has the type the payload gives it', () => {
  expect(findings.wrongType).toEqual([]);
});

test('every payload property is an output field, or listed as left out', () => {
  expect(findings.unlisted.sort()).toEqual([...NOT_IN_INTERFACE].sort());
});

test('a second source names every field the schema lacks (whatsapp-api-js webhook types)', () => {
  const types = readFileSync(join(REPO_ROOT, 'node_modules/whatsapp-api-js/lib/types.d.ts'), 'utf8');
  for (const word of Object.values(NOT_IN_SCHEMA)) expect(types).toMatch(new RegExp(`\\b${word}\\b`));
});

test('the check itself notices a field that is not in the payload, and a wrong type', () => {
  const probe: Finding = { missing: [], wrongType: [], unlisted: [] };
  compare(
    [
      { name: 'id', type: 'number' },
      { name: 'colour', type: 'text' },
    ],
    [def('Statuses')],
    'status',
    probe,
  );
  expect(probe.missing).toEqual(['status.colour']);
  expect(probe.wrongType).toEqual(['status.id: number vs string']);
});

test('labels only where they say more than the field name', () => {
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const restating: string[] = [];
  const walk = (fields: Field[], path: string) => {
    for (const f of fields) {
      if (f.label !== undefined && plain(f.label) === plain(f.name)) restating.push(`${path}${f.name}: "${f.label}"`);
      if (f.spec) walk([f.spec].flat(), `${path}${f.name}.`);
    }
  };
  walk(outputFields, '');
  expect(restating).toEqual([]);
});
