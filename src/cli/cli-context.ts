/** What every command gets: the scrubbing io, the connector (loaded once), and the exit code to set. */
import { loadConnector, type Connector, createLogger, type Logger } from '../runtime/runtime.js';
import { currentSecrets, type CliIo } from './io.js';
import type { StopSignal } from './interrupt.js';

export interface CliContext {
  io: CliIo;
  connector(): Connector;
  logger(): Logger;
  exitCode: number;
  /** Errors as JSON on stderr even on a terminal (the command's --json). */
  json: boolean;
  /** Set when Ctrl-C or SIGTERM stopped the command: its exit code is then the signal's. */
  interrupted?: StopSignal;
}

export function createContext(io: CliIo): CliContext {
  let connector: Connector | undefined;
  let logger: Logger | undefined;
  return {
    io,
    exitCode: 0,
    json: false,
    connector: () => (connector ??= loadConnector()),
    logger: () => (logger ??= createLogger({ secrets: currentSecrets, level: io.env.WABC_LOG_LEVEL ?? 'warn' })),
  };
}
