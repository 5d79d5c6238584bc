/**
 * JSON.parse for text a person gave the CLI, with errors that quote none of it: V8's messages can show a
 * stretch of the text (`Unexpected token 'E', ..."Token": EAAB"... is not valid JSON`), and a connection
 * file holds the access token. The error says what is wrong and where (line, column) instead.
 */

/** V8's description of the problem, with any quoted text and the position taken out. */
function describe(message: string): string {
  if (/^Unexpected token/.test(message)) return 'unexpected character';
  const plain = message.replace(/ in JSON at position \d+.*$| at position \d+.*$/s, '').replace(/ after JSON$/, ' after the JSON value');
  // Anything else that still quotes (a future message format) is not shown.
  return /["\u2026]|\.\.\./.test(plain) || plain.length > 80 ? 'syntax error' : plain.charAt(0).toLowerCase() + plain.slice(1);
}

/** Where parsing fails: from V8's message when it says, else the shortest prefix that cannot start a JSON value. */
function offsetOf(text: string, message: string): number | undefined {
  const stated = /at position (\d+)/.exec(message);
  if (stated) return Number(stated[1]);
  const broken = (end: number): boolean => {
    try {
      JSON.parse(text.slice(0, end));
      return false;
    } catch (error) {
      return !/^Unexpected end of JSON input|^Unterminated string/.test((error as Error).message);
    }
  };
  if (!broken(text.length)) return undefined;
  let lo = 0;
  let hi = text.length; // broken(hi) holds; find the smallest such end
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (broken(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, hi - 1);
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

export class JsonTextError extends Error {
  override name = 'JsonTextError';
}

/** Parses, or throws a JsonTextError whose message holds no part of the text. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = offsetOf(text, message);
    throw new JsonTextError(`not valid JSON: ${describe(message)}${offset === undefined ? '' : ` at ${lineAndColumn(text, offset)}`}`);
  }
}
