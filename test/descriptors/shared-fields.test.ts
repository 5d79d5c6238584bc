/**
 * Shared definitions (`{"$ref": "fields/<file>.json#/<name>"}` with overrides): the loader resolves them
 * before validating, so every consumer sees resolved descriptors; a change to one definition reaches
 * every module that uses it; a broken or circular reference fails the load naming the files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescriptorError, loadConnector, ValidationError } from '../../src/runtime/runtime.js';
import { descriptorChecker } from '../../src/runtime/load/schema-validator.js';
import { RefResolver } from '../../src/runtime/load/resolve-refs.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { useDescriptorCopy } from '../helpers/descriptor-copy.js';

const connection = { accessToken: 'token-for-tests', wabaId: '419561257915477', graphUrl: 'http://127.0.0.1:9' };
const copy = useDescriptorCopy();
const edit = copy.edit;

function loadProblems(): string[] {
  try {
    loadConnector({ root: copy.root });
  } catch (error) {
    expect(error).toBeInstanceOf(DescriptorError);
    return (error as DescriptorError).problems;
  }
  throw new Error('the broken descriptors were accepted');
}

/** Every value under `value` (depth first) that `pick` accepts. */
function collect(value: unknown, pick: (node: Record<string, any>) => boolean, out: Record<string, any>[] = []): Record<string, any>[] {
  if (Array.isArray(value)) value.forEach((v) => collect(v, pick, out));
  else if (value && typeof value === 'object') {
    if (pick(value as Record<string, any>)) out.push(value as Record<string, any>);
    Object.values(value).forEach((v) => collect(v, pick, out));
  }
  return out;
}

const refsIn = (value: unknown) => collect(value, (n) => typeof n.$ref === 'string' && n.$ref.startsWith('fields/'));

describe('the loaded descriptors are resolved', () => {
  test('no module, RPC, webhook or the connection holds a reference after loading', () => {
    const c = loadConnector();
    expect(refsIn([c.modules, c.rpcs, c.webhooks, c.connection])).toEqual([]);
    // …while the files do use them.
    expect(refsIn(JSON.parse(readFileSync(join(REPO_ROOT, 'modules/send-message.json'), 'utf8'))).length).toBeGreaterThan(10);
  });

  test('a JSON Schema $ref inside a field schema keeps its meaning', () => {
    const template = loadConnector().modules['send-template-message'].expect!.find((f) => typeof f === 'object' && f.name === 'template');
    expect(template).toMatchObject({ schema: { $ref: 'https://whatsapp-business-cloud-connector/schemas/template-message.schema.json' } });
  });

  test('overrides win, key by key; a reference to a list inside a list is spliced in', () => {
    const c = loadConnector();
    const sender = (id: string) => c.modules[id].expect!.find((f) => typeof f === 'object' && f.name === 'senderId');
    // fields/sender.json#/senderId, with the help overridden in one module and not in the other.
    expect(sender('send-message')).toMatchObject({ options: 'rpc://list-senders', help: 'The business phone number ID to send from.' });
    expect(sender('deregister-sender')).toMatchObject({ options: 'rpc://list-senders', help: 'The business phone number ID.' });
    // list-templates: "Any" first, then the shared statuses; the RPC has them the other way round.
    const statuses = (options: unknown) => (options as Array<{ value: string }>).map((o) => o.value);
    const moduleStatus = c.modules['list-templates'].expect!.find((f) => typeof f === 'object' && f.name === 'status') as { options: unknown };
    const rpcStatus = c.rpcs['list-templates'].parameters!.find((f) => typeof f === 'object' && f.name === 'status') as { options: unknown };
    expect(statuses(moduleStatus.options)[0]).toBe('ANY');
    expect(statuses(rpcStatus.options).at(-1)).toBe('ANY');
    expect(statuses(moduleStatus.options).slice(1)).toEqual(statuses(rpcStatus.options).slice(0, -1));
    // send-message's interface is one reference to a list of four fields.
    expect(c.modules['send-message'].interface!.map((f) => (f as { name: string }).name)).toEqual(['messageId', 'messaging_product', 'contacts', 'messages']);
  });
});

