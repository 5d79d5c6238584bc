/**
 * Runs the generated Node-RED package in Node-RED's own runtime (node-red-node-test-helper) against the
 * offline sandbox: the package is generated into a temporary folder that resolves this repository as
 * whatsapp-business-cloud-connector, its node files are loaded as Node-RED loads them, and Node-RED's
 * HTTP node app (where the webhook trigger mounts) is served on 127.0.0.1 for the sandbox to call.
 */
import { createRequire } from 'node:module';
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDescriptors } from '../../src/runtime/load/load-descriptors.js';
import { nodeRedFiles } from '../../src/export/node-red/index.js';
import { writeFiles } from '../../src/export/write-files.js';
import { builtFile } from './build.js';
import { REPO_ROOT } from './repo-root.js';

const require = createRequire(import.meta.url);
export const helper = require('node-red-node-test-helper') as NodeTestHelper;

export interface NodeTestHelper {
  init(path: string, settings?: object): void;
  load(nodes: unknown[], flow: object[], credentials?: object): Promise<void>;
  unload(): Promise<void>;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  getNode(id: string): TestNode;
  request(): { get(path: string): PromiseLike<{ status: number; body: any }> & { query(q: object): PromiseLike<{ status: number; body: any }> } };
}

export interface TestNode {
  receive(msg: object): void;
  on(event: 'input', listener: (msg: any) => void): void;
  status: { (s: object): void; lastCall?: unknown };
}

export interface GeneratedPackage {
  dir: string;
  /** The node modules (functions of RED) Node-RED would load, by file name without .js. */
  node(name: string): unknown;
  close(): void;
}

/** Generates the package into a temporary folder whose node_modules resolves this repository. */
export async function generatePackage(): Promise<GeneratedPackage> {
  builtFile('dist/src/node-red.js');
  const dir = mkdtempSync(join(tmpdir(), 'wabc-node-red-'));
  await writeFiles(dir, nodeRedFiles(loadDescriptors()));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'whatsapp-business-cloud-connector'), 'dir');
  return {
    dir,
    node: (name) => require(join(dir, 'nodes', `${name}.js`)) as unknown,
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A node module that only keeps RED.httpNode, so a test can serve it. */
export function captureHttpNode(into: { app?: http.RequestListener }): (RED: { httpNode: http.RequestListener }) => void {
  return (RED) => {
    into.app = RED.httpNode;
  };
}

export async function serve(app: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits for the next message a node receives (a helper node wired after the node under test). */
export function nextMessage(node: TestNode, timeoutMs = 15_000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message arrived')), timeoutMs);
    node.on('input', (msg) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

/** Collects every message a node receives. */
export function collect(node: TestNode): any[] {
  const seen: any[] = [];
  node.on('input', (msg) => seen.push(msg));
  return seen;
}
