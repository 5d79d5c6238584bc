/**
 * What every command gets: the scrubbing io, the connector (loaded once, on first use: a command that
 * never runs a module — --help, --version, sandbox — never loads the runtime), and the exit code to set.
 */
import type { Connector } from '../runtime/connector.js';
import type { DescriptorData } from '../runtime/load/read-descriptors.js';
import type { Logger } from '../runtime/logger.js';
import { currentSecrets, type CliIo } from './io.js';
import type { StopSignal } from './interrupt.js';

export interface CliContext {
  io: CliIo;
  connector(): Promise<Connector>;
  /** The descriptors alone, for commands that show or export them without the runtime (nor its schema compiler, expressions or functions). */
  descriptors(): Promise<DescriptorData>;
  logger(): Promise<Logger>;
  exitCode: number;
  /** Errors as JSON on stderr even on a terminal (the command's --json). */
  json: boolean;
  /** Set when Ctrl-C or SIGTERM stopped the command: its exit code is then the signal's. */
  interrupted?: StopSignal;
}

export function createContext(io: CliIo): CliContext {
  let connector: Promise<Connector> | undefined;
  let logger: Promise<Logger> | undefined;
  return {
    io,
    exitCode: 0,
    json: false,
    descriptors: () => import('../runtime/load/built-in-descriptors.js').then((m) => m.builtInDescriptors()),
    connector: () => (connector ??= import('../runtime/connector.js').then((m) => m.loadConnector())),
    logger: () => (logger ??= import('../runtime/logger.js').then((m) => m.createLogger({ secrets: currentSecrets, level: io.env.WABC_LOG_LEVEL ?? 'warn' }))),
  };
}
