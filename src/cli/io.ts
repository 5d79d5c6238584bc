/**
 * Where the CLI writes: results on stdout, logs and errors on stderr. Every write is scrubbed of the
 * connection's secrets, so nothing the CLI prints can carry the token, whatever path produced it.
 */
import { scrubString } from '../runtime/logger.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: errors are then printed for a person, not as JSON. */
  isTTY: boolean;
  /** The terminal progress bars draw on (stderr when it is one); none when stderr is piped. */
  terminal?: NodeJS.WritableStream;
  /** Aborted once stdout's reader is gone (`wabc … | head`): what is left to print has nowhere to go. */
  stdoutClosed?: AbortSignal;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

let processStreams: Pick<CliIo, 'stdout' | 'stderr' | 'stdoutClosed'> | undefined;

/**
 * The process's own streams. A reader that goes away early (EPIPE) ends that stream's output quietly,
 * as `head` expects of the programs it reads, instead of an unhandled 'error' and a stack trace — for
 * every writer, so the listeners go on at start (serve writes its lines to process.stdout directly).
 */
function streams(): Pick<CliIo, 'stdout' | 'stderr' | 'stdoutClosed'> {
  if (processStreams) return processStreams;
  const closed = { stdout: new AbortController(), stderr: new AbortController() };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
      closed[name].abort();
    });
  }
  processStreams = {
    stdout: (t) => void (closed.stdout.signal.aborted || process.stdout.write(t)),
    stderr: (t) => void (closed.stderr.signal.aborted || process.stderr.write(t)),
    stdoutClosed: closed.stdout.signal,
  };
  return processStreams;
}

export function processIo(): CliIo {
  const tty = Boolean(process.stderr.isTTY);
  return { ...streams(), isTTY: tty, terminal: tty ? process.stderr : undefined, env: process.env, cwd: process.cwd() };
}

const secrets = new Set<string>();

export function addSecrets(...values: Array<string | undefined>): void {
  for (const v of values) if (v && v.length >= 4) secrets.add(v);
}

export function currentSecrets(): string[] {
  return [...secrets];
}

/** The connection's secrets taken out of a text: what every CLI write, and the batch results file, goes through. */
export function scrubSecrets(text: string): string {
  return scrubString(text, [...secrets]);
}

export function scrubbed(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (t) => io.stdout(scrubSecrets(t)),
    stderr: (t) => io.stderr(scrubSecrets(t)),
  };
}

/** JSON for the terminal: Buffers as base64, FileInputs as their description. */
export function toJson(value: unknown, pretty = true): string {
  return JSON.stringify(
    value,
    (_k, v) => {
      if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
        return { base64: Buffer.from((v as { data: number[] }).data).toString('base64') };
      }
      return v as unknown;
    },
    pretty ? 2 : undefined,
  );
}
