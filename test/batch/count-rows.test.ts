/**
 * countRows (a batch's progress total) counts the lines that hold anything but blanks — less the header
 * of a CSV — through one reused buffer: lines cut across reads are counted once, blank and
 * whitespace-only lines never.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { countRows } from '../../src/batch/read-rows.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'wabc-count-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reference = (text: string) => text.split('\n').filter((l) => /[^\r \t]/.test(l)).length;

test('any mix of data, blank and whitespace-only lines, LF or CRLF', async () => {
  const line = fc.oneof(fc.constantFrom('', ' ', '\t', '\r', ' \r', '  \t '), fc.stringMatching(/^[ \t]*[a-z0-9,{}":]{1,20}[ \t\r]*$/));
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.boolean(), async (lines, finalBreak) => {
      const text = lines.join('\n') + (finalBreak ? '\n' : '');
      const file = join(dir, 'rows.ndjson');
      writeFileSync(file, text);
      expect(await countRows(file)).toBe(reference(text));
    }),
    { numRuns: 80 },
  );
});

test('lines cut across reads (a file of several MB) are counted once; a CSV header is not a row', async () => {
  const rows = 70_000;
  const body = Array.from({ length: rows }, (_, i) => (i % 1000 === 0 ? `   \n${' '.repeat(i % 7)}row,${i}` : `row,${i},${'x'.repeat(i % 50)}`)).join('\n');
  const file = join(dir, 'big.csv');
  writeFileSync(file, `to,text.body\n${body}`);
  expect(await countRows(file)).toBe(rows);
});
