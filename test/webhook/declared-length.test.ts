/**
 * The declared Content-Length as the receiver reads it: digit by digit for what node's parser lets
 * through, Number() for anything else. Both ways must give what Number() alone gives: the length when
 * the text is a whole number no larger than 2^53 - 1, nothing otherwise.
 */
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { declaredLength } from '../../src/webhook/raw-body.js';

const requestWith = (contentLength: string | undefined): IncomingMessage => ({ headers: contentLength === undefined ? {} : { 'content-length': contentLength } }) as IncomingMessage;

/** The definition: Number() of the text, kept when it is a safe whole number of zero or more. */
function byNumber(text: string): number | undefined {
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

test('no Content-Length (a chunked body): nothing declared', () => {
  expect(declaredLength(requestWith(undefined))).toBeUndefined();
});

test.each([
  ['1024', 1024],
  ['0', 0],
  ['007', 7],
  ['', 0],
  [' 12 ', 12],
  ['1e3', 1000],
  ['0x10', 16],
  ['-1', undefined],
  ['1.5', undefined],
  ['12a', undefined],
  ['99999999999999', 99_999_999_999_999],
  ['9007199254740991', 9_007_199_254_740_991],
  ['9007199254740992', undefined],
  ['00000000000000000001', 1],
])('%j declares %p', (text, expected) => {
  expect(declaredLength(requestWith(text))).toBe(expected);
});

test('any text: the same answer as Number() gives', () => {
  const digits = fc.stringMatching(/^[0-9]{0,20}$/);
  const nearDigits = fc.stringMatching(/^[ +\-0-9.exa]{0,18}$/);
  fc.assert(
    fc.property(fc.oneof(digits, nearDigits, fc.string()), (text) => {
      expect(declaredLength(requestWith(text))).toBe(byNumber(text));
    }),
    { numRuns: 2000 },
  );
});
