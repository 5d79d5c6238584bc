/**
 * Where a download may be written: the destination file itself, or a plain file name inside the
 * destination folder — never `''`, `.`, `..` or a name holding a path separator, wherever it came from
 * (the user, Meta's answer, a Content-Disposition header), and the resolved path is checked to be in
 * that folder. Filesystem failures become a FileSystemError naming the path.
 */
import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataError, FileSystemError } from '../errors/connector-error.js';

/** Why a name cannot be used as a file name inside a folder; undefined when it can. */
export function fileNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'it is empty';
  if (/^[.\s]+$/.test(name)) return 'it is only dots (. and .. name folders, not files)';
  if (/[/\\]/.test(name)) return 'it holds a path separator (/ or \\)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it holds a control character';
  return undefined;
}

/** A name a server suggested (Content-Disposition): separators made harmless, unusable names dropped. */
export function suggestedFileName(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = raw;
  }
  name = name.replace(/[/\\]/g, '_');
  return fileNameProblem(name) ? undefined : name;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The path to write: `to` itself when it names a file, else `fileName` inside the folder `to` (an
 * existing folder, or a path ending in a separator).
 */
export function downloadPath(to: string, fileName: string): string {
  if (!isFolder(to) && !/[/\\]$/.test(to)) return to;
  const problem = fileNameProblem(fileName);
  if (problem) throw new DataError(`refused file name ${JSON.stringify(fileName.slice(0, 100))} for the download: ${problem}; give a plain file name`);
  const path = join(to, fileName);
  // Belt and braces: whatever the name, the file lands directly in the destination folder.
  if (resolve(dirname(path)) !== resolve(to) || basename(path) !== fileName) {
    throw new DataError(`refused to write ${JSON.stringify(path)}: it is not inside the destination folder ${JSON.stringify(to)}`);
  }
  return path;
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large for this file system',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'part of the path is not a folder',
  EROFS: 'the file system is read-only',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** Node's filesystem error as a FileSystemError naming `path` (what the user asked for, not a temp file). */
export function fileSystemError(error: unknown, action: string, path: string): FileSystemError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? (error as Error).message;
  return new FileSystemError(`cannot ${action} ${path}: ${reason}${code ? ` (${code})` : ''}; nothing was kept`, {
    path,
    fsCode: code,
    cause: { name: (error as Error).name, code, message: (error as Error).message },
  });
}
