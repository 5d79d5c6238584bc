/**
 * make-api-call's URL check, so a path that would leave the Graph base is a ValidationError on `url`
 * before anything is sent. The same rule guards every request in the runtime (url-guard), which stays
 * the last line of defence.
 */
import { relativePathProblem } from '../src/runtime/transport/url-guard.js';

export function relativeUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined; // missing or not text: the field's own checks say so
  if (value.trim() === '') return 'is empty';
  return relativePathProblem(value);
}
