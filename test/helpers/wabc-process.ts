/** The built `wabc` in its own process: for tests of several processes sharing one Redis, and of what the real stdout gets. */
import { spawn, type ChildProcess } from 'node:child_process';
import { builtFile } from './build.js';

export interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name). */
  ended: Promise<number | string>;
  /** Resolves once stderr or stdout matches. */
  waitFor(pattern: RegExp, what?: string, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export function wabc(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [builtFile(), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  // Decoded across chunks: a character split between two reads stays whole.
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (c: string) => ((out += c), changed()));
  child.stderr.on('data', (c: string) => ((err += c), changed()));
  const ended = new Promise<number | string>((resolve) => child.on('close', (code, signal) => (resolve(code ?? signal ?? -1), changed())));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    ended,
    waitFor(pattern, what = String(pattern), timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(err) ?? pattern.exec(out);
          if (m) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`wabc ${args.join(' ')} ended before ${what}:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${what}; stderr:\n${err}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}
