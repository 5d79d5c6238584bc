/** A host's own logger (pino, console) is taken as it is, and never receives a secret. */
import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { redactingLogger, secretsIn, type Logger } from '../../src/runtime/logger.js';

const TOKEN = 'FAKE-TOKEN-not-a-real-one-0123456789';

function pinoInto(lines: string[]) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return pino({ base: undefined }, sink);
}

test('a pino logger is a Logger as it is, and lines reach it in pino order with secrets scrubbed', () => {
  const lines: string[] = [];
  const host: Logger = pinoInto(lines); // compiles: pino's (fields, message) order is ours
  const logger = redactingLogger(host, () => [TOKEN]);
  logger.warn({ url: `https://graph.facebook.com/v23.0/me?access_token=${TOKEN}`, accessToken: TOKEN }, `failed with ${TOKEN}`);
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0]) as Record<string, unknown>;
  expect(line.msg).toBe('failed with [redacted]');
  expect(line.url).toBe('https://graph.facebook.com/v23.0/me?access_token=[redacted]');
  expect(line.accessToken).toBe('[redacted]');
  expect(lines[0]).not.toContain(TOKEN);
});

test('console is a Logger as it is', () => {
  const seen: unknown[][] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    seen.push(args);
  });
  try {
    const host: Logger = console;
    redactingLogger(host, () => [TOKEN]).error({ token: TOKEN }, `bad ${TOKEN}`);
  } finally {
    spy.mockRestore();
  }
  expect(seen).toEqual([[{ token: '[redacted]' }, 'bad [redacted]']]);
});

test('an object met twice, or a cycle, is scrubbed wherever it is reached', () => {
  const lines: string[] = [];
  const logger = redactingLogger(pinoInto(lines), () => [TOKEN]);
  const request: Record<string, unknown> = { url: `https://graph.facebook.com/v23.0/me?access_token=${TOKEN}` };
  request.self = request;
  logger.error({ request, retry: { request }, list: [request, request] }, 'failed');
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain(TOKEN);
  const line = JSON.parse(lines[0]) as { request: { url: string }; retry: { request: { url: string } }; list: Array<{ url: string }> };
  expect(line.retry.request.url).toBe('https://graph.facebook.com/v23.0/me?access_token=[redacted]');
  expect(line.list.map((r) => r.url)).toEqual([line.request.url, line.request.url]);
  // The host's object is not changed.
  expect(request.url).toContain(TOKEN);
});

test("the secrets of a module's input are found in its plain objects and arrays; a file's bytes are not walked", () => {
  let walked = false;
  const bytes = new Proxy(Buffer.alloc(1024), {
    ownKeys(target) {
      walked = true;
      return Reflect.ownKeys(target);
    },
  });
  const input = { verifyToken: 'vt-1', nested: [{ pin: '123456' }, { file: { data: bytes, password: 'pw' } }], when: new Date(0) };
  expect(secretsIn(input)).toEqual(['vt-1', '123456', 'pw']);
  expect(walked).toBe(false);
});
