/**
 * `wabc webhook serve` as its own process, printing to a real pipe: under concurrent deliveries and a
 * reader that stops for a while, every line comes out whole and once, as JSON.stringify gives it — the
 * path through the real stdout, whose turn buffers are used again (line-writer.ts, turn-buffer.ts; the
 * rule that a buffer is taken back only once its write called back is checked in turn-buffer.test.ts:
 * on Linux, Node writes to a pipe on stdout synchronously, so this process cannot catch a breach of it).
 */
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import { signBody } from '../../src/webhook/signature.js';
import { textDelivery } from '../helpers/deliveries.js';
import { wabc } from '../helpers/wabc-process.js';

const SECRET = 'serve-process-app-secret';

async function post(url: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET) } });
  await res.arrayBuffer();
  return res.status;
}

test('many deliveries while the reader stops: every line whole, once, as JSON.stringify gives it', async () => {
  const serve = wabc(['webhook', 'serve', '--port', '0', '--log-format', 'json'], { WHATSAPP_VERIFY_TOKEN: 'verify-me', WHATSAPP_APP_SECRET: SECRET });
  try {
    const [, url] = await serve.waitFor(/"url":"([^"]+)"/, 'the receiver to listen');
    // Long texts (copied from the delivery's bytes), non-ASCII ones (UTF-8) and short ones (Latin-1).
    const texts = (i: number): string => [`${'x'.repeat(16 * 1024)} ${i}`, `ä€😀 ${i}`.repeat(40), `short ${i}`][i % 3];
    const deliveries = Array.from({ length: 300 }, (_, i) => textDelivery(`wamid.load-${i}`, texts(i)));
    serve.child.stdout!.pause(); // the pipe fills and the server's writes wait for the reader
    const answers = Promise.all(deliveries.map((d) => post(url, d)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    serve.child.stdout!.resume();
    expect(await answers).toEqual(deliveries.map(() => 200));
    serve.child.kill('SIGTERM');
    expect(await serve.ended).toBe(0);
    const want = deliveries.flatMap((d) => flattenDelivery(d)).map((b) => JSON.stringify(b));
    expect(serve.stdout().split('\n').filter(Boolean).sort()).toEqual(want.sort());
  } finally {
    serve.child.kill('SIGKILL');
  }
}, 60_000);
