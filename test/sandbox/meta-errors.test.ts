/**
 * The HTTP status the sandbox gives each Graph error code, from Meta's table as cloud-api.md §7.1
 * transcribes it ([3P-errhttp]): most codes, throttling included, are 400.
 */
import { graphError } from '../../src/sandbox/meta-errors.js';

test.each([
  [0, 401],
  [190, 401],
  [10, 403],
  [200, 403],
  [250, 403],
  [299, 403],
  [368, 403],
  [131005, 403],
  [131031, 403],
  [3, 500],
  [131000, 500],
  [131016, 500],
  [131045, 500],
  [131057, 500],
  [133000, 500],
  [2, 503],
  [133004, 503],
  [132001, 404],
  [4, 400],
  [80007, 400],
  [130429, 400],
  [131048, 400],
  [131056, 400],
  [133016, 400],
  [100, 400],
  [300, 400],
])('code %i answers HTTP %i', (code, status) => {
  expect(graphError(code, 'title').status).toBe(status);
});

test('a status given by the caller wins', () => {
  expect(graphError(4, 'Too many calls', undefined, { status: 429 }).status).toBe(429);
});
