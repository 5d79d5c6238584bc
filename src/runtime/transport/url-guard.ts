/**
 * Where a request may go. The token goes only to the configured Graph base, or — for a download Meta
 * itself pointed to — to one of Meta's media hosts. A relative path may not climb out of the versioned
 * base (`../`, encoded dots, a second scheme), so make-api-call cannot aim the token elsewhere.
 */
import { DataError } from '../errors/connector-error.js';
import { isAbsoluteReference, relativePathProblem } from '../../../functions/relative-url.js';

export interface UrlPolicy {
  /** e.g. https://graph.facebook.com/v23.0 */
  base: string;
  /** Host suffixes of Meta's media hosts (manifest base.x-mediaHosts). */
  mediaHosts: readonly string[];
}

function hostMatches(host: string, suffix: string): boolean {
  return host === suffix || host.endsWith(`.${suffix}`);
}

const bases = new Map<string, URL>();
function baseUrl(raw: string): URL {
  let url = bases.get(raw);
  if (!url) {
    url = new URL(raw.endsWith('/') ? raw : `${raw}/`);
    if (bases.size > 100) bases.clear();
    bases.set(raw, url);
  }
  return url;
}

export function resolveUrl(raw: string, policy: UrlPolicy, allowAbsolute: boolean): string {
  const base = baseUrl(policy.base);
  if (isAbsoluteReference(raw)) {
    if (!allowAbsolute)
      throw new DataError(`refused URL ${JSON.stringify(safeForMessage(raw))}: give a path relative to ${base.href} (absolute URLs are not allowed, so the token cannot be sent elsewhere)`);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new DataError(`refused URL: ${JSON.stringify(safeForMessage(raw))} is not a valid URL`);
    }
    const sameOrigin = url.origin === base.origin;
    const mediaHost = url.protocol === 'https:' && policy.mediaHosts.some((h) => hostMatches(url.hostname, h));
    if (!sameOrigin && !mediaHost) throw new DataError(`refused to send the access token to ${url.host}: only the Graph API host and Meta's media hosts may receive it`);
    return url.href;
  }
  const problem = relativePathProblem(raw);
  if (problem) throw new DataError(`refused URL ${JSON.stringify(safeForMessage(raw))}: ${problem.replace('the Graph API base', base.href)}`);
  // Appended to the base rather than resolved against it: a first segment with a colon (Resumable
  // Upload's `upload:<session>`) would otherwise read as a URL scheme.
  const url = new URL(base.href + raw.replace(/^\/+/, ''));
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    throw new DataError(`refused URL ${JSON.stringify(safeForMessage(raw))}: it must stay below ${base.href}`);
  }
  return url.href;
}

/** Query strings can carry an access_token a user pasted; never echo one back. */
function safeForMessage(raw: string): string {
  return raw.replace(/(access_token=)[^&#]*/gi, '$1[redacted]').slice(0, 200);
}
