/**
 * The hosts the descriptors can be exported to (`wabc export <target> <dir>`). Each target is loaded only
 * when chosen, so `wabc --help` never imports an exporter.
 */
import type { DescriptorData } from '../runtime/load/read-descriptors.js';

export interface ExportResult {
  /** Files written, relative to the output folder. */
  files: string[];
  /** One line per thing the user should know (what was left out and why). */
  notes: string[];
}

export interface ExportTarget {
  description: string;
  /** Writes the export into `dir` (created when missing) and says what it wrote. */
  run(descriptors: DescriptorData, dir: string): Promise<ExportResult>;
}

export const exportTargets: Record<string, () => Promise<ExportTarget>> = {
  make: () => import('./make/index.js').then((m) => m.makeTarget),
  'node-red': () => import('./node-red/index.js').then((m) => m.nodeRedTarget),
  n8n: () => import('./n8n/index.js').then((m) => m.n8nTarget),
};
