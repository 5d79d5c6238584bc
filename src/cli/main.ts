#!/usr/bin/env node
/** The `wabc` executable. */
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2));
// Long-running commands (webhook serve, sandbox) keep the process alive on their own.
process.exitCode = code;
