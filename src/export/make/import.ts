/**
 * `wabc import make <dir> <out>`: a project written by `wabc export make` back into a descriptor folder
 * (connector.manifest.json, connection/, modules/, rpcs/, webhooks/, schemas/) that `loadConnector({ root })`
 * loads. Make's files give the components; wabc-restore.json gives what Make cannot hold, as a JSON Patch
 * per descriptor, so export → import gives back the resolved descriptors exactly and a label or a request
 * edited in the Make files comes back with the edit.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DESCRIPTOR_FILES } from '../../runtime/generated/descriptor-files.js';
import { composeComponent, composeManifest, type Json, type JsonObject, type MakeComponent } from './compose.js';
import { patch } from './json-patch.js';
import { GENERAL_FILES, RESTORE_FILE, type ComponentKind } from './layout.js';
import type { RestoreFile } from './project.js';

type AppJson = { components: Record<string, Record<string, (JsonObject & { codeFiles: Record<string, string | null> }) | null>> };

const KINDS = ['connection', 'webhook', 'module', 'rpc'] as const;
const FOLDER: Record<(typeof KINDS)[number], string> = { connection: 'connection', webhook: 'webhooks', module: 'modules', rpc: 'rpcs' };

async function readJson(dir: string, path: string): Promise<Json> {
  try {
    return JSON.parse(await readFile(join(dir, path), 'utf8')) as Json;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Descriptor files (relative path → content) from the Make project in `dir`. */
export async function importMake(dir: string): Promise<Map<string, Json>> {
  const app = (await readJson(dir, 'makecomapp.json')) as unknown as AppJson;
  const restore = (await readJson(dir, RESTORE_FILE).catch((error: Error) => {
    throw new Error(`${error.message} — only a project written by \`wabc export make\` can be imported`);
  })) as unknown as RestoreFile;
  const ids = restore.ids;
  const ours = (kind: ComponentKind, makeId: string) => ids[kind]?.[makeId] ?? makeId;
  const out = new Map<string, Json>();
  const lists = {} as Record<ComponentKind, string[]>;
  for (const kind of [...KINDS, 'function'] as ComponentKind[]) lists[kind] = Object.keys(app.components[kind] ?? {}).map((id) => ours(kind, id));
  for (const kind of KINDS) {
    for (const [makeId, meta] of Object.entries(app.components[kind] ?? {})) {
      if (!meta) continue;
      const { codeFiles, ...rest } = meta;
      const code: Record<string, Json> = {};
      for (const [name, path] of Object.entries(codeFiles)) if (path) code[name] = await readJson(dir, path);
      const component: MakeComponent = { meta: rest, code };
      const id = ours(kind, makeId);
      const ops = restore.patches[kind]?.[id] ?? [];
      try {
        out.set(`${FOLDER[kind]}/${id}.json`, patch(composeComponent(kind, component, ids), ops));
      } catch (error) {
        throw new Error(`${kind} ${makeId}: ${RESTORE_FILE} does not fit the edited files (${(error as Error).message})`, { cause: error });
      }
    }
  }
  const base = await readJson(dir, GENERAL_FILES.base);
  out.set('connector.manifest.json', patch(composeManifest(base, lists), restore.patches.manifest));
  // The schemas the descriptors name, so that the folder loads on its own.
  for (const [file, content] of Object.entries(DESCRIPTOR_FILES)) if (file.startsWith('schemas/')) out.set(file, content as Json);
  return out;
}

/** Writes the imported descriptors into `outDir`; returns the files written. */
export async function importMakeTo(dir: string, outDir: string): Promise<string[]> {
  const files = await importMake(dir);
  const paths = [...files.keys()].sort();
  for (const path of paths) {
    await mkdir(dirname(join(outDir, path)), { recursive: true });
    await writeFile(join(outDir, path), `${JSON.stringify(files.get(path), null, 2)}\n`);
  }
  return paths;
}
