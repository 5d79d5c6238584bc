/**
 * A fast stand-in for the Graph API, run in its own process by the benchmarks (`startChild`): it
 * answers sends and the template list with Meta's shapes (cloud-api.md §2.1 and §9.1), and records
 * what arrived, so a benchmark can check that every message came exactly once and at what rate.
 *
 *   POST /<version>/<phone-number-id>/messages   → accepted (recipient and arrival time recorded)
 *   GET  /<version>/<waba-id>/message_templates  → the template list (reads counted)
 *   GET  /_stats                                 → counts, duplicates, the steady rate, how many
 *                                                  messages Meta's throughput limit would have refused,
 *                                                  and when the first message came (ms since the epoch,
 *                                                  comparable across processes)
 *   GET  /_recipients                            → every recipient that arrived, with its count
 *   POST /_reset?limit=<per second>              → forgets everything recorded; sets that limit
 *
 * It announces itself with one JSON line on stdout: {"port": …}.
 */
import http from 'node:http';

const TEMPLATES = JSON.stringify({
  data: [
    {
      id: '1',
      name: 'order_update',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} has shipped.', example: { body_text: [['Jasper', '#1']] } }],
    },
  ],
  paging: { cursors: { before: 'b', after: 'a' } },
});

let arrivals = [];
let firstAt;
let recipients = new Map();
let templateReads = 0;
let rejected = 0;
let sequence = 0;
// Meta's throughput as the sandbox models it: a token bucket holding one second's worth (src/sandbox/limits.ts).
let limit = Infinity;
let bucket = { tokens: 0, at: 0 };
let overLimit = 0;

function withinLimit(now) {
  if (limit === Infinity) return true;
  bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) * limit) / 1000);
  bucket.at = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

function accepted(to) {
  sequence++;
  return JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: String(to).replace(/^\+/, '') }], messages: [{ id: `wamid.STUB${sequence}` }] });
}

/** Messages per second between the 10th and the 90th percentile of arrivals (the steady part). */
function steadyRate(times) {
  if (times.length < 10) return undefined;
  const sorted = [...times].sort((a, b) => a - b);
  const from = Math.floor(sorted.length * 0.1);
  const to = Math.floor(sorted.length * 0.9);
  return ((to - from) * 1000) / (sorted[to] - sorted[from]);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const path = req.url.split('?')[0];
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.method === 'POST' && path.endsWith('/messages')) {
      const at = performance.now();
      let to;
      try {
        to = JSON.parse(Buffer.concat(chunks).toString('utf8')).to;
      } catch {
        rejected++;
        return json(400, { error: { message: 'not JSON', code: 100 } });
      }
      firstAt ??= performance.timeOrigin + at;
      arrivals.push(at);
      if (!withinLimit(at)) overLimit++;
      recipients.set(to, (recipients.get(to) ?? 0) + 1);
      return json(200, accepted(to));
    }
    if (req.method === 'GET' && path.endsWith('/message_templates')) {
      templateReads++;
      return json(200, TEMPLATES);
    }
    if (path === '/_stats') {
      let duplicates = 0;
      for (const n of recipients.values()) if (n > 1) duplicates += n - 1;
      return json(200, { messages: arrivals.length, distinctRecipients: recipients.size, duplicates, templateReads, rejected, overLimit, steadyPerSecond: steadyRate(arrivals), firstAt });
    }
    if (path === '/_recipients') return json(200, Object.fromEntries(recipients));
    if (path === '/_reset') {
      const given = Number(new URL(req.url, 'http://x').searchParams.get('limit'));
      limit = given > 0 ? given : Infinity;
      bucket = { tokens: limit, at: performance.now() };
      overLimit = 0;
      arrivals = [];
      firstAt = undefined;
      recipients = new Map();
      templateReads = 0;
      rejected = 0;
      return json(200, { ok: true });
    }
    json(404, { error: { message: `unknown path ${path}`, code: 100 } });
  });
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  process.exit(0);
});
