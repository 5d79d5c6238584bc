/**
 * Ctrl-C and SIGTERM while a command works. Each signal calls the command's handler with how many have
 * come (the first asks it to stop, a second to cancel what is still in flight); the context remembers
 * the signal, so the command ends with 130 (Ctrl-C) or 143 (SIGTERM) once it has cleaned up.
 */
import type { CliContext } from './cli-context.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

export function onInterrupt(ctx: CliContext, handler: (count: number, signal: StopSignal) => void): () => void {
  let count = 0;
  const listeners = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const listener = () => {
      ctx.interrupted ??= signal;
      handler(++count, signal);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}

/** For a server a command runs until stopped: resolves once the first Ctrl-C or SIGTERM has closed it. */
export function closeOnSignal(close: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
