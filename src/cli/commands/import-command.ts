/** `wabc import make <dir> <out>`: a Make project written by `wabc export make` back into descriptors. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { toJson } from '../io.js';

const SOURCES = ['make'];

export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('Read an exported app back into a descriptor folder that loadConnector({ root }) loads (sources: make).')
    .argument('<source>', `one of: ${SOURCES.join(', ')}`)
    .argument('<dir>', 'the exported project (makecomapp.json and wabc-restore.json)')
    .argument('<out>', 'folder for the descriptors (created when missing)')
    .option('--json', 'print what was written as JSON')
    .addHelpText('after', '\nExamples:\n  $ wabc export make ./make-app && wabc import make ./make-app ./descriptors')
    .action(async (source: string, dir: string, out: string, opts: { json?: boolean }) => {
      if (!SOURCES.includes(source)) throw new UsageError(`unknown import source "${source}"; choose one of: ${SOURCES.join(', ')}`);
      const { importMakeTo } = await import('../../export/make/import.js');
      const files = await importMakeTo(dir, out);
      if (opts.json) ctx.io.stdout(toJson({ files }));
      else ctx.io.stdout(`wrote ${files.length} files to ${out}\n`);
    });
}
