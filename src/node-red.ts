/// <reference types="node" preserve="true" />
/**
 * The Node-RED adapter that packages made by `wabc export node-red` load: the connection config node,
 * one node per module and the webhook trigger, all running on this package's runtime.
 */
export { registerConnection, registerModule, catchableError, type CatchableError, type RedApi, type RedNode, type NodeMessage } from './export/node-red/runtime/index.js';
