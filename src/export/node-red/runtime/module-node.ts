/**
 * A module as a Node-RED node: each message runs the module through the connector's `executeDynamic`
 * (validation, normalisation, pacing, the never-retry-a-send rule and error hints as everywhere else)
 * with the node's form values and `msg.input`; the result becomes `msg.payload`. A failure goes to
 * `done(error)`, so Catch nodes receive it with code, hint and maybeSent (see node-error.ts).
 */
import { ValidationError } from '../../../runtime/errors/validation-error.js';
import { moduleFields } from '../../field-tree.js';
import { nodeType } from '../node-types.js';
import { connectionNode } from './connection-node.js';
import { connector } from './connector-instance.js';
import { moduleInput } from './form-values.js';
import { catchableError, failureStatus } from './node-error.js';
import type { NodeMessage, RedApi, RedNode } from './node-red-api.js';

/** A file field given a Buffer (a file-in node's payload) becomes the connector's `{ data, fileName }`. */
function fileValues(moduleId: string, input: Record<string, unknown>, msg: NodeMessage): Record<string, unknown> {
  const module = connector().modules[moduleId];
  for (const field of module ? moduleFields(module) : []) {
    const value = input[field.name];
    if (field.type === 'buffer' && Buffer.isBuffer(value)) {
      const fileName = typeof msg.filename === 'string' ? msg.filename.split(/[\\/]/).pop() : undefined;
      input[field.name] = { data: value, ...(fileName ? { fileName } : {}) };
    }
  }
  return input;
}

function shortTime(): string {
  return new Date().toISOString().slice(11, 19);
}

export function registerModuleNode(RED: RedApi, moduleId: string): void {
  RED.nodes.registerType(nodeType(moduleId), function (this: RedNode, config: Record<string, unknown>) {
    RED.nodes.createNode(this, config);
    startModuleNode(RED, moduleId, this, config);
  });
}

function startModuleNode(RED: RedApi, moduleId: string, node: RedNode, config: Record<string, unknown>): void {
  const inFlight = new Set<AbortController>();
  node.on('input', (msg, send, done) => {
    const abort = new AbortController();
    inFlight.add(abort);
    const run = async () => {
      const connection = connectionNode(RED, config.connection);
      if (!connection) throw new ValidationError([{ path: 'connection', message: 'choose a WhatsApp connection in the node' }]);
      node.status({ fill: 'blue', shape: 'dot', text: 'running' });
      const input = fileValues(moduleId, await moduleInput(RED, config.fields, node, msg), msg);
      return connector().executeDynamic(moduleId, input, { connection: connection.connectionValues, signal: abort.signal });
    };
    run().then(
      (result) => {
        inFlight.delete(abort);
        node.status({ fill: 'green', shape: 'dot', text: `ok ${shortTime()}` });
        msg.payload = result;
        send(msg);
        done();
      },
      (error: unknown) => {
        inFlight.delete(abort);
        const err = catchableError(error);
        node.status(failureStatus(err));
        done(err);
      },
    );
  });
  node.on('close', (_removed, done) => {
    for (const abort of inFlight) abort.abort(new Error('the flow was stopped'));
    done();
  });
}
