/**
 * A stand-in for the Graph API's media endpoints, run in its own process by bench/media.mjs: it takes
 * uploads into a sink and serves one file for download, with Meta's shapes (cloud-api.md §5).
 *
 *   POST /<version>/<phone-number-id>/media  → {"id"} once the whole body arrived (bytes counted, kept nowhere)
 *   GET  /<version>/<media-id>               → the media's metadata: a URL on this server, sha256, size
 *   GET  /<version>/files/<media-id>         → the file's bytes, streamed from disk
 *   GET  /_last                               → bytes of the last upload
 *
 * Usage: node bench/lib/media-stub.mjs <file> <sha256-hex>; announces {"port": …} on stdout.
 */
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';

const [file, sha256] = process.argv.slice(2);
const size = statSync(file).size;
const MEDIA_ID = '900000000000001';
let lastUpload = 0;

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const json = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method === 'POST' && path.endsWith('/media')) {
    let bytes = 0;
    req.on('data', (c) => (bytes += c.length));
    req.on('end', () => {
      lastUpload = bytes;
      json(200, { id: MEDIA_ID });
    });
    return;
  }
  if (path.endsWith(`/${MEDIA_ID}`) && !path.includes('/files/')) {
    const { port } = server.address();
    // Same origin as the Graph base URL, so the runtime lets the token go there.
    return json(200, { messaging_product: 'whatsapp', url: `http://127.0.0.1:${port}/v23.0/files/${MEDIA_ID}`, mime_type: 'application/pdf', sha256, file_size: String(size), id: MEDIA_ID });
  }
  if (path.endsWith(`/files/${MEDIA_ID}`)) {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(size) });
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res);
    return;
  }
  if (path === '/_last') return json(200, { bytes: lastUpload });
  json(404, { error: { message: 'unknown path', code: 100 } });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  process.exit(0);
});
