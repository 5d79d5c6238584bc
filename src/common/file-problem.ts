// fs.promises, read when called: importing node:fs/promises would load it (and readline, which it
// needs) into every command that only wants fileProblem, a single `wabc run` among them.
import { promises as fsPromises } from 'node:fs';

/** What is wrong with a file that could not be opened, in a few words (node's message quotes the call). */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'not allowed to read it';
  if (code === 'EISDIR') return 'a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}

/** What keeps a file from being read, found by opening it; undefined when it opens. */
export async function unreadable(file: string): Promise<string | undefined> {
  try {
    await (await fsPromises.open(file, 'r')).close();
    return undefined;
  } catch (error) {
    return fileProblem(error);
  }
}
