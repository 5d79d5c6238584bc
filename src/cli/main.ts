#!/usr/bin/env node
/** The `wabc` executable as tsc writes it, one file per module (the package's bin is the bundle of the same code: scripts/bundle-cli.mjs). */
import { start } from './start.js';

process.exitCode = await start(process.argv.slice(2));
