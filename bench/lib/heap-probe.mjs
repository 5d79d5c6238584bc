/**
 * Heap growth per send, measured in a process of its own so no other case's objects are counted:
 * `node heap-probe.mjs <graph url> <text|template> <sends>` warms up, sends, and prints one JSON line
 * with the heap size read right after each collection the run needed — nothing forces one — against the
 * number of sends done by then. What stays alive across collections is what a send leaves behind; until
 * a full collection runs, that includes objects that merely outlived two young collections, so the
 * figure is an upper bound on what a send leaks.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { loadConnector } from 'whatsapp-business-cloud-connector';
import { measureOps } from './harness.mjs';
import { sendContext, sendInputs } from './send-inputs.mjs';

const [graphUrl, kind, count = '6000'] = process.argv.slice(2);
const connector = loadConnector();
const ctx = sendContext(graphUrl);
let done = 0;
const send = async (i) => {
  const [id, input] = sendInputs[kind](i);
  await connector.execute(id, input, ctx);
  done++;
};
await measureOps(send, { count: 1000 });
done = 0;
const afterGc = [];
let majors = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
    afterGc.push([done, process.memoryUsage().heapUsed]);
  }
});
observer.observe({ entryTypes: ['gc'] });
const r = await measureOps(send, { count: Number(count) });
await new Promise((resolve) => setTimeout(resolve, 20));
observer.disconnect();
process.stdout.write(`${JSON.stringify({ afterGc, majors, failures: r.failures, sends: Number(count) })}\n`);
