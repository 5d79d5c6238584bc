/**
 * One webhook server for the receiver benchmark, in a process of its own: `node webhook-server.mjs <kind>`
 * prints `{"port":…,"pid":…}` once it listens. Kinds:
 *   bare-http        — node:http: read the body, HMAC-SHA256 over the raw bytes (timingSafeEqual), JSON.parse, 200
 *   receiver-http    — the receiver's framework-free handler in node:http (everything the receiver does)
 *   bare-express     — express: the same as bare-http on an express route (express.raw, then verify and parse)
 *   receiver-express — the receiver's express router, mounted as the README documents
 * Every server answers GET /stats with what its hand-over received, so the bench checks nothing was lost.
 * (`wabc webhook serve` is started by bench/webhook.mjs itself, as the CLI.)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

export const SECRET = 'bench-app-secret';
export const VERIFY_TOKEN = 'bench-verify-token';
const OK = '{"ok":true}';

/** The bare check: signature over the exact bytes in constant time, then JSON. false when refused. */
function verifyAndParse(body, header) {
  const text = typeof header === 'string' ? header : '';
  const expected = Buffer.from(text.slice(7), 'hex');
  const actual = createHmac('sha256', SECRET).update(body).digest();
  if (!text.startsWith('sha256=') || expected.length !== actual.length || !timingSafeEqual(expected, actual)) return false;
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

let handed = 0;
const onBundles = async (bundles) => {
  handed += bundles.length;
};

function stats(res) {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ handed }));
}

async function bareHttp() {
  return http.createServer((req, res) => {
    if (req.url === '/stats') return stats(res);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const ok = verifyAndParse(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), req.headers['x-hub-signature-256']);
      if (ok) handed++;
      res.statusCode = ok ? 200 : 401;
      res.setHeader('content-type', 'application/json');
      res.end(OK);
    });
  });
}

async function receiverHttp() {
  const { createWebhookHandler } = await import('whatsapp-business-cloud-connector/webhook');
  const handle = createWebhookHandler({ verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles });
  return http.createServer((req, res) => (req.url === '/stats' ? stats(res) : handle(req, res)));
}

async function bareExpress() {
  const { default: express } = await import('express');
  const app = express();
  app.get('/stats', (req, res) => stats(res));
  app.post('/webhook', express.raw({ type: 'application/json', limit: '3mb' }), (req, res) => {
    const ok = verifyAndParse(req.body, req.headers['x-hub-signature-256']);
    if (ok) handed++;
    res
      .status(ok ? 200 : 401)
      .type('application/json')
      .send(OK);
  });
  return http.createServer(app);
}

async function receiverExpress() {
  const { default: express } = await import('express');
  const { createWebhookRouter } = await import('whatsapp-business-cloud-connector/webhook');
  const app = express();
  app.get('/stats', (req, res) => stats(res));
  app.use('/webhook', createWebhookRouter({ verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles }));
  return http.createServer(app);
}

const kinds = { 'bare-http': bareHttp, 'receiver-http': receiverHttp, 'bare-express': bareExpress, 'receiver-express': receiverExpress };

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const kind = process.argv[2];
  if (!kinds[kind]) throw new Error(`unknown server kind ${kind} (${Object.keys(kinds).join(', ')})`);
  const server = await kinds[kind]();
  server.keepAliveTimeout = 10_000;
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port, pid: process.pid })));
  process.on('SIGTERM', () => server.close(() => process.exit(0)) && server.closeAllConnections());
}
