/**
 * Progress bars on stderr — only on a terminal, never when piped. A bar owns its line: it is stopped
 * before anything else is printed (a result, the Ctrl-C notice, the summary), and a notice printed
 * mid-run goes on its own line with the bar drawn again below it, so nothing overprints the bar and the
 * last bar drawn shows the final count.
 */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { Progress } from '../runtime/transport/transport-types.js';
import type { CliIo } from './io.js';

const require = createRequire(import.meta.url);

type Payload = Record<string, unknown>;

/** One bar that can be stopped for a notice and drawn again. */
export interface Bar {
  start(total: number, value: number, payload?: Payload): void;
  update(value: number, payload?: Payload): void;
  /** Changes the total (known once counted). */
  setTotal(total: number): void;
  /** Prints a line of text on stderr, clear of the bar. */
  notice(text: string): void;
  /** Draws the final state and leaves the line (idempotent). */
  stop(): void;
}

export function createBar(io: CliIo, format: string): Bar {
  const terminal = io.terminal;
  let bar: CliProgress.SingleBar | undefined;
  let state: { total: number; value: number; payload: Payload } | undefined;
  const draw = () => {
    if (!terminal || !state) return;
    const cliProgress = require('cli-progress') as typeof CliProgress;
    bar = new cliProgress.SingleBar({ format, stream: terminal, hideCursor: true, gracefulExit: false }, cliProgress.Presets.shades_classic);
    bar.start(state.total, state.value, state.payload);
  };
  const stop = () => {
    bar?.stop(); // renders the last values, shows the cursor again and ends the line
    bar = undefined;
  };
  return {
    start(total, value, payload = {}) {
      stop();
      state = { total, value, payload };
      draw();
    },
    update(value, payload = {}) {
      if (!state) return;
      state.value = value;
      Object.assign(state.payload, payload);
      bar?.update(value, payload);
    },
    setTotal(total) {
      if (!state) return;
      state.total = total;
      bar?.setTotal(total);
    },
    notice(text) {
      const running = bar !== undefined;
      stop();
      io.stderr(text.endsWith('\n') ? text : `${text}\n`);
      if (running) draw();
    },
    stop() {
      stop();
      state = undefined;
    },
  };
}

/** The bar of an upload or a download (1 MB and more). */
export function transferProgress(io: CliIo, enabled: boolean): { onProgress?: (p: Progress) => void; bar: Bar } {
  const bar = createBar(io, '{phase} [{bar}] {percentage}% | {value_mb}/{total_mb} MB | ETA {eta}s');
  if (!enabled || !io.terminal) return { bar };
  let phase: string | undefined;
  const mb = (n: number) => (n / 1_048_576).toFixed(1);
  return {
    bar,
    onProgress(p) {
      if (p.total === undefined || p.total < 1_048_576) return; // small transfers finish before a bar helps
      if (phase !== p.phase) {
        phase = p.phase;
        bar.start(p.total, 0, { phase: p.phase === 'upload' ? 'Uploading  ' : 'Downloading', value_mb: '0.0', total_mb: mb(p.total) });
      }
      bar.update(p.loaded, { value_mb: mb(p.loaded) });
    },
  };
}
