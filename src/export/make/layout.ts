/**
 * Where each part of a Make custom app lives in a local-development project (the Make Apps Editor's
 * layout: makecomapp.json, general/, and one folder per component with `<kebab-id>.<code>.iml.json` files),
 * and how our ids become Make's: modules and RPCs are letters and digits only (`send-message` →
 * `sendMessage`), connections and webhooks may keep their dashes.
 */
export type ComponentKind = 'connection' | 'webhook' | 'module' | 'rpc' | 'function';

/** Make's code types of each component kind, with the file suffix the editor gives them. */
export const CODE_FILES: Record<ComponentKind, Record<string, string>> = {
  connection: { communication: 'communication.iml.json', params: 'params.iml.json' },
  webhook: { communication: 'communication.iml.json', params: 'params.iml.json', attach: 'attach.iml.json', detach: 'detach.iml.json' },
  module: {
    communication: 'communication.iml.json',
    staticParams: 'static-params.iml.json',
    mappableParams: 'mappable-params.iml.json',
    interface: 'interface.iml.json',
    samples: 'samples.iml.json',
  },
  rpc: { communication: 'communication.iml.json', params: 'params.iml.json' },
  function: { code: 'code.js' },
};

export const GENERAL_FILES = { base: 'general/base.iml.json', common: 'general/common.json', groups: 'modules/groups.json', readme: 'README.md' };

export const NOTES_FILE = 'EXPORT-NOTES.md';
/** What `wabc import make` needs besides Make's files to give back the descriptors exactly. */
export const RESTORE_FILE = 'wabc-restore.json';

/** `send-message` → `sendMessage` (Make: letters and digits, starting with a letter). */
export const camelId = (id: string): string => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Make's ids per kind: modules, RPCs and functions camel-cased, connections and webhooks as they are. */
export function makeIdOf(kind: ComponentKind, id: string): string {
  return kind === 'module' || kind === 'rpc' ? camelId(id) : id;
}

/** The editor's folder and file prefix: the kebab-case form of the id. */
const kebab = (id: string): string => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function codeFilePath(kind: ComponentKind, makeId: string, code: string): string {
  const prefix = kebab(makeId);
  return `${kind}s/${prefix}/${prefix}.${CODE_FILES[kind][code]}`;
}
