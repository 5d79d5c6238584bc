/**
 * The connection as a Node-RED config node: the connection descriptor's fields, with the secret ones
 * (access token, app secret) in the node's credentials, which Node-RED keeps encrypted and out of the
 * flow file. The node registers the admin endpoint the editor fills its dropdowns from.
 */
import type { ConnectionValues } from '../../../runtime/connection.js';
import { SECRET_CONNECTION_FIELDS } from '../../../runtime/connection.js';
import { fieldList } from '../../field-tree.js';
import { CONNECTION_NODE_TYPE } from '../node-types.js';
import { connector } from './connector-instance.js';
import type { RedApi, RedNode } from './node-red-api.js';
import { registerRpcEndpoint } from './rpc-endpoint.js';

export interface ConnectionNode extends RedNode {
  connectionValues: ConnectionValues;
}

const secrets: readonly string[] = SECRET_CONNECTION_FIELDS;

export function registerConnectionNode(RED: RedApi): void {
  const names = fieldList(connector().connection.parameters).map((field) => field.name);
  RED.nodes.registerType(
    CONNECTION_NODE_TYPE,
    function (this: RedNode, config: Record<string, unknown>) {
      RED.nodes.createNode(this, config);
      const values: Record<string, unknown> = {};
      for (const name of names) {
        const value = secrets.includes(name) ? this.credentials?.[name] : config[name];
        if (value !== undefined && value !== '') values[name] = value;
      }
      (this as ConnectionNode).connectionValues = values as ConnectionValues;
    },
    { credentials: Object.fromEntries(secrets.map((name) => [name, { type: 'password' as const }])) },
  );
  registerRpcEndpoint(RED);
}

/** The deployed connection node with this id, if there is one. */
export function connectionNode(RED: RedApi, id: unknown): ConnectionNode | undefined {
  if (typeof id !== 'string' || !id) return undefined;
  const node = RED.nodes.getNode(id) as Partial<ConnectionNode> | null;
  return node?.connectionValues ? (node as ConnectionNode) : undefined;
}
