/**
 * GET /wabc/rpc/<name>?connection=<config node id>&input=<JSON>: the editor's dropdowns (list-senders,
 * list-templates) and a template's variables (template-fields), answered by the connector's `rpc` with a
 * deployed connection. The token never leaves the runtime; errors come back as the connector's JSON.
 */
import { isConnectorError } from '../../../runtime/errors/connector-error.js';
import { RPC_ENDPOINT } from '../node-types.js';
import { connectionNode } from './connection-node.js';
import { connector } from './connector-instance.js';
import type { RedApi } from './node-red-api.js';

function answer(res: { statusCode: number; setHeader(name: string, value: string): unknown; end(body: string): void }, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

export function registerRpcEndpoint(RED: RedApi): void {
  const admin = RED.httpAdmin;
  if (!admin) return;
  const permission = RED.auth?.needsPermission('flows.read');
  admin.get(`/${RPC_ENDPOINT}/:name`, ...(permission ? [permission] : []), (req, res) => {
    const name = req.params?.name ?? '';
    const query = req.query ?? {};
    const connection = connectionNode(RED, query.connection);
    if (!connection) {
      answer(res, 409, { error: { type: 'NoConnection', message: 'Deploy the connection first: the list is read with its token, which only the runtime holds.' } });
      return;
    }
    if (!(name in connector().rpcs)) {
      answer(res, 404, { error: { type: 'DataError', message: `no RPC named "${name}"` } });
      return;
    }
    let input: unknown = {};
    try {
      input = typeof query.input === 'string' && query.input ? JSON.parse(query.input) : {};
    } catch {
      answer(res, 400, { error: { type: 'ValidationError', message: 'input must be JSON' } });
      return;
    }
    connector()
      .rpcDynamic(name, input, { connection: connection.connectionValues, signal: AbortSignal.timeout(30_000) })
      .then(
        (result) => answer(res, 200, result),
        (error: unknown) => answer(res, 502, { error: isConnectorError(error) ? error.toJSON() : { type: 'Error', message: String(error) } }),
      );
  });
}
