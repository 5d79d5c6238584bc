/** Names shared by the Node-RED generator and the adapter the generated nodes load. */
export const NODE_RED_PACKAGE = 'node-red-contrib-whatsapp-business-cloud';
export const CONNECTION_NODE_TYPE = 'wabc-connection';
/** The admin endpoint the editor calls to fill dropdowns and template variables: GET <this>/<rpc name>. */
export const RPC_ENDPOINT = 'wabc/rpc';

export function nodeType(moduleId: string): string {
  return `wabc-${moduleId}`;
}

/** Module fields that are secrets and so live in the node's credentials (the trigger's verify token). */
export const SECRET_MODULE_FIELDS = ['verifyToken'] as const;
