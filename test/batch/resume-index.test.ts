/**
 * The resume index: the results file is read into bit sets of row numbers, the lines the journal writes
 * most are recognised without the JSON parser, and every other line is parsed in full. Whatever path a
 * line takes, the rows read as done are the ones a plain JSON.parse of every line gives; and a resume
 * over a long results file sends exactly the rows that never went out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { RowSet } from '../../src/batch/row-set.js';
import { readJournal, type RowResult } from '../../src/batch/journal.js';
import { runBatch, type BatchRow } from '../../src/index.js';

let dir: string;
let files = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wabc-resume-index-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (text: string) => {
  const path = join(dir, `journal-${++files}.ndjson`);
  writeFileSync(path, text);
  return path;
};

describe('RowSet', () => {
  test('holds what a Set holds, in ascending order, across pages', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.oneof(fc.integer({ min: 1, max: 40_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }))), { maxLength: 300 }), (ops) => {
        const bits = new RowSet();
        const reference = new Set<number>();
        for (const [add, row] of ops) {
          if (add) {
            bits.add(row);
            reference.add(row);
          } else {
            bits.delete(row);
            reference.delete(row);
          }
        }
        expect(bits.size).toBe(reference.size);
        expect([...bits]).toEqual([...reference].sort((a, b) => a - b));
        for (const [, row] of ops) expect(bits.has(row)).toBe(reference.has(row));
      }),
    );
  });

  test('the top bit of a word and the edges of a page', () => {
    const bits = new RowSet();
    for (const row of [31, 32, 63, 8191, 8192, 8193]) bits.add(row);
    expect([...bits]).toEqual([31, 32, 63, 8191, 8192, 8193]);
    expect(bits.has(30)).toBe(false);
  });
});

describe('readJournal', () => {
  /** What a resume must take from a results file: JSON.parse of every line, the last outcome winning. */
  function reference(results: RowResult[]): Map<number, string> {
    const done = new Map<number, string>();
    const pending = new Set<number>();
    for (const r of results) {
      if (r.state === 'sending') pending.add(r.row);
      else {
        pending.delete(r.row);
        if (r.state === 'sent') done.set(r.row, 'sent');
        else if (r.state === 'failed' && r.error?.maybeSent) done.set(r.row, 'maybe-sent');
      }
    }
    for (const row of pending) if (!done.has(row)) done.set(row, 'maybe-sent');
    return new Map([...done].sort(([a], [b]) => a - b));
  }

  const result: fc.Arbitrary<RowResult> = fc.oneof(
    fc.record({ row: fc.integer({ min: 1, max: 50 }), state: fc.constant('sending' as const) }),
    fc.record({ row: fc.integer({ min: 1, max: 50 }), state: fc.constant('sent' as const), messageId: fc.string() }),
    fc.record({ row: fc.integer({ min: 1, max: 50 }), state: fc.constant('sent' as const), output: fc.jsonValue() }),
    fc.record({ row: fc.integer({ min: 1, max: 50 }), state: fc.constant('failed' as const), error: fc.record({ message: fc.string(), maybeSent: fc.boolean() }) }),
    fc.record({ row: fc.integer({ min: 1, max: 50 }), state: fc.constant('skipped' as const) }),
  );

  test('lines as the journal writes them and as a person might (spaces, other key order): the same rows as JSON.parse gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(result, fc.constantFrom('plain', 'spaced', 'reordered', 'crlf')), { maxLength: 60 }), async (entries) => {
        const text = entries
          .map(([r, style]) => {
            if (style === 'spaced') return `${JSON.stringify(r, null, 1).replace(/\n/g, ' ')}\n`;
            if (style === 'reordered') return `${JSON.stringify(Object.fromEntries(Object.entries(r).reverse()))}\n`;
            return `${JSON.stringify(r)}${style === 'crlf' ? '\r\n' : '\n'}`;
          })
          .join('');
        const state = await readJournal(write(text));
        expect(new Map(state.done)).toEqual(reference(entries.map(([r]) => r)));
        expect(state.torn).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  test('a message id with a quote or a backslash is parsed, not matched', async () => {
    const path = write(`{"row":1,"state":"sending"}\n${JSON.stringify({ row: 1, state: 'sent', messageId: 'wamid."x\\' })}\n{"row":2,"state":"sending"}\n`);
    expect([...(await readJournal(path)).done]).toEqual([
      [1, 'sent'],
      [2, 'maybe-sent'],
    ]);
  });

  test('a line longer than the read buffer, and a last line with no line break', async () => {
    const big = { row: 7, state: 'sent', output: { text: 'x'.repeat(200_000) } };
    const path = write(`{"row":7,"state":"sending"}\n${JSON.stringify(big)}\n{"row":8,"state":"sent"}`);
    expect([...(await readJournal(path)).done]).toEqual([
      [7, 'sent'],
      [8, 'sent'],
    ]);
  });

  test('a torn line in the middle of the file (a later run appended after it) still counts its row', async () => {
    const path = write('{"row":1,"state":"sending"}\n{"row":1,"state":"se\n{"row":2,"state":"sending"}\n{"row":2,"state":"sent"}\n');
    const state = await readJournal(path);
    expect([...state.done]).toEqual([
      [1, 'maybe-sent'],
      [2, 'sent'],
    ]);
    expect(state.torn).toEqual([1]);
  });
});

