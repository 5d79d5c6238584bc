/**
 * Every module's validation, fuzzed: any input ends in a ValidationError or in a request on the wire —
 * never in another kind of exception before a request (a crash, a TypeError, a template error).
 */
import fc from 'fast-check';
import { loadConnector, isValidationError, noPacing } from '../../src/runtime/runtime.js';
import { startGraphServer, type GraphServer } from '../helpers/graph-server.js';
import { TOKEN, WABA, assertNoToken } from '../helpers/connection.js';
import { objectFor } from '../helpers/field-arbitrary.js';

const connector = loadConnector();
let graph: GraphServer;
beforeAll(async () => {
  graph = await startGraphServer(() => ({ json: { data: [], success: true, id: '1' } }));
});
afterAll(() => graph.close());

const actionModules = Object.entries(connector.modules).filter(([, m]) => m.communication !== undefined);

test.each(actionModules.map(([id]) => id))('%s: a ValidationError or a request, nothing else', async (id) => {
  const mod = connector.modules[id];
  const ctx = { connection: { accessToken: TOKEN, wabaId: WABA, graphUrl: graph.url, appId: '123' }, pacer: noPacing, transport: { maxGetRetries: 0, maxThrottleRetries: 0 } };
  await fc.assert(
    fc.asyncProperty(objectFor([...(mod.parameters ?? []), ...(mod.expect ?? [])]), async (input) => {
      const before = graph.requests.length;
      try {
        await connector.executeDynamic(id, input, ctx);
      } catch (error) {
        assertNoToken((error as Error).message);
        if (isValidationError(error)) return;
        // Once a request went out, later failures belong to the answer, not to validation. A request the
        // server refused before its handler (431: a huge URL) went out too, and was answered.
        if (graph.requests.length > before || typeof (error as { httpStatus?: unknown }).httpStatus === 'number') return;
        throw error;
      }
    }),
    { numRuns: 150 },
  );
});
