/**
 * upload-media (cloud-api.md §3.1): multipart `messaging_product`, `type`, `file` to /{phone-number-id}/media,
 * and the type/size table of §3.5 applied before any byte leaves.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { connector, ctx, failure, graph, graphError, hintFor, useNock } from '../../helpers/graph-api.js';
import { json, parseMultipart, readBody, startGraph, type LocalGraph, type SeenRequest } from '../../helpers/local-graph.js';
import { PHONE_ID, TOKEN, VERSION } from '../../helpers/connection.js';

useNock();

let server: LocalGraph;
let seen: SeenRequest[];
let answer: { status: number; body: unknown };
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upload-media-'));
  server = await startGraph(async (req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body: await readBody(req) });
    json(res, answer.status, answer.body);
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: { id: '1037543291543636' } };
});

const local = () => ctx({ connection: { graphUrl: server.url } });
const upload = (file: unknown) => connector().executeDynamic('upload-media', { senderId: PHONE_ID, file }, local());

test('sends the three parts Meta expects, streams the file, and returns the media id', async () => {
  const bytes = Buffer.from('\xff\xd8\xff\xe0 not really a jpeg \x00\x01\x02', 'latin1');
  await expect(upload({ data: bytes, fileName: 'photo.jpg' })).resolves.toEqual({ id: '1037543291543636' });
  expect(seen).toHaveLength(1);
  const [r] = seen;
  expect(r.method).toBe('POST');
  expect(r.url).toBe(`/${VERSION}/${PHONE_ID}/media`);
  expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(r.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  expect(Number(r.headers['content-length'])).toBe(r.body.length);
  const parts = parseMultipart(r.body, r.headers['content-type']);
  expect(parts.map((p) => p.name)).toEqual(['messaging_product', 'type', 'file']);
  expect(parts[0].data.toString()).toBe('whatsapp');
  expect(parts[1].data.toString()).toBe('image/jpeg');
  expect(parts[2]).toMatchObject({ filename: 'photo.jpg', contentType: 'image/jpeg' });
  expect(parts[2].data.equals(bytes)).toBe(true);
});

test('a file path: the type comes from the name', async () => {
  const path = join(dir, 'invoice.pdf');
  writeFileSync(path, '%PDF-1.4 tiny');
  await upload(path);
  const parts = parseMultipart(seen[0].body, seen[0].headers['content-type']);
  expect(parts[1].data.toString()).toBe('application/pdf');
  expect(parts[2]).toMatchObject({ filename: 'invoice.pdf', contentType: 'application/pdf' });
  expect(parts[2].data.toString()).toBe('%PDF-1.4 tiny');
});

test('a given MIME type wins over the name, and a stream with its size is sent as it comes', async () => {
  const stream = Readable.from([Buffer.from('OggS'), Buffer.from(' voice note')]);
  await upload({ stream, size: 15, fileName: 'note.bin', mimeType: 'audio/ogg' });
  const parts = parseMultipart(seen[0].body, seen[0].headers['content-type']);
  expect(parts[1].data.toString()).toBe('audio/ogg');
  expect(parts[2].data.toString()).toBe('OggS voice note');
});

describe('type and size are checked against Meta table before any byte is sent (§3.5)', () => {
  const MB = 1024 * 1024;
  const refused: Array<[string, unknown, RegExp]> = [
    ['an image over 5 MB', { data: Buffer.alloc(5 * MB + 1), fileName: 'big.png' }, /file: image files \(image\/png\) may be at most 5 MB; this file is 5 MB \(5242881 bytes\)/],
    ['a video over 16 MB', { data: Buffer.alloc(16 * MB + 1), fileName: 'clip.mp4' }, /at most 16 MB/],
    ['an audio over 16 MB', { data: Buffer.alloc(16 * MB + 1), fileName: 'song.mp3' }, /audio files \(audio\/mpeg\) may be at most 16 MB/],
    ['a sticker over 500 KB', { data: Buffer.alloc(500 * 1024 + 1), fileName: 'sticker.webp' }, /sticker files \(image\/webp\) may be at most 500 KB \(500 KB animated, 100 KB static\)/],
    ['a GIF', { data: Buffer.from('GIF89a'), fileName: 'anim.gif' }, /file: image\/gif is not a media type WhatsApp accepts \(supported — audio 16 MB: audio\/aac/],
    ['a CSV (not in the document list)', { data: Buffer.from('a,b'), fileName: 'rows.csv' }, /text\/csv is not a media type/],
    ['a file whose type is unknown', { data: Buffer.from('??'), fileName: 'blob.unknownext' }, /file: the MIME type of "blob.unknownext" is unknown/],
    ['an empty file', { data: Buffer.alloc(0), fileName: 'empty.pdf' }, /file: the file is empty/],
    ['a stream without its size', { stream: Readable.from([Buffer.from('x')]), fileName: 'a.pdf' }, /file: the size of a stream must be given/],
  ];
  test.each(refused)('refuses %s', async (_label, file, message) => {
    const error = await failure('upload-media', { senderId: PHONE_ID, file }, local());
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(message);
    expect((error as unknown as { issues: Array<{ path: string }> }).issues[0].path).toBe('file');
    expect(seen).toHaveLength(0);
  });

  test('a document of exactly 100 MB is within the limit (checked from the size, not read)', async () => {
    const { mediaProblem } = await import('../../../functions/media-checks.js');
    expect(mediaProblem({ fileName: 'big.pdf', mimeType: 'application/pdf', size: 100 * MB })).toBeUndefined();
    expect(mediaProblem({ fileName: 'big.pdf', mimeType: 'application/pdf', size: 100 * MB + 1 })).toMatch(/at most 100 MB/);
  });

  test('an image of exactly 5 MB is sent', async () => {
    await upload({ data: Buffer.alloc(5 * MB, 1), fileName: 'edge.jpg' });
    expect(seen).toHaveLength(1);
  });

  test('a missing file and a missing sender are reported together', async () => {
    const error = await failure('upload-media', {}, local());
    expect(error.message).toContain('senderId: is required');
    expect(error.message).toContain('file: is required');
  });

  test('a path that does not exist is reported on the field', async () => {
    const error = await failure('upload-media', { senderId: PHONE_ID, file: join(dir, 'nope.pdf') }, local());
    expect(error.message).toMatch(/file: cannot read file/);
  });
});

describe('Meta errors', () => {
  test('131053 (media refused) → DataError with the hint; the POST is not retried', async () => {
    answer = { status: 400, body: graphError(131053, { message: '(#131053) Media upload error', details: 'Unsupported file type' }) };
    const error = await failure('upload-media', { senderId: PHONE_ID, file: { data: Buffer.from('x'), fileName: 'a.jpg' } }, local());
    expect(error).toMatchObject({ name: 'DataError', code: 131053, details: 'Unsupported file type', hint: hintFor(131053) });
    expect(seen).toHaveLength(1);
  });

  test('190 → InvalidAccessTokenError', async () => {
    answer = { status: 401, body: graphError(190, { message: 'Error validating access token' }) };
    const error = await failure('upload-media', { senderId: PHONE_ID, file: { data: Buffer.from('x'), fileName: 'a.jpg' } }, local());
    expect(error).toMatchObject({ name: 'InvalidAccessTokenError', code: 190, hint: hintFor(190) });
  });

  test('a 5xx on the upload is reported as possibly received, never resent', async () => {
    answer = { status: 500, body: graphError(131000, { message: 'Something went wrong' }) };
    const error = await failure('upload-media', { senderId: PHONE_ID, file: { data: Buffer.from('x'), fileName: 'a.jpg' } }, local());
    expect(error).toMatchObject({ name: 'RuntimeError', code: 131000, maybeSent: true });
    expect(seen).toHaveLength(1);
  });
});

test('the default Graph host gets the same request (nock)', async () => {
  let parts: string | undefined;
  const scope = graph()
    .post(`/${VERSION}/${PHONE_ID}/media`)
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .matchHeader('content-type', /multipart\/form-data/)
    .reply(200, (_uri, body) => {
      parts = String(body);
      return { id: '42' };
    });
  await expect(connector().execute('upload-media', { senderId: PHONE_ID, file: { data: 'hello', fileName: 'a.txt' } }, ctx())).resolves.toEqual({ id: '42' });
  expect(scope.isDone()).toBe(true);
  expect(parts).toMatch(/name="messaging_product"\r\n\r\nwhatsapp\r\n/);
  expect(parts).toMatch(/name="type"\r\n\r\ntext\/plain\r\n/);
  expect(parts).toMatch(/name="file"; filename="a.txt"\r\nContent-Type: text\/plain\r\n\r\nhello\r\n/);
});
