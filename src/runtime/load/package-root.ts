/** The folder holding connector.manifest.json, found from this file (works from src/ under jest and from dist/). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'connector.manifest.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`connector.manifest.json not found above ${start}`);
    dir = parent;
  }
}
