/** `wabc export make <dir>`: the connector as a Make / Celonis custom app (local-development project). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExportTarget } from '../targets.js';
import { noteLines } from './notes.js';
import { buildProject } from './project.js';

/** A file's bytes: JSON pretty-printed with a final newline, text as it is. */
export function fileText(content: unknown): string {
  return typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
}

export const makeTarget: ExportTarget = {
  description: 'a Make / Celonis custom app: a Make Apps Editor local-development project',
  async run(descriptors, dir) {
    const project = buildProject(descriptors);
    const paths = [...project.files.keys()].sort();
    for (const path of paths) {
      const target = join(dir, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, fileText(project.files.get(path)));
    }
    return { files: paths, notes: noteLines(project.notes, project.unavailableFunctions) };
  },
};
