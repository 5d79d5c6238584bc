#!/usr/bin/env node
/** The `wabc` executable. */
import { EXIT_SIGNAL } from './exit-codes.js';
import { VERSION } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before the command tree (and commander) is loaded.
  process.stdout.write(`${VERSION}\n`);
} else {
  const { runCli } = await import('./program.js');
  // A signal no command is handling ends the process with the shell's code for it (130 for Ctrl-C), not
  // by the signal itself; a command that handles it (a batch, a server) has its own listener, and wins.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(EXIT_SIGNAL[signal]);
    });
  }
  // Long-running commands (webhook serve, sandbox) keep the process alive on their own.
  process.exitCode = await runCli(args);
}
