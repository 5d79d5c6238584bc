/**
 * download-media stays inside its folder: a media id, MIME type or file name of '', '.', '..' or one
 * holding a path separator — from Meta's answer, a Content-Disposition header or the user's fileName —
 * never writes outside the destination. A folder in the way is a FileSystemError naming the path, not
 * retried, and no `.part` is left behind. A local Graph on 127.0.0.1 serves the metadata and the bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadConnector, FileSystemError, ValidationError, noPacing, type Connector, type ExecutionContext } from '../../../src/runtime/runtime.js';
import { download } from '../../../src/runtime/transport/http-download.js';
import { downloadPath, fileNameProblem } from '../../../src/runtime/transport/download-target.js';
import { startGraph, json, readBody, type LocalGraph } from '../../helpers/local-graph.js';
import { TOKEN, WABA, VERSION, assertNoToken } from '../../helpers/connection.js';

const MEDIA_ID = '1037543291543636';
const BYTES = Buffer.from('\x89PNG\r\n\x1a\n pretend image bytes', 'latin1');
const SHA = createHash('sha256').update(BYTES).digest('hex');

let graph: LocalGraph;
let connector: Connector;
let root: string;
let out: string;
/** What the Graph's GET /{media-id} answers (overridable per test) and the headers of the bytes. */
let metadata: Record<string, unknown>;
let fileHeaders: Record<string, string>;
let mediaGets = 0;

const ctx = (): ExecutionContext => ({ connection: { accessToken: TOKEN, wabaId: WABA, apiVersion: VERSION, graphUrl: graph.url }, pacer: noPacing, transport: { sleep: async () => undefined } });

beforeAll(async () => {
  connector = loadConnector();
  graph = await startGraph(async (req, res) => {
    await readBody(req);
    if (req.url?.startsWith(`/${VERSION}/`)) return json(res, 200, metadata);
    mediaGets++;
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(BYTES.length), ...fileHeaders }).end(BYTES);
  });
});
afterAll(() => graph.close());
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'download-paths-'));
  out = join(root, 'a', 'b', 'out');
  mkdirSync(out, { recursive: true });
  metadata = { messaging_product: 'whatsapp', url: `${graph.url}/media/1`, mime_type: 'image/png', sha256: SHA, file_size: String(BYTES.length), id: MEDIA_ID };
  fileHeaders = {};
  mediaGets = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Every file under the test's root, relative to it: what was written, and where. */
function filesUnder(dir = root): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

describe('a hostile answer from the Graph: the file is still <media id>.<ext> inside the folder', () => {
  test.each(['..', '.', '', '../../../escaped', 'a/b', '..\\..\\escaped', '/etc/passwd', `${MEDIA_ID}/../../x`])('id %j', async (id) => {
    metadata.id = id;
    const output = (await connector.execute('download-media', { mediaId: MEDIA_ID, destination: out }, ctx())) as { path: string };
    expect(output.path).toBe(join(out, `${MEDIA_ID}.png`));
    expect(filesUnder()).toEqual([join('a', 'b', 'out', `${MEDIA_ID}.png`)]);
  });

  test.each(['image/../../x', '../../x', 'x/..'])('MIME type %j', async (mimeType) => {
    metadata.mime_type = mimeType;
    fileHeaders['content-type'] = mimeType;
    await connector.execute('download-media', { mediaId: MEDIA_ID, destination: out }, ctx());
    expect(filesUnder()).toEqual([join('a', 'b', 'out', MEDIA_ID)]);
  });
});

describe("the user's fileName", () => {
  test.each(['..', '.', '...', '../x', 'x/..', 'a\\b', '/etc/x'])('%j is refused before anything is fetched, naming the field', async (fileName) => {
    const error = await connector.execute('download-media', { mediaId: MEDIA_ID, destination: out, fileName }, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['fileName']);
    expect(mediaGets).toBe(0);
    expect(filesUnder()).toEqual([]);
  });

  test('a plain name with dots is fine', async () => {
    await connector.execute('download-media', { mediaId: MEDIA_ID, destination: out, fileName: '..logo..png' }, ctx());
    expect(filesUnder()).toEqual([join('a', 'b', 'out', '..logo..png')]);
  });
});

