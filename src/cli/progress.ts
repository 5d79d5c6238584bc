/** A progress bar on stderr for long uploads and downloads — only on a terminal, never when piped. */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

const require = createRequire(import.meta.url);
import type { Progress } from '../runtime/transport/types.js';
import type { CliIo } from './io.js';

export function progressReporter(io: CliIo, enabled: boolean): { onProgress?: (p: Progress) => void; stop(): void } {
  if (!enabled || !io.isTTY) return { stop() {} };
  const cliProgress = require('cli-progress') as typeof CliProgress;
  let bar: CliProgress.SingleBar | undefined;
  let phase: string | undefined;
  return {
    onProgress(p) {
      if (p.total === undefined || p.total < 1_048_576) return; // small transfers finish before a bar helps
      if (!bar || phase !== p.phase) {
        bar?.stop();
        phase = p.phase;
        bar = new cliProgress.SingleBar(
          { format: `${p.phase === 'upload' ? 'Uploading  ' : 'Downloading'} [{bar}] {percentage}% | {value_mb}/{total_mb} MB | ETA {eta}s`, stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, 0, { value_mb: '0.0', total_mb: (p.total / 1_048_576).toFixed(1) });
      }
      bar.update(p.loaded, { value_mb: (p.loaded / 1_048_576).toFixed(1) });
    },
    stop() {
      if (!bar) return;
      bar.stop();
      process.stderr.write('\n'); // the bar leaves the cursor on its line
    },
  };
}
