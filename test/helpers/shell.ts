/** What a POSIX shell makes of a printed command line: /bin/sh itself splits it, with `wabc` a function that prints its arguments. */
import { execFileSync } from 'node:child_process';

export function shellWords(commandLine: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `wabc() { printf '%s\\0' "$@"; }\n${commandLine}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}
