/**
 * Turns the inside of one `{{ … }}` into tokens. Lexing starts right after `{{` and stops at the first
 * `}}` outside a string literal, so a string may contain `}}`.
 */
import { ExpressionError } from './errors.js';

export type Punct = '(' | ')' | '[' | ']' | '.' | ',' | ';' | '+' | '-' | '*' | '/' | '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Token =
  | { type: 'number'; value: number; pos: number }
  | { type: 'string'; value: string; pos: number }
  /** Names and keywords alike; the parser decides which by position. */
  | { type: 'ident'; value: string; pos: number }
  | { type: 'punct'; value: Punct; pos: number }
  /** The closing `}}`. */
  | { type: 'close'; pos: number };

const SINGLE: ReadonlySet<string> = new Set(['(', ')', '[', ']', '.', ',', ';', '+', '-', '*', '/', '=', '<', '>']);
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '/': '/',
};
/** Operators from other languages, refused with a hint rather than a bare "unexpected character". */
const HINTS: ReadonlyArray<[string, string]> = [
  ['==', "use '=' to compare"],
  ['&&', "use 'and'"],
  ['||', "use 'or'"],
  ['!', "use 'not'"],
];

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_$]/.test(c);
const isIdentPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$]/.test(c);

export interface LexResult {
  tokens: Token[];
  /** Offset just after the closing `}}`. */
  end: number;
}

export function lexExpression(src: string, start: number): LexResult {
  const tokens: Token[] = [];
  let i = start;
  const fail = (reason: string, at: number): never => {
    throw new ExpressionError(reason, src, at);
  };

  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '}' && src[i + 1] === '}') {
      tokens.push({ type: 'close', pos: i });
      return { tokens, end: i + 2 };
    } else if (c === "'" || c === '"') {
      i = lexString(src, i, tokens, fail);
    } else if (isDigit(c)) {
      i = lexNumber(src, i, tokens, fail);
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentPart(src[j])) j++;
      tokens.push({ type: 'ident', value: src.slice(i, j), pos: i });
      i = j;
    } else {
      const two = src.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ type: 'punct', value: two, pos: i });
        i += 2;
      } else if (c !== undefined && SINGLE.has(c) && two !== '==') {
        tokens.push({ type: 'punct', value: c as Punct, pos: i });
        i++;
      } else {
        const hint = HINTS.find(([op]) => src.startsWith(op, i));
        fail(hint ? `unexpected '${hint[0]}' (${hint[1]})` : `unexpected character ${JSON.stringify(c)}`, i);
      }
    }
  }
  return fail("'{{' is never closed with '}}'", start - 2);
}

function lexString(src: string, start: number, tokens: Token[], fail: (r: string, at: number) => never): number {
  const quote = src[start];
  let out = '';
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === quote) {
      tokens.push({ type: 'string', value: out, pos: start });
      return i + 1;
    }
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    if (e === 'u') {
      const hex = src.slice(i + 2, i + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) fail('invalid \\u escape (expected 4 hex digits)', i);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
      out += ESCAPES[e];
      i += 2;
    } else {
      fail(`invalid escape ${JSON.stringify(`\\${e ?? ''}`)}`, i);
    }
  }
  return fail('string literal is never closed', start);
}

function lexNumber(src: string, start: number, tokens: Token[], fail: (r: string, at: number) => never): number {
  let i = start;
  while (isDigit(src[i])) i++;
  // After a '.', digits name an array index (`data.0.id`): no fraction there.
  const prev = tokens.at(-1);
  const afterDot = prev?.type === 'punct' && prev.value === '.';
  if (!afterDot) {
    if (src[i] === '.' && isDigit(src[i + 1])) {
      i++;
      while (isDigit(src[i])) i++;
    }
    if ((src[i] === 'e' || src[i] === 'E') && (isDigit(src[i + 1]) || (/[+-]/.test(src[i + 1] ?? '') && isDigit(src[i + 2])))) {
      i += 2;
      while (isDigit(src[i])) i++;
    }
  }
  if (isIdentPart(src[i])) fail('invalid number', start);
  tokens.push({ type: 'number', value: Number(src.slice(start, i)), pos: start });
  return i;
}
