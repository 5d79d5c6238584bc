/**
 * Commands printed for pasting into a shell: /bin/sh reads each quoted word back as the exact text, for
 * any text (apostrophes included), and every example `wabc describe` prints is one --input word that
 * decodes to the example's input.
 */
import fc from 'fast-check';
import { shellQuote, wabcRunCommand } from '../../src/common/shell-quote.js';
import { describeModule } from '../../src/cli/commands/describe-action.js';
import { loadConnector } from '../../src/runtime/runtime.js';
import { shellWords } from '../helpers/shell.js';

// An argument cannot hold NUL, so no shell word can.
const text = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0'));

test('a quoted text is one shell word, the text itself', () => {
  fc.assert(
    fc.property(text, (s) => {
      expect(shellWords(`wabc ${shellQuote(s)}`)).toEqual([s]);
    }),
    { numRuns: 150 },
  );
});

test('a printed run command gives wabc the module and the input as JSON', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (input) => {
      const [run, id, flag, json, ...rest] = shellWords(wabcRunCommand('send-message', input));
      expect([run, id, flag, rest]).toEqual(['run', 'send-message', '--input', []]);
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(input)));
    }),
    { numRuns: 100 },
  );
});

const connector = loadConnector();
const examples = Object.entries(connector.modules).flatMap(([id, m]) => {
  const lines = describeModule(id, m)
    .split('\n')
    .filter((line) => line.startsWith('  wabc '));
  return lines.map((line, i) => [id, m['x-examples']?.[i]?.title, line, m['x-examples']?.[i]?.input] as const);
});

test('describe prints one command line per example', () => {
  const count = Object.values(connector.modules).reduce((n, m) => n + (m['x-examples']?.length ?? 0), 0);
  expect(count).toBeGreaterThan(0);
  expect(examples).toHaveLength(count);
});

test.each(examples)('describe %s, "%s": the command reads back as its input', (id, _title, line, input) => {
  const [run, module, flag, json, ...rest] = shellWords(line);
  expect([run, module, flag, rest]).toEqual(['run', id, '--input', []]);
  expect(JSON.parse(json)).toEqual(input);
});
