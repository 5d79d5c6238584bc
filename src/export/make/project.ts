/**
 * The whole Make project in memory: every file's path and content, the notes, and the restore patch.
 * Deterministic: the same descriptors give the same bytes.
 */
import type { DescriptorData } from '../../runtime/load/read-descriptors.js';
import { composeComponent, composeManifest, type IdMap, type Json, type JsonObject, type MakeComponent } from './compose.js';
import { functionSet } from './functions.js';
import { diff, type Operation } from './json-patch.js';
import { CODE_FILES, GENERAL_FILES, NOTES_FILE, RESTORE_FILE, codeFilePath, makeIdOf, type ComponentKind } from './layout.js';
import { renderNotes } from './notes.js';
import { Notes, translateBase, translateConnection, translateModule, translateRpc, translateWebhook } from './translate.js';

export interface RestoreFile {
  about: string;
  ids: IdMap;
  patches: { manifest: Operation[] } & Partial<Record<ComponentKind, Record<string, Operation[]>>>;
}

export interface MakeProject {
  /** Relative path → content (JSON is written pretty-printed, text as it is). */
  files: Map<string, Json>;
  notes: Notes;
  unavailableFunctions: Map<string, string>;
}

const plain = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;
type DescriptorKind = Exclude<ComponentKind, 'function'>;
const KINDS: DescriptorKind[] = ['connection', 'webhook', 'module', 'rpc'];

/** Make's component metadata with the paths of its code files. */
function metadata(kind: ComponentKind, makeId: string, component: MakeComponent): JsonObject {
  const codeFiles: JsonObject = {};
  for (const code of Object.keys(CODE_FILES[kind])) codeFiles[code] = codeFilePath(kind, makeId, code);
  if (kind === 'function') codeFiles.test = null;
  return { ...component.meta, codeFiles };
}

/**
 * Make gives a webhook's communication only the webhook's own parameters, and an instant trigger has no
 * request of its own to filter with: the trigger's static parameters (verify token, filters) are asked when
 * its webhook is created, so that `iterate` can read them.
 */
function askOnWebhooks(components: Record<ComponentKind, Map<string, MakeComponent>>, ids: IdMap, notes: Notes): void {
  for (const [makeId, module] of components.module) {
    const hook = typeof module.meta.webhook === 'string' ? components.webhook.get(module.meta.webhook) : undefined;
    const own = module.code.staticParams;
    if (module.meta.moduleType !== 'instant_trigger' || !hook || !Array.isArray(own) || own.length === 0) continue;
    const params = Array.isArray(hook.code.params) ? hook.code.params : [];
    const names = new Set(params.map((p) => (p && typeof p === 'object' && !Array.isArray(p) ? p.name : undefined)));
    hook.code.params = [...params, ...own.filter((p) => !(p && typeof p === 'object' && !Array.isArray(p) && names.has(p.name)))];
    module.code.staticParams = [];
    notes.add(
      `module ${ids.module?.[makeId] ?? makeId}`,
      'parameters',
      'parameters',
      'translated',
      `asked when the webhook ${String(module.meta.webhook)} is created (Make's webhook communication sees only the webhook's parameters): changing a filter means a new webhook`,
    );
  }
}