test('a resume over a long results file sends exactly the rows that never went out, each once', async () => {
  const rows = 30_000;
  // One line per row, as a run leaves it: most sent, some failed (sent again), some left "sending" by a
  // kill or failed with maybeSent (never sent again).
  const lines: string[] = [];
  const expected: number[] = [];
  const uncertain: number[] = [];
  for (let row = 1; row <= rows; row++) {
    if (row % 97 === 0) {
      lines.push(JSON.stringify({ row, state: 'failed', error: { type: 'RateLimitError', message: 'Rate limit hit' } }));
      expected.push(row);
    } else if (row % 89 === 0) {
      lines.push(JSON.stringify({ row, state: 'sending' }));
      uncertain.push(row);
    } else if (row % 83 === 0) {
      lines.push(JSON.stringify({ row, state: 'failed', error: { type: 'ConnectionError', message: 'socket hang up', maybeSent: true } }));
      uncertain.push(row);
    } else lines.push(JSON.stringify({ row, state: 'sent', messageId: `wamid.${row}` }));
  }
  const results = write(`${lines.join('\n')}\n`);
  const sent: number[] = [];
  const connector = {
    executeDynamic: async (_id: string, input: Record<string, unknown>, ctx?: { onSending?: () => void }) => {
      ctx?.onSending?.();
      sent.push(input.n as number);
      return { messageId: `wamid.again.${String(input.n)}` };
    },
  };
  function* all(): Generator<BatchRow> {
    for (let row = 1; row <= rows; row++) yield { row, input: { n: row } };
  }
  let resumed: { recorded: number; uncertainRows: number[] } | undefined;
  const summary = await runBatch({ connector, moduleId: 'send-message', connection: { accessToken: 'not-used', wabaId: '1' }, rows: all(), results, resume: true, onResume: (r) => (resumed = r) });
  expect(sent.sort((a, b) => a - b)).toEqual(expected);
  expect(summary).toMatchObject({ total: rows, sent: expected.length, failed: 0, skipped: rows - expected.length });
  expect(summary.uncertainRows).toEqual(uncertain.sort((a, b) => a - b));
  expect(resumed?.recorded).toBe(rows - expected.length);
  // The rows sent now are recorded: a second resume sends nothing.
  sent.length = 0;
  await runBatch({ connector, moduleId: 'send-message', connection: { accessToken: 'not-used', wabaId: '1' }, rows: all(), results, resume: true });
  expect(sent).toEqual([]);
});
