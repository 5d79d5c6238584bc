/** A fresh copy of the descriptor set per test, to load after editing a file of it. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

const ENTRIES = ['connector.manifest.json', 'schemas', 'connection', 'modules', 'rpcs', 'webhooks', 'fields'];

export interface DescriptorCopy {
  /** The copy's root, for `loadConnector({ root })`. */
  readonly root: string;
  /** Edits one JSON file of the copy. */
  edit: (file: string, change: (json: Record<string, any>) => void) => void;
}

/** Registers beforeEach / afterEach that make and remove the copy. */
export function useDescriptorCopy(): DescriptorCopy {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'wabc-descriptors-'));
    for (const entry of ENTRIES) cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  return {
    get root() {
      return root;
    },
    edit: (file, change) => {
      const path = join(root, file);
      const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
      change(json);
      writeFileSync(path, JSON.stringify(json, null, 2));
    },
  };
}
