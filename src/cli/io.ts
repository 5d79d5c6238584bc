/**
 * Where the CLI writes: results on stdout, logs and errors on stderr. Every write is scrubbed of the
 * connection's secrets, so nothing the CLI prints can carry the token, whatever path produced it.
 */
import { scrubString } from '../runtime/logger.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

const secrets = new Set<string>();

export function addSecrets(...values: Array<string | undefined>): void {
  for (const v of values) if (v && v.length >= 4) secrets.add(v);
}

export function currentSecrets(): string[] {
  return [...secrets];
}

export function scrubbed(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (t) => io.stdout(scrubString(t, [...secrets])),
    stderr: (t) => io.stderr(scrubString(t, [...secrets])),
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
      return v;
    },
    pretty ? 2 : undefined,
  );
}