export function buildProject(d: DescriptorData): MakeProject {
  const notes = new Notes();
  const ours: Record<ComponentKind, Map<string, JsonObject>> = {
    connection: new Map([[d.manifest.connection, plain(d.connection) as JsonObject]]),
    webhook: new Map([...d.webhooks].map(([id, w]) => [id, plain(w) as JsonObject])),
    module: new Map([...d.modules].map(([id, m]) => [id, plain(m) as JsonObject])),
    rpc: new Map([...d.rpcs].map(([id, r]) => [id, plain(r) as JsonObject])),
    function: new Map(),
  };
  const translate = { connection: translateConnection, webhook: translateWebhook, module: translateModule, rpc: translateRpc };
  const components: Record<ComponentKind, Map<string, MakeComponent>> = {
    connection: new Map(),
    webhook: new Map(),
    module: new Map(),
    rpc: new Map(),
    function: new Map(),
  };
  const ids: IdMap = {};
  for (const kind of KINDS) {
    for (const [id, descriptor] of ours[kind]) {
      const makeId = makeIdOf(kind, id);
      if (makeId !== id) (ids[kind] ??= {})[makeId] = id;
      components[kind].set(makeId, translate[kind](id, descriptor, notes));
    }
  }
  askOnWebhooks(components, ids, notes);
  const manifest = plain(d.manifest) as JsonObject;
  const base = translateBase(manifest.base as JsonObject, notes);

  const files = new Map<string, Json>();
  for (const kind of KINDS) {
    for (const [makeId, component] of components[kind]) {
      for (const code of Object.keys(CODE_FILES[kind])) files.set(codeFilePath(kind, makeId, code), component.code[code] ?? null);
    }
  }
  files.set(GENERAL_FILES.base, base);

  // Functions: those the written files call.
  const called = JSON.stringify([...files.values()]);
  const errorTable = (manifest.base as JsonObject).response as JsonObject | undefined;
  const fns = functionSet(called, d.manifest.functions, errorTable?.['x-errors'] as JsonObject | undefined);
  for (const [name, code] of fns.code) {
    components.function.set(name, { meta: {}, code: { code } });
    files.set(codeFilePath('function', name, 'code'), code);
  }

  const componentsJson: JsonObject = {};
  for (const kind of [...KINDS, 'function'] as ComponentKind[]) {
    componentsJson[kind] = Object.fromEntries([...components[kind]].map(([makeId, c]) => [makeId, metadata(kind, makeId, c)]));
  }
  componentsJson.endpoint = {};
  files.set('makecomapp.json', {
    fileVersion: 1,
    generalCodeFiles: GENERAL_FILES,
    components: componentsJson,
    origins: [],
  });
  files.set(GENERAL_FILES.common, {});
  files.set(GENERAL_FILES.groups, []);
  files.set(GENERAL_FILES.readme, `# ${d.manifest.label}\n\n${d.manifest.description ?? ''}\n\nWritten by \`wabc export make\`; see ${NOTES_FILE}.\n`);

  // The restore patch: from what the files stand for back to our descriptors.
  const lists = Object.fromEntries([...KINDS, 'function'].map((k) => [k, [...components[k as ComponentKind].keys()]])) as Record<ComponentKind, string[]>;
  const ourLists = { ...lists, module: lists.module.map((m) => ids.module?.[m] ?? m), rpc: lists.rpc.map((r) => ids.rpc?.[r] ?? r) };
  const restore: RestoreFile = {
    about: 'Read by `wabc import make`: what the descriptors hold beyond these Make files (JSON Patch per descriptor). Make ignores this file.',
    ids,
    patches: { manifest: diff(composeManifest(base, ourLists), manifest) },
  };
  for (const kind of KINDS) {
    const perId: Record<string, Operation[]> = {};
    for (const [makeId, component] of components[kind]) {
      const id = ids[kind]?.[makeId] ?? makeId;
      perId[id] = diff(composeComponent(kind, component, ids), ours[kind].get(id)!);
    }
    restore.patches[kind] = perId;
  }
  files.set(RESTORE_FILE, restore as unknown as Json);
  const callers = (name: string) => {
    const call = new RegExp(`(?<![\\w.])${name}\\(`);
    const found = new Set<string>();
    for (const [path, content] of files) {
      const m = /^(module|rpc|webhook|connection)s\/([^/]+)\//.exec(path);
      if (m && call.test(JSON.stringify(content))) found.add(`${m[1]} ${m[2]}`);
    }
    return [...found].sort();
  };
  files.set(NOTES_FILE, renderNotes(d, notes, fns.problems, [...fns.code.keys()], callers));
  return { files, notes, unavailableFunctions: fns.problems };
}
