/** What every command gets: the scrubbing io, the connector (loaded once), and the exit code to set. */
import { loadConnector, type Connector, createLogger, type Logger } from '../runtime/index.js';
import { currentSecrets, type CliIo } from './io.js';

export interface CliContext {
  io: CliIo;
  connector(): Connector;
  logger(): Logger;
  exitCode: number;
}

export function createContext(io: CliIo): CliContext {
  let connector: Connector | undefined;
  let logger: Logger | undefined;
  return {
    io,
    exitCode: 0,
    connector: () => (connector ??= loadConnector()),
    logger: () => (logger ??= createLogger({ secrets: currentSecrets, level: io.env.WABC_LOG_LEVEL ?? 'warn' })),
  };
}
