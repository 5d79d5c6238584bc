/**
 * Load for the receiver benchmark, in a process of its own: `node webhook-load.mjs <url> <bytes> <ms>
 * <connections> [serverPid]` sends signed text-message deliveries of about <bytes> with autocannon for
 * <ms> after a short warm-up, every one with a fresh message id (dedupe never short-circuits), and prints
 * one JSON line: deliveries, deliveries/s, latency, non-200 answers, and — given the server's pid — the
 * server's CPU time per delivery (Linux /proc) over the measured part only.
 *
 * Signing costs the client little: the bodies differ only in a tail after the padding, so the HMAC's
 * inner hash of the shared head is computed once and copied per request (HMAC = H(K⊕opad ‖ H(K⊕ipad ‖ m))),
 * which keeps the client from being the bottleneck at 16 KB. Checked against createHmac at start.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { SECRET } from './webhook-server.mjs';

/** A text-message delivery from one customer; the message id comes last, so every byte before it is shared. */
export function textDelivery(id, text) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
              messages: [{ from: '16505551234', timestamp: '1750263773', type: 'text', text: { body: text }, id }],
            },
          },
        ],
      },
    ],
  });
}

/** A text-message delivery padded to `size` bytes: the shared head, and a tail per message id. */
export function deliveryParts(size) {
  const make = textDelivery;
  const marker = 'wamid.BENCH-000000000000';
  const bare = make(marker, '');
  const full = make(marker, 'x'.repeat(Math.max(0, size - Buffer.byteLength(bare))));
  const at = full.indexOf(marker);
  return { head: full.slice(0, at), tail: full.slice(at + marker.length) };
}

/** HMAC-SHA256 over head + suffix for many suffixes, hashing the head once. */
export function hmacWithSharedHead(secret, head) {
  const key = Buffer.alloc(64);
  Buffer.from(secret).copy(key); // secrets up to 64 bytes are used as they are
  const pad = (byte) => Buffer.from(key.map((b) => b ^ byte));
  const inner = createHash('sha256').update(pad(0x36)).update(head);
  const outerPad = pad(0x5c);
  return (suffix) => createHash('sha256').update(outerPad).update(inner.copy().update(suffix).digest()).digest('hex');
}

/** utime + stime of a process, in ms (Linux). */
export function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks; USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** Message ids are never reused, across the warm-up and the measured run alike. */
let n = 0;

/**
 * Sends signed deliveries of about `size` bytes for `durationMs`, or `amount` of them; resolves to autocannon's result.
 * `afterAnswers`: `call` runs once, synchronously, when `count` answers have arrived, before the connection that got the
 * last of them sends its next request (a point inside one run, on the same connections).
 */
export function run(url, size, durationMs, connections, amount, { timeoutSeconds = 10, afterAnswers } = {}) {
  const { head, tail } = deliveryParts(size);
  const sign = hmacWithSharedHead(SECRET, head);
  const probe = `${head}wamid.PROBE${tail}`;
  if (`sha256=${sign(`wamid.PROBE${tail}`)}` !== `sha256=${createHmac('sha256', SECRET).update(probe).digest('hex')}`) throw new Error('shared-head HMAC differs from createHmac');
  const instance = autocannon({
    url,
    connections,
    timeout: timeoutSeconds,
    ...(amount ? { amount } : { duration: durationMs / 1000 }),
    requests: [
      {
        method: 'POST',
        setupRequest(request) {
          const suffix = `wamid.BENCH-${process.pid}-${String(n++).padStart(10, '0')}${tail}`;
          request.body = head + suffix;
          request.headers = { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${sign(suffix)}` };
          return request;
        },
      },
    ],
  });
  if (afterAnswers) {
    let answers = 0;
    instance.on('response', () => {
      if (++answers === afterAnswers.count) afterAnswers.call();
    });
  }
  return new Promise((resolve, reject) => instance.on('done', resolve).on('error', reject));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [url, size, ms, connections, pid] = process.argv.slice(2);
  await run(url, Number(size), 0, Number(connections), 3000); // warm-up: JIT on both sides, sockets
  const cpu0 = pid ? cpuMsOf(Number(pid)) : NaN;
  const r = await run(url, Number(size), Number(ms), Number(connections));
  const cpuMs = pid ? cpuMsOf(Number(pid)) - cpu0 : NaN;
  const count = r.requests.total;
  console.log(
    JSON.stringify({
      count,
      perSecond: (count * 1000) / Number(ms),
      p50: r.latency.p50,
      p99: r.latency.p99,
      non200: r.non2xx + r.errors + r.timeouts,
      serverCpuUsPerDelivery: (cpuMs * 1000) / count,
    }),
  );
}
