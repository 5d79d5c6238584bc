/**
 * A malformed --connection file: the error says what is wrong and where (line, column), and shows no
 * part of the token, not even the stretch of text V8's JSON.parse message would quote.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { parseJsonText } from '../../src/common/json-text.js';
import { memoryIo } from '../helpers/graph-server.js';
import { TOKEN, WABA } from '../helpers/connection.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wabc-connection-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every stretch of 8 characters of the token (shorter ones are ordinary words): none may show. */
function assertNoPartOfToken(text: string): void {
  for (let i = 0; i + 8 <= TOKEN.length; i++) {
    const part = TOKEN.slice(i, i + 8);
    if (text.includes(part)) throw new Error(`part of the token (${JSON.stringify(part)}) shows in: ${text}`);
  }
}

const malformed: Array<[string, string, string]> = [
  // "t" could still start `true`: the first character that cannot is the token's second.
  ['the token unquoted', `{\n  "accessToken": ${TOKEN},\n  "wabaId": "${WABA}"\n}`, 'line 2, column 19'],
  ['a missing comma after the token', `{"accessToken": "${TOKEN}" "wabaId": "${WABA}"}`, `line 1, column ${19 + TOKEN.length + 1}`],
  ['the token cut short (unterminated)', `{"accessToken": "${TOKEN}`, 'line 1, column'],
  ['a trailing comma', `{"accessToken": "${TOKEN}", "wabaId": "${WABA}",}`, 'line 1, column'],
  ['single quotes', `{'accessToken': '${TOKEN}'}`, 'line 1, column 2'],
  ['a second value after the object', `{"accessToken": "${TOKEN}"} ${TOKEN}`, 'line 1, column'],
];

test.each(malformed)('%s: a usage error (exit 2) with the place, and no part of the token', async (_what, text, where) => {
  const file = join(dir, 'connection.json');
  writeFileSync(file, text);
  const m = memoryIo({});
  const code = await runCli(['run', 'send-message', '--connection', file, '--input', '{}'], m.io);
  expect(code).toBe(2);
  expect(m.stdout()).toBe('');
  const message = JSON.parse(m.stderr()).error.message as string;
  expect(message).toContain(`--connection ${file}: not valid JSON`);
  expect(message).toContain(where);
  assertNoPartOfToken(m.stderr());
});

test('the JSON problem is described and located without quoting the text', () => {
  const problem = (text: string) => {
    try {
      parseJsonText(text);
    } catch (error) {
      return (error as Error).message;
    }
    return 'parsed';
  };
  expect(problem('{"a": 1,}')).toBe('not valid JSON: expected double-quoted property name at line 1, column 9');
  expect(problem('{\n"a": secret}')).toBe('not valid JSON: unexpected character at line 2, column 6');
  expect(problem('')).toBe('not valid JSON: unexpected end of JSON input');
  expect(problem('{"a": 1}')).toBe('parsed');
});
