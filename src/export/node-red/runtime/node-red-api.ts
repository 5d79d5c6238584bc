/**
 * The little of Node-RED's node API the generated nodes use, typed here so the adapter needs no Node-RED
 * types package (Node-RED hands these objects to the node module at load time).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type NodeMessage = Record<string, unknown>;

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface RedNode {
  id: string;
  credentials?: Record<string, string | undefined>;
  on(event: 'input', listener: (msg: NodeMessage, send: (msg: NodeMessage | NodeMessage[]) => void, done: (err?: Error) => void) => void): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  send(msg: NodeMessage | NodeMessage[]): void;
  status(status: NodeStatus): void;
  error(err: unknown, msg?: NodeMessage): void;
  warn(message: unknown): void;
  log(message: unknown): void;
}

type Handler = (
  req: IncomingMessage & { query?: Record<string, unknown>; params?: Record<string, string> },
  res: ServerResponse & { status?(code: number): { json(body: unknown): void }; json?(body: unknown): void },
  next?: (err?: unknown) => void,
) => void;

export interface ExpressLike {
  get(path: string, ...handlers: Handler[]): void;
  use(handler: Handler): void;
  /** The app this one is mounted in (express 4). */
  parent?: ExpressLike;
  /** express 4's router stack (how Node-RED's own http-in node places and removes its middleware). */
  _router?: { stack: Array<{ handle?: unknown; route?: { path?: string } }> };
}

export interface RedApi {
  nodes: {
    createNode(node: object, config: object): void;
    registerType(type: string, constructor: (this: RedNode, config: Record<string, unknown>) => void, options?: { credentials?: Record<string, { type: 'text' | 'password' }> }): void;
    getNode(id: string): unknown;
  };
  util: {
    evaluateNodeProperty(value: unknown, type: string, node: RedNode, msg: NodeMessage, callback: (err: Error | null, result: unknown) => void): void;
  };
  settings?: { httpNodeRoot?: string | false };
  httpAdmin?: ExpressLike;
  httpNode?: ExpressLike;
  auth?: { needsPermission(permission: string): Handler };
}