describe('a name from Content-Disposition (the transport, when no name is asked for)', () => {
  const fetchTo = async (to: string) => {
    const res = await download({ method: 'GET', url: `${graph.url}/media/1`, headers: {}, download: { to, maxInMemoryBytes: 1024 } }, { timeoutMs: 5000 });
    return res.download!;
  };
  test.each([
    ['attachment; filename="../../escaped.png"', '.._.._escaped.png'],
    ["attachment; filename*=UTF-8''..%2F..%2Fescaped.png", '.._.._escaped.png'],
    ['attachment; filename=".."', 'download.png'],
    ['attachment; filename="."', 'download.png'],
    ['attachment; filename=""', 'download.png'],
    ['attachment; filename="%00"', 'download.png'],
  ])('%s → %s, inside the folder', async (disposition, name) => {
    fileHeaders['content-disposition'] = disposition;
    const result = await fetchTo(`${out}/`);
    expect(result.path).toBe(join(out, name));
    expect(filesUnder()).toEqual([join('a', 'b', 'out', name)]);
  });
});

describe('the final path is checked', () => {
  test('fileNameProblem and downloadPath refuse what names no file in the folder', () => {
    for (const bad of ['', ' ', '.', '..', '...', 'a/b', 'a\\b', '\u0000', 'x\ny']) expect(fileNameProblem(bad)).toBeDefined();
    for (const good of ['a.png', '..a', 'a..', '.hidden', 'ünïcode.pdf']) expect(fileNameProblem(good)).toBeUndefined();
    expect(() => downloadPath(`${out}/`, '..')).toThrow(/refused file name/);
    expect(downloadPath(`${out}/`, 'x.png')).toBe(join(out, 'x.png'));
    expect(downloadPath(join(out, 'chosen.png'), '..')).toBe(join(out, 'chosen.png')); // a file path is used as given
  });

  test('a .part link planted in the folder is replaced, not followed', async () => {
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'keep me');
    symlinkSync(outside, join(out, `${MEDIA_ID}.png.part`));
    await connector.execute('download-media', { mediaId: MEDIA_ID, destination: out }, ctx());
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    expect(readFileSync(join(out, `${MEDIA_ID}.png`)).equals(BYTES)).toBe(true);
    expect(existsSync(join(out, `${MEDIA_ID}.png.part`))).toBe(false);
  });
});

describe('filesystem errors', () => {
  test('a folder in the way (EISDIR): a FileSystemError naming the path, not retried, no .part left', async () => {
    mkdirSync(join(out, `${MEDIA_ID}.png`));
    const error = await connector.execute('download-media', { mediaId: MEDIA_ID, destination: out }, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect(error).toMatchObject({ path: join(out, `${MEDIA_ID}.png`), fsCode: 'EISDIR', retryable: false });
    expect((error as Error).message).toContain(join(out, `${MEDIA_ID}.png`));
    expect((error as FileSystemError).toJSON()).toMatchObject({ type: 'FileSystemError', path: join(out, `${MEDIA_ID}.png`), fsCode: 'EISDIR' });
    assertNoToken(error);
    expect(mediaGets).toBe(1);
    expect(readdirSync(out)).toEqual([`${MEDIA_ID}.png`]);
    expect(statSync(join(out, `${MEDIA_ID}.png`)).isDirectory()).toBe(true);
  });

  test('a file where a folder should be (ENOTDIR): a FileSystemError, nothing fetched twice', async () => {
    writeFileSync(join(root, 'file'), 'x');
    const error = await connector.execute('download-media', { mediaId: MEDIA_ID, destination: join(root, 'file', 'sub', 'x.png') }, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect(error).toMatchObject({ fsCode: 'ENOTDIR', path: join(root, 'file', 'sub', 'x.png') });
    expect(mediaGets).toBe(1);
  });
});
