/**
 * What a send costs, against a stand-in Graph API in its own process (bench/lib/graph-stub.mjs):
 *
 * 1. CPU per send, side by side: a hand-written `fetch` of the same request (the baseline),
 *    whatsapp-api-js's `sendMessage`, and `execute('send-message')` — this process's CPU time (user +
 *    system) per message, 16 in flight. Goals: ≤ 1.3× the raw fetch, and no more than whatsapp-api-js.
 *    The same runs give messages per second: the ceiling of one process with nothing paced.
 * 2. Template sends against text sends: `execute('send-template-message')` by templateId vs
 *    `execute('send-message')`: throughput ratio (goal ≥ 0.8; bench/lib/template-probe.mjs, in a process of
 *    its own) and heap growth per send (goal: within 1 KB of text sends; bench/lib/heap-probe.mjs), and
 *    how often the template list was read (once per connection and minute).
 *
 * Every case runs in each of at least five rounds, alternating order; the median and spread are reported.
 * Correctness (exit 1 when broken): every send answered, and the stub received exactly the sends made.
 * Run: npm run build && node bench/runtime-overhead.mjs [--rounds 5] [--sends 3000]
 */
import { pathToFileURL, fileURLToPath } from 'node:url';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { Text } from 'whatsapp-api-js/messages';
import { loadConnector } from 'whatsapp-business-cloud-connector';
import { fmt, interleave, runNode, sendCase, slope, startChild } from './lib/harness.mjs';
import { checkMessageId, PHONE_ID, sendContext, sendInputs, TO, TOKEN, VERSION } from './lib/send-inputs.mjs';

export const goals = { cpuVsFetch: 1.3, cpuVsPeer: 1, templateVsText: 0.8, heapPerSendBytes: 1024 };

function senders(base) {
  const connector = loadConnector();
  const ctx = sendContext(base);
  const url = `${base}/${VERSION}/${PHONE_ID}/messages`;
  const peer = new WhatsAppAPI({
    token: TOKEN,
    v: VERSION,
    secure: false,
    // The peer always calls graph.facebook.com: point it at the stub, nothing else changes.
    ponyfill: { fetch: (target, init) => fetch(target.replace('https://graph.facebook.com', base), init) },
  });
  return {
    async fetch(i) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'text', text: { body: `Hello ${i}` } }),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      checkMessageId((await res.json()).messages[0].id);
    },
    async peer(i) {
      const answer = await peer.sendMessage(PHONE_ID, { phone: TO }, new Text(`Hello ${i}`));
      checkMessageId(answer.messages?.[0]?.id);
    },
    async text(i) {
      checkMessageId((await connector.execute(...sendInputs.text(i), ctx)).messageId);
    },
  };
}

export async function run({ rounds = 5, sends = 3000, heapSends = 10_000, concurrency = 16, print = true } = {}) {
  const stub = await startChild(fileURLToPath(new URL('./lib/graph-stub.mjs', import.meta.url)));
  const problems = [];
  let made = 0;
  try {
    const s = senders(stub.url);
    const ops = (name, send) =>
      sendCase(send, {
        sends,
        concurrency,
        seen: (r, count) => {
          made += count;
          if (r.failures) problems.push(`${name}: ${r.failures} of ${count} sends failed (${r.firstError?.message})`);
        },
      });
    // 1. CPU per send, side by side.
    const cpu = await interleave({
      rounds,
      cases: { fetch: ops('raw fetch', s.fetch), peer: ops('whatsapp-api-js', s.peer), text: ops("execute('send-message')", s.text) },
      ratios: {
        cpuVsFetch: (r) => r.text.cpuUs / r.fetch.cpuUs,
        peerVsFetch: (r) => r.peer.cpuUs / r.fetch.cpuUs,
        cpuVsPeer: (r) => r.text.cpuUs / r.peer.cpuUs,
      },
    });

    const phase1 = await stub.get('/_stats');
    if (phase1.messages !== made) problems.push(`the stub received ${phase1.messages} messages, ${made} were sent`);
    made = 0;
    await stub.post('/_reset');

    // 2. Template sends against text sends: throughput side by side, in a process of their own…
    const probe = await runNode(fileURLToPath(new URL('./lib/template-probe.mjs', import.meta.url)), [stub.url, String(rounds), String(sends), String(concurrency)]);
    const templates = probe.json?.templates;
    if (probe.code !== 0 || !templates) problems.push(`template probe failed: ${probe.stderr.trim().split('\n').pop()}`);
    made += probe.json?.made ?? 0;
    if (probe.json?.failures) problems.push(`template probe: ${probe.json.failures} sends failed (${probe.json.firstError})`);
    const templateReads = (await stub.get('/_stats')).templateReads;
    // …and the heap's growth per send, each kind in a fresh process of its own (bench/lib/heap-probe.mjs).
    const heapProbe =
      (kind) =>
      async ({ warmup }) => {
        if (warmup) return undefined;
        const r = await runNode(fileURLToPath(new URL('./lib/heap-probe.mjs', import.meta.url)), [stub.url, kind, String(heapSends)]);
        if (r.code !== 0 || !r.json) {
          problems.push(`heap probe (${kind}) failed: ${r.stderr.trim().split('\n').pop()}`);
          return NaN;
        }
        made += 1000 + r.json.sends;
        if (r.json.failures) problems.push(`heap probe (${kind}): ${r.json.failures} sends failed`);
        return slope(r.json.afterGc) ?? NaN;
      };
    const heap = await interleave({
      rounds,
      warmup: false,
      cases: { text: heapProbe('text'), template: heapProbe('template') },
      ratios: { difference: (r) => r.template - r.text },
    });
    const phase2 = await stub.get('/_stats');
    if (phase2.messages !== made) problems.push(`the stub received ${phase2.messages} messages, ${made} were sent`);
    if (phase1.rejected || phase2.rejected) problems.push('the stub could not read some request bodies');
    const result = { cpu, templates, heap, templateReads, sends, heapSends, concurrency, rounds, problems, ok: problems.length === 0 };
    if (print) report(result);
    return result;
  } finally {
    await stub.stop();
  }
}