describe('one definition, every use', () => {
  const footers = (c: ReturnType<typeof loadConnector>) => collect(c.modules, (n) => n.name === 'footer' && n.type === 'collection');

  test("changing the footer's max length in fields/interactive.json changes every footer, and what execute() accepts", async () => {
    const before = footers(loadConnector({ root: copy.root }));
    expect(before.length).toBeGreaterThanOrEqual(4); // buttons, list, CTA URL, flow
    expect(before.map((f) => f.spec[0].validate.max)).toEqual(before.map(() => 60));

    edit('fields/interactive.json', (j) => (j.footer.spec[0].validate.max = 42));
    const c = loadConnector({ root: copy.root });
    expect(footers(c).map((f) => f.spec[0].validate.max)).toEqual(before.map(() => 42));
    const input = {
      senderId: '106540352242922',
      to: '+16315551234',
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Confirm?' }, footer: { text: 'x'.repeat(43) }, action: { buttons: [{ reply: { id: 'y', title: 'Yes' } }] } },
    };
    const error = await c.executeDynamic('send-message', input, { connection }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/interactive\.footer\.text: must be at most 42 characters/);
  });

  test("changing the sender ID's pattern in fields/sender.json changes it in every module that picks a sender", () => {
    const pattern = (c: ReturnType<typeof loadConnector>) => Object.entries(c.modules).flatMap(([id, m]) => collect(m.expect ?? [], (n) => n.name === 'senderId').map((f) => [id, f.validate.pattern]));
    const before = pattern(loadConnector({ root: copy.root }));
    expect(before.length).toBeGreaterThanOrEqual(10);
    edit('fields/sender.json', (j) => (j.senderId.validate.pattern = '^[0-9]{5,32}$'));
    expect(pattern(loadConnector({ root: copy.root }))).toEqual(before.map(([id]) => [id, '^[0-9]{5,32}$']));
  });
});

