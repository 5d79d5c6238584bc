/**
 * Whether a path stays below the Graph base, judged from the text alone. make-api-call checks the URL
 * a user gives with it (a ValidationError on `url` before anything is sent), and the runtime's URL guard
 * applies the same rule to every request as the last line of defence.
 */

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A URL with a scheme or a `//host`: something that does not stay relative to a base. */
export function isAbsoluteReference(raw: string): boolean {
  return SCHEME.test(raw) || raw.startsWith('//');
}

/**
 * What is wrong with a path meant to stay below the Graph base: a scheme or `//host`, `.`/`..` segments
 * (also percent-encoded), backslashes, whitespace, `@`. Undefined when it is fine.
 */
export function relativePathProblem(raw: string): string | undefined {
  if (isAbsoluteReference(raw)) return 'absolute URLs are not allowed (give a path relative to the Graph API base, so the token cannot be sent elsewhere)';
  const path = raw.replace(/^\/+/, '').split('?')[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return 'malformed percent-encoding';
  }
  if (decoded.split(/[/\\]/).some((seg) => seg === '..' || seg === '.') || decoded.includes('\\') || /[\s@]/.test(decoded)) {
    return 'it must stay below the Graph API base (no . or .. segments, backslashes, spaces or @)';
  }
  return undefined;
}

/** make-api-call's check of its `url` field (the expression function `relativeUrlProblem`). */
export function relativeUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined; // missing or not text: the field's own checks say so
  if (value.trim() === '') return 'is empty';
  return relativePathProblem(value);
}
