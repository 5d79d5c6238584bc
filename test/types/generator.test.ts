/**
 * The module-type generator on a small descriptor set with the shapes this repository's descriptors do
 * not use yet (a select's default option, an optional select, a multiple select, a store with nested
 * RPC fields, a required field with a default): the generated file is compiled with usage cases.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compare, compileTypeTests, repoRoot, typesConfig } from './expected-errors.js';

type Generate = (descriptors?: unknown) => Promise<string>;
const { generateModuleTypes } = (await import(pathToFileURL(join(repoRoot, 'scripts/gen-module-types.mjs')).href)) as { generateModuleTypes: Generate };

const request = (response: Record<string, unknown>) => ({ url: '/x', method: 'GET', response });
const options = (...values: string[]) => values.map((value) => ({ label: value, value }));

function descriptors(rpcs: Record<string, unknown> = {}) {
  return {
    root: repoRoot,
    modules: new Map<string, unknown>([
      [
        'demo-action',
        {
          label: 'Demo',
          description: 'Every select shape.',
          moduleType: 'action',
          expect: [
            { name: 'senderId', type: 'select', required: true, options: 'rpc://demo-options' },
            {
              name: 'kind',
              type: 'select',
              required: true,
              default: 'a',
              options: [
                { label: 'A', value: 'a', nested: [{ name: 'aText', type: 'text', required: true }] },
                { label: 'B', value: 'b', nested: [{ name: 'bCount', type: 'integer', required: true }] },
                { label: 'C', value: 'c' },
              ],
            },
            { name: 'mode', type: 'select', options: [{ label: 'X', value: 'x', nested: [{ name: 'xFlag', type: 'boolean', required: true }] }, ...options('y')] },
            { name: 'tags', type: 'select', multiple: true, options: [{ label: 'T1', value: 't1', nested: [{ name: 't1Note', type: 'text', required: true }] }, ...options('t2')] },
            { name: 'count', type: 'uinteger', required: true, default: 1 },
            { name: 'secret', type: 'hidden' },
          ],
          interface: [
            { name: 'ok', type: 'boolean', required: true },
            { name: 'note', type: 'text' },
          ],
          communication: request({ output: { ok: '{{body.ok}}' } }),
        },
      ],
      [
        'demo-rpc-fields',
        {
          label: 'RPC fields',
          description: 'Fields an RPC gives for the chosen value.',
          moduleType: 'action',
          expect: [{ name: 'extra', type: 'select', options: { store: 'rpc://demo-options', nested: 'rpc://demo-fields' } }],
          communication: request({}),
        },
      ],
      [
        'demo-search',
        { label: 'Search', description: 'A list.', moduleType: 'search', interface: [{ name: 'id', type: 'text' }], communication: request({ iterate: '{{body.data}}', output: '{{item}}' }) },
      ],
      ['demo-trigger', { label: 'Trigger', description: 'From a webhook.', moduleType: 'instant_trigger', webhook: 'demo', interface: [] }],
    ]),
    rpcs: new Map<string, unknown>(
      Object.entries({
        'demo-options': { label: 'Options', communication: request({ iterate: '{{body.data}}', output: { label: '{{item.name}}', value: '{{item.id}}' } }) },
        'demo-fields': { label: 'Fields', parameters: [{ name: 'extra', type: 'text', required: true }], communication: request({ output: '{{body}}' }) },
        ...rpcs,
      }),
    ),
  };
}

const usage = `import type { ModuleInput, ModuleOutput, RpcOutput, ExecutableModuleId } from './demo-modules.js';
type In = ModuleInput<'demo-action'>;
export const defaulted: In = { senderId: '1', aText: 'the default option brings aText' };
export const chosen: In = { senderId: '1', kind: 'b', bCount: 2, count: undefined };
// @ts-expect-error [2322] the default option's field is required when kind is left out
export const missing: In = { senderId: '1' };
// @ts-expect-error [2353] option b brings bCount, not aText
export const crossed: In = { senderId: '1', kind: 'b', bCount: 2, aText: 'x' };
export const withMode: In = { senderId: '1', aText: 'x', mode: 'x', xFlag: true };
export const plainMode: In = { senderId: '1', aText: 'x', mode: 'y' };
// @ts-expect-error [2322] option x brings a required xFlag
export const modeWithoutFlag: In = { senderId: '1', aText: 'x', mode: 'x' };
export const tags: In = { senderId: '1', aText: 'x', tags: ['t1', 't2'] };
export const tagsWithNote: In = { senderId: '1', aText: 'x', tags: ['t1'], t1Note: 'several options may be chosen: their fields are optional' };
export const hidden: In = { senderId: '1', aText: 'x', secret: { any: 'thing' } };
export const fromRpc: ModuleInput<'demo-rpc-fields'> = { extra: 'e1', anyFieldTheRpcGives: 3 };
export const noRpcFields: ModuleInput<'demo-rpc-fields'> = {};
declare const out: ModuleOutput<'demo-action'>;
export const ok: boolean = out.ok;
// @ts-expect-error [2322] an interface field without required may be absent
export const note: string = out.note;
declare const found: ModuleOutput<'demo-search'>;
export const firstId: string | undefined = found[0]?.id;
export const options: { label: string; value: string }[] = [] as RpcOutput<'demo-options'>;
export const fieldNames: string[] = ([] as RpcOutput<'demo-fields'>).map((f) => f.name);
// @ts-expect-error [2322] an instant trigger is not run by execute()
export const trigger: ExecutableModuleId = 'demo-trigger';
`;

test('the generated types discriminate by every kind of select, and compile under the strict options', async () => {
  const dir = join(repoRoot, 'src/runtime/generated');
  const virtual = new Map([
    [join(dir, 'demo-modules.ts'), await generateModuleTypes(descriptors())],
    [join(dir, 'demo-usage.ts'), usage],
  ]);
  const result = compare(compileTypeTests([...virtual.keys()], typesConfig().options, { virtual, ownErrorsOnly: true }));
  expect(result.expected.length).toBe(5);
  expect(result.unexpected).toEqual([]);
  expect(result.found).toEqual(result.expected);
}, 60_000);

test('an RPC that fills a select must answer { label, value } items', async () => {
  const broken = { 'demo-options': { label: 'Options', communication: request({ output: '{{body.data}}' }) } };
  await expect(generateModuleTypes(descriptors(broken))).rejects.toThrow(/rpcs\/demo-options\.json lists a select's options/);
});

test('an RPC used both for options and for fields cannot be typed', async () => {
  const d = descriptors();
  (d.modules.get('demo-action') as { expect: unknown[] }).expect.push({ name: 'more', type: 'collection', nested: 'rpc://demo-options' });
  await expect(generateModuleTypes(d)).rejects.toThrow(/both for a select's options and for fields/);
});
