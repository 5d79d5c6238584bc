/** End-to-end: the real CLI (in-process) against the sandbox, with the webhook receiver listening. */
import { randomBytes } from 'node:crypto';
import { createSandbox, type Sandbox } from '../../src/sandbox.js';
import { startWebhookServer, type EventBundle, type RunningWebhookServer } from '../../src/webhook.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './graph-server.js';

export interface World {
  sandbox: Sandbox;
  receiver: RunningWebhookServer;
  events: EventBundle[];
  appSecret: string;
  wabc(...argv: string[]): Promise<{ code: number; out: any; stdout: string; stderr: string; error?: any }>;
  waitFor(test: (b: EventBundle) => boolean, ms?: number): Promise<EventBundle>;
  close(): Promise<void>;
}

export async function startWorld(options: { throughputPerSecond?: number } = {}): Promise<World> {
  const appSecret = randomBytes(16).toString('hex');
  const verifyToken = randomBytes(8).toString('hex');
  const events: EventBundle[] = [];
  const receiver = await startWebhookServer({ port: 0, verifyToken, appSecrets: [appSecret], onBundles: (b) => void events.push(...b) });
  const sandbox = await createSandbox({ callbackUrl: receiver.url, verifyToken, appSecret, statusDelaysMs: { delivered: 5, read: 10 }, throughputPerSecond: options.throughputPerSecond });
  const env = { ...sandbox.env };
  return {
    sandbox,
    receiver,
    events,
    appSecret,
    async wabc(...argv) {
      const m = memoryIo(env);
      const code = await runCli(argv, m.io);
      const stdout = m.stdout();
      const stderr = m.stderr();
      let out: unknown;
      let error: unknown;
      try {
        out = JSON.parse(stdout);
      } catch {
        out = stdout;
      }
      try {
        error = JSON.parse(stderr.trim().split('\n').pop() ?? '').error;
      } catch {
        error = undefined;
      }
      return { code, out, stdout, stderr, error };
    },
    async waitFor(test, ms = 5000) {
      const end = Date.now() + ms;
      for (;;) {
        const found = events.find(test);
        if (found) return found;
        if (Date.now() > end) throw new Error('the expected webhook event did not arrive');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      await sandbox.close();
      await receiver.close();
    },
  };
}
