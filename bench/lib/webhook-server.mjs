/**
 * One webhook server for the receiver benchmark, in a process of its own: `node webhook-server.mjs <kind>`
 * prints `{"port":…,"pid":…}` once it listens. Kinds:
 *   bare-http        — node:http: read the body, HMAC-SHA256 over the raw bytes (timingSafeEqual), JSON.parse, 200
 *   receiver-http    — the receiver's framework-free handler in node:http (everything the receiver does)
 *   bare-express     — express: the same as bare-http on an express route (express.raw, then verify and parse)
 *   receiver-express — the receiver's express router, mounted as the README documents
 *   minimal-receiver — bare-http plus the least a receiver does (text messages flattened by hand, their ids deduped in
 *                      a Map, the hand-over, the answer once it is done), with pieces of the real receiver put in by
 *                      WEBHOOK_PIECES (comma-separated, see PIECES), so that each can be counted on its own
 * Every server answers GET /stats with what its hand-over received, so the bench checks nothing was lost.
 * (`wabc webhook serve` is started by bench/webhook.mjs itself, as the CLI.)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

export const SECRET = 'bench-app-secret';
export const VERIFY_TOKEN = 'bench-verify-token';
const OK = '{"ok":true}';

/** The bare check: signature over the exact bytes in constant time, then JSON. The parsed body, or undefined when refused. */
function verifyAndParse(body, header) {
  const text = typeof header === 'string' ? header : '';
  const expected = Buffer.from(text.slice(7), 'hex');
  const actual = createHmac('sha256', SECRET).update(body).digest();
  if (!text.startsWith('sha256=') || expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
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
      const ok = verifyAndParse(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), req.headers['x-hub-signature-256']) !== undefined;
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
    const ok = verifyAndParse(req.body, req.headers['x-hub-signature-256']) !== undefined;
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

/** The receiver's pieces a minimal receiver can take in, one at a time or together. */
export const PIECES = {
  flatten: "flattening by the descriptor's rules",
  digest: 'the dedupe key with its digest of the item',
  store: 'the memory dedupe store (claim, then commit)',
  depth: 'the check for values nested too deep',
  'turn-end': 'answers sent together at the end of the turn',
};

/** The bundle of a text message as the receiver makes it, written by hand for the one shape the load sends. */
function textBundles(payload) {
  const bundles = [];
  for (const entry of payload.entry ?? [])
    for (const change of entry.changes ?? []) {
      const value = change.value ?? {};
      for (const message of value.messages ?? [])
        bundles.push({
          id: message.id,
          field: change.field,
          type: 'message',
          wabaId: entry.id,
          phoneNumberId: value.metadata?.phone_number_id,
          displayPhoneNumber: value.metadata?.display_phone_number,
          contact: value.contacts?.find((c) => c.wa_id === message.from),
          timestamp: message.timestamp,
          message,
          messageType: message.type,
          from: message.from,
        });
    }
  return bundles;
}

async function minimalReceiver() {
  const pieces = new Set((process.env.WEBHOOK_PIECES ?? '').split(',').filter(Boolean));
  for (const p of pieces) if (!PIECES[p]) throw new Error(`unknown piece ${p} (${Object.keys(PIECES).join(', ')})`);
  const { flattenDelivery, dedupeKey, MemoryDedupeStore, DEDUPE_TTL_MS } = await import('whatsapp-business-cloud-connector/webhook');
  // The depth check is not part of the package's API: the build's own module.
  const { holdsDeeper } = await import(new URL('../../dist/src/webhook/depth.js', import.meta.url).href);
  const flatten = pieces.has('flatten') ? flattenDelivery : textBundles;
  const keyOf = pieces.has('digest') ? dedupeKey : (bundle) => bundle.id;
  const store = new MemoryDedupeStore();
  const seen = new Set();
  const answer = (res) => {
    res.setHeader('content-type', 'application/json');
    res.end(OK);
  };
  let waiting = [];
  const answerAtTurnEnd = (res) => {
    if (waiting.length === 0)
      setImmediate(() => {
        const list = waiting;
        waiting = [];
        for (const r of list) answer(r);
      });
    waiting.push(res);
  };
  const done = pieces.has('turn-end') ? answerAtTurnEnd : answer;
  return http.createServer((req, res) => {
    if (req.url === '/stats') return stats(res);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const payload = verifyAndParse(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), req.headers['x-hub-signature-256']);
      if (payload === undefined) {
        res.statusCode = 401;
        return res.end();
      }
      if (pieces.has('depth') && holdsDeeper(payload)) throw new Error('a delivery nested too deep');
      const keyed = flatten(payload).map((bundle) => ({ bundle, key: keyOf(bundle) }));
      const mine = pieces.has('store') ? keyed.filter((k) => store.claim(k.key) === 'claimed') : keyed.filter((k) => !seen.has(k.key) && seen.add(k.key));
      onBundles(mine.map((k) => k.bundle)).then(() => {
        if (pieces.has('store')) for (const k of mine) store.commit(k.key, DEDUPE_TTL_MS);
        done(res);
      });
    });
  });
}

const kinds = {
  'bare-http': bareHttp,
  'receiver-http': receiverHttp,
  'bare-express': bareExpress,
  'receiver-express': receiverExpress,
  'minimal-receiver': minimalReceiver,
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const kind = process.argv[2];
  if (!kinds[kind]) throw new Error(`unknown server kind ${kind} (${Object.keys(kinds).join(', ')})`);
  const server = await kinds[kind]();
  server.keepAliveTimeout = 10_000;
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port, pid: process.pid })));
  process.on('SIGTERM', () => server.close(() => process.exit(0)) && server.closeAllConnections());
}
