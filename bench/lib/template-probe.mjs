/**
 * Template sends against text sends, in a process of its own: `node template-probe.mjs <graph url>
 * <rounds> <sends> <concurrency>` runs both kinds in interleaved rounds (after a warm-up) and prints one
 * JSON line: the interleave summary (messages per second and CPU per send of each kind, the ratio of
 * their rates per round), how many sends it made, and the failures. Its own process because the other
 * cases of bench/runtime-overhead.mjs leave that process with a heap (tens of thousands of `fetch`
 * responses) whose every young collection costs several times more, which would load whichever kind
 * allocates more with someone else's garbage.
 */
import { loadConnector } from 'whatsapp-business-cloud-connector';
import { interleave, sendCase } from './harness.mjs';
import { checkMessageId, sendContext, sendInputs } from './send-inputs.mjs';

const [graphUrl, rounds = '5', sends = '3000', concurrency = '16'] = process.argv.slice(2);
const connector = loadConnector();
const ctx = sendContext(graphUrl);
let made = 0;
let failures = 0;
let firstError;

const kind = (name) =>
  sendCase(
    async (i) => {
      const [id, input] = sendInputs[name](i);
      checkMessageId((await connector.execute(id, input, ctx))?.messageId);
    },
    {
      sends: Number(sends),
      concurrency: Number(concurrency),
      seen: (r, count) => {
        made += count;
        failures += r.failures;
        firstError ??= r.firstError?.message;
      },
    },
  );

const templates = await interleave({
  rounds: Number(rounds),
  cases: { text: kind('text'), template: kind('template') },
  ratios: { templateVsText: (r) => r.template.perSecond / r.text.perSecond },
});
process.stdout.write(`${JSON.stringify({ templates, made, failures, firstError })}\n`);
