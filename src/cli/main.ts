#!/usr/bin/env node
/** The `wabc` executable. */
import { runCli } from './program.js';
import { EXIT_SIGNAL } from './exit-codes.js';

// A signal no command is handling ends the process with the shell's code for it (130 for Ctrl-C), not
// by the signal itself; a command that handles it (a batch, a server) has its own listener, and wins.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(EXIT_SIGNAL[signal]);
  });
}

const code = await runCli(process.argv.slice(2));
// Long-running commands (webhook serve, sandbox) keep the process alive on their own.
process.exitCode = code;