describe('broken references fail the load, naming the files', () => {
  test('a missing definition', () => {
    edit('modules/deregister-sender.json', (j) => (j.expect[0] = { $ref: 'fields/sender.json#/sender' }));
    expect(loadProblems().join('\n')).toMatch(/modules\/deregister-sender\.json: \$\.expect\[0\]: \$ref "fields\/sender\.json#\/sender": fields\/sender\.json has nothing at \/sender/);
  });

  test('a missing file', () => {
    edit('modules/deregister-sender.json', (j) => (j.expect[0] = { $ref: 'fields/nowhere.json#/senderId' }));
    expect(loadProblems().join('\n')).toMatch(/modules\/deregister-sender\.json: \$\.expect\[0\]: \$ref "fields\/nowhere\.json#\/senderId": cannot read fields\/nowhere\.json/);
  });

  test('a reference outside fields/', () => {
    edit('modules/deregister-sender.json', (j) => (j.expect[0] = { $ref: '../secrets.json#/x' }));
    expect(loadProblems().join('\n')).toMatch(/modules\/deregister-sender\.json: \$\.expect\[0\]: \$ref "\.\.\/secrets\.json#\/x": must be "fields\/<file>\.json#\/<name>"/);
  });

  test('a cycle between two files is refused, naming every step', () => {
    writeFileSync(join(copy.root, 'fields/loop-a.json'), JSON.stringify({ one: { name: 'x', type: 'collection', spec: [{ $ref: 'fields/loop-b.json#/two' }] } }));
    writeFileSync(join(copy.root, 'fields/loop-b.json'), JSON.stringify({ two: { name: 'y', type: 'collection', spec: [{ $ref: 'fields/loop-a.json#/one' }] } }));
    edit('modules/deregister-sender.json', (j) => j.expect.push({ $ref: 'fields/loop-a.json#/one' }));
    expect(loadProblems().join('\n')).toMatch(
      /fields\/loop-b\.json: \$\.two\.spec\[0\]: \$ref "fields\/loop-a\.json#\/one": a reference cycle, refused \(modules\/deregister-sender\.json → fields\/loop-a\.json#\/one → fields\/loop-b\.json#\/two → fields\/loop-a\.json#\/one\)/,
    );
  });

  test('overrides on a reference to a list are refused', () => {
    edit('modules/send-message.json', (j) => (j.interface = [{ $ref: 'fields/message.json#/sent', label: 'Sent' }]));
    expect(loadProblems().join('\n')).toMatch(/modules\/send-message\.json: \$\.interface\[0\]: \$ref "fields\/message\.json#\/sent": points to a list or a value/);
  });

  test('a shared definition that breaks the schema is named as the origin of the problem', () => {
    edit('fields/sender.json', (j) => (j.senderId.type = 'phone'));
    const problems = loadProblems();
    expect(problems.join('\n')).toMatch(/modules\/deregister-sender\.json: \$\.expect\[0\]\.type: must be equal to one of the allowed values.* \(from fields\/sender\.json#\/senderId\)/);
    // Every module using it says so.
    expect(problems.filter((p) => p.includes('(from fields/sender.json#/senderId)')).length).toBeGreaterThanOrEqual(10);
  });
});

describe('the descriptor schema', () => {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/descriptor.schema.json'), 'utf8')) as { $id: string };

  test('accepts the files as written, references included', () => {
    const check = descriptorChecker(schema);
    for (const id of ['send-message', 'send-template-message', 'list-templates', 'watch-events']) {
      const file = `modules/${id}.json`;
      expect(check('Module', file, JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')))).toEqual([]);
    }
  });

  test('refuses a reference that does not point into fields/', () => {
    const mod = { label: 'x', description: 'x', moduleType: 'action', expect: [{ $ref: 'https://example.com/field.json' }] };
    expect(descriptorChecker(schema)('Module', 'modules/x.json', mod).join('\n')).toMatch(/modules\/x\.json: \$\.expect\[0\]/);
  });
});

describe('RefResolver', () => {
  const files: Record<string, unknown> = {
    'fields/a.json': {
      base: { name: 'a', type: 'collection', validate: { max: 1 }, spec: [{ name: 'x', type: 'text' }] },
      pair: [
        { name: 'p', type: 'text' },
        { name: 'q', type: 'text' },
      ],
    },
  };
  const read = (file: string) => {
    if (!(file in files)) throw new Error('no such file');
    return files[file];
  };

  test('deep-merges overrides, replaces arrays, splices lists, and leaves the source untouched', () => {
    const problems: string[] = [];
    const out = new RefResolver(read, problems).resolve(
      { expect: [{ $ref: 'fields/a.json#/base', label: 'A', validate: { min: 0 }, spec: [{ $ref: 'fields/a.json#/pair' }] }, { $ref: 'fields/a.json#/pair' }, { name: 'z', type: 'text' }] },
      'modules/m.json',
    );
    expect(problems).toEqual([]);
    expect(out).toEqual({
      expect: [
        {
          name: 'a',
          type: 'collection',
          label: 'A',
          validate: { max: 1, min: 0 },
          spec: [
            { name: 'p', type: 'text' },
            { name: 'q', type: 'text' },
          ],
        },
        { name: 'p', type: 'text' },
        { name: 'q', type: 'text' },
        { name: 'z', type: 'text' },
      ],
    });
    expect(files['fields/a.json']).toEqual({ base: { name: 'a', type: 'collection', validate: { max: 1 }, spec: [{ name: 'x', type: 'text' }] }, pair: expect.any(Array) });
  });

  test('a "__proto__" override is data, not a prototype', () => {
    const out = new RefResolver(read, []).resolve(JSON.parse('{"f": {"$ref": "fields/a.json#/base", "__proto__": {"polluted": true}}}'), 'modules/m.json') as { f: object };
    expect(Object.getPrototypeOf(out.f)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
