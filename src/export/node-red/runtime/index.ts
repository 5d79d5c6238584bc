/**
 * What a generated Node-RED package calls: `register(RED, moduleIds)` registers the connection config
 * node and one node per module (an instant trigger as a webhook node). The generated files hold the forms;
 * everything that runs is here, on top of the connector's public runtime.
 */
import { registerConnectionNode } from './connection-node.js';
import { registerModuleNode } from './module-node.js';
import type { RedApi } from './node-red-api.js';
import { connector } from './connector-instance.js';
import { registerTriggerNode } from './trigger-node.js';

export type { RedApi, RedNode, NodeMessage } from './node-red-api.js';
export { catchableError, type CatchableError } from './node-error.js';

export function registerConnection(RED: RedApi): void {
  registerConnectionNode(RED);
}

export function registerModule(RED: RedApi, moduleId: string): void {
  if (connector().modules[moduleId]?.moduleType === 'instant_trigger') registerTriggerNode(RED, moduleId);
  else registerModuleNode(RED, moduleId);
}
