/** What `wabc <args>` does once the process has started: every entry point (tsc's main.js, the bundled bin) runs this. */
import { EXIT_SIGNAL } from './exit-codes.js';
import { answerVersion } from './version.js';

/** Runs the command `args` name and resolves with the process's exit code. */
export async function start(args: string[]): Promise<number> {
  if (answerVersion(args)) return 0;
  const { runCli } = await import('./program.js');
  // A signal no command is handling ends the process with the shell's code for it (130 for Ctrl-C), not
  // by the signal itself; a command that handles it (a batch, a server) has its own listener, and wins.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(EXIT_SIGNAL[signal]);
    });
  }
  // Long-running commands (webhook serve, sandbox) keep the process alive on their own.
  return runCli(args);
}