function report(r) {
  const c = r.cpu.cases;
  const line = (label, s) => `${label.padEnd(34)}${`${s.cpuUs.median.toFixed(0)} µs`.padStart(9)} CPU/send ${fmt.spread(s.cpuUs).padStart(6)}${`${fmt.int(s.perSecond.median)}/s`.padStart(10)}`;
  console.log(`CPU per send, ${r.concurrency} in flight, ${r.sends} sends per case and round, median of ${r.rounds} rounds`);
  console.log(line('raw fetch (baseline)', c.fetch));
  console.log(line('whatsapp-api-js sendMessage', c.peer));
  console.log(line("execute('send-message')", c.text));
  const verdict = (value, goal, below = true) => ((below ? value <= goal : value >= goal) ? 'goal met' : `GOAL MISSED (${below ? '≤' : '≥'} ${goal})`);
  const ratio = r.cpu.ratios;
  console.log(`  execute / raw fetch ${fmt.ratio(ratio.cpuVsFetch.median)} ${fmt.spread(ratio.cpuVsFetch)} — ${verdict(ratio.cpuVsFetch.median, goals.cpuVsFetch)}`);
  console.log(`  whatsapp-api-js / raw fetch ${fmt.ratio(ratio.peerVsFetch.median)} ${fmt.spread(ratio.peerVsFetch)}`);
  console.log(`  execute / whatsapp-api-js ${fmt.ratio(ratio.cpuVsPeer.median)} ${fmt.spread(ratio.cpuVsPeer)} — ${verdict(ratio.cpuVsPeer.median, goals.cpuVsPeer)}`);
  console.log(`template sends by templateId vs text sends (median of ${r.rounds} rounds, in a process of their own):`);
  if (r.templates) {
    const t = r.templates.cases;
    console.log(
      `  text ${fmt.int(t.text.perSecond.median)}/s, template ${fmt.int(t.template.perSecond.median)}/s: ratio ${fmt.ratio(r.templates.ratios.templateVsText.median)} ${fmt.spread(r.templates.ratios.templateVsText)} — ${verdict(r.templates.ratios.templateVsText.median, goals.templateVsText, false)}`,
    );
  }
  console.log(`  template list read ${r.templateReads} time(s) for ${r.rounds * r.sends + Math.min(1000, r.sends)} template sends`);
  const h = r.heap.cases;
  const bytes = (s) => (Number.isFinite(s.median) ? `${s.median.toFixed(0)} B/send` : 'n/a');
  console.log(`heap growth per send (heap after each collection, ${r.heapSends} sends in a process of their own; an upper bound): text ${bytes(h.text)}, template ${bytes(h.template)}`);
  if (Number.isFinite(r.heap.ratios.difference.median))
    console.log(`  template − text ${r.heap.ratios.difference.median.toFixed(0)} B/send — ${verdict(r.heap.ratios.difference.median, goals.heapPerSendBytes)}`);
  for (const p of r.problems) console.log(`  CORRECTNESS: ${p}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const r = await run({ rounds: arg('--rounds', 5), sends: arg('--sends', 3000) });
  process.exitCode = r.ok ? 0 : 1;
}
