/** What `wabc demo` does when it runs (its options are in demo-command.ts, loaded for --help). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Sandbox } from '../../sandbox.js';
import type { RunningWebhookServer, EventBundle } from '../../webhook.js';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../io.js';

// A 2×2 PNG to upload (Meta accepts image/png up to 5 MB).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR42mP8z8Dwn4GBgYGJgYEBAB0ZAf/7TmvNAAAAAElFTkSuQmCC', 'base64');
const CUSTOMER = '+15550100101';

interface Step {
  code: number;
  out: unknown;
  err: string;
}

function describe(b: EventBundle): string {
  if (b.type === 'message') {
    const m = b.message as { text?: { body?: string }; type?: string };
    return `message from +${b.from} (${b.contact?.profile?.name ?? 'unknown'}): ${m.text?.body ?? `[${m.type}]`}`;
  }
  if (b.type === 'status') return `status ${b.statusValue} for ${String((b.status as { id?: string })?.id).slice(0, 24)}… to +${b.recipientId}`;
  return `${b.type} event`;
}

export async function runDemo(ctx: CliContext, opts: { jsonEvents?: boolean }, runCommand: (argv: string[], io: CliIo) => Promise<number>): Promise<void> {
  const [{ createSandbox }, { startWebhookServer }] = await Promise.all([import('../../sandbox.js'), import('../../webhook.js')]);
  const say = (line: string) => ctx.io.stdout(`${line}\n`);
  const events: EventBundle[] = [];
  const waiters: Array<{ test: (b: EventBundle) => boolean; resolve: (b: EventBundle) => void }> = [];
  const verifyToken = randomBytes(12).toString('hex');
  const appSecret = randomBytes(16).toString('hex');
  let receiver: RunningWebhookServer | undefined;
  let sandbox: Sandbox | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'wabc-demo-'));
  const waitFor = (test: (b: EventBundle) => boolean, what: string) =>
    new Promise<EventBundle>((resolve, reject) => {
      const found = events.find(test);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no ${what} webhook within 10 s`)), 10_000);
      waiters.push({ test, resolve: (b) => (clearTimeout(timer), resolve(b)) });
    });
  try {
    receiver = await startWebhookServer({
      port: 0,
      verifyToken,
      appSecrets: [appSecret],
      onBundles: (bundles) => {
        for (const b of bundles) {
          events.push(b);
          say(`  ⇠ webhook (signature verified): ${describe(b)}`);
          if (opts.jsonEvents) say(`    ${JSON.stringify(b)}`);
          for (const w of [...waiters]) {
            if (!w.test(b)) continue;
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(b);
          }
        }
      },
    });
    sandbox = await createSandbox({ callbackUrl: receiver.url, verifyToken, appSecret, statusDelaysMs: { delivered: 150, read: 400 } });
    const env = { ...ctx.io.env, ...sandbox.env };
    for (const k of ['WHATSAPP_API_VERSION', 'WHATSAPP_CONNECTION']) delete env[k];
    const wabc = async (...argv: string[]): Promise<Step> => {
      let out = '';
      let err = '';
      const code = await runCommand(argv, { ...ctx.io, env, isTTY: false, stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
      let parsed: unknown = out;
      try {
        parsed = JSON.parse(out);
      } catch {
        /* not JSON */
      }
      return { code, out: parsed, err };
    };
    const must = (step: Step, what: string) => {
      if (step.code !== 0) throw new Error(`${what} failed: ${step.err.trim()}`);
      return step.out as Record<string, unknown>;
    };
    const sender = sandbox.phoneNumbers.registered.id;

    say('WhatsApp Business Cloud connector — offline demo');
    say(`  sandbox  ${sandbox.url}  (WABA ${sandbox.wabaId}, sender ${sandbox.phoneNumbers.registered.display})`);
    say(`  receiver ${receiver.url}  (Meta's GET handshake: ${sandbox.state.callback?.verified ? 'passed' : 'FAILED'})`);
    say('');
    say('$ wabc connection test');
    must(await wabc('connection', 'test'), 'connection test');
    say('  ✓ token, account and permissions');

    say(`$ wabc run send-template-message  (order_update:en_US to ${CUSTOMER})`);
    const template = must(
      await wabc('run', 'send-template-message', '--input', JSON.stringify({ senderId: sender, to: CUSTOMER, templateId: 'order_update:en_US', body_1: 'Jasper', body_2: '#1234' })),
      'template send',
    );
    say(`  → template sent: "Hi Jasper, your order #1234 has shipped."  (${String(template.messageId)})`);
    await waitFor((b) => b.statusValue === 'read' && (b.status as { id?: string }).id === template.messageId, 'read status');

    say(`$ wabc sandbox say --from ${CUSTOMER} "Great! Can you send a photo of the parcel?"`);
    must(await wabc('sandbox', 'say', '--sandbox-url', sandbox.url, '--from', CUSTOMER, '--name', 'Jasper', 'Great! Can you send a photo of the parcel?'), 'simulated reply');
    const reply = await waitFor((b) => b.type === 'message' && b.from === CUSTOMER.slice(1), 'inbound message');
    const replyId = (reply.message as { id: string }).id;

    say('$ wabc run send-message  (free-form text, inside the 24-hour window, quoting the customer)');
    const replyText = 'Of course — here it is.';
    const answer = must(
      await wabc('run', 'send-message', '--input', JSON.stringify({ senderId: sender, to: reply.from, type: 'text', text: { body: replyText }, context: { message_id: replyId } })),
      'reply',
    );
    say(`  → reply sent: "${replyText}"  (${String(answer.messageId)})`);

    const image = join(dir, 'parcel.png');
    writeFileSync(image, PNG);
    say('$ wabc run upload-media  (parcel.png, streamed)');
    const media = must(await wabc('run', 'upload-media', '--quiet', '--input', JSON.stringify({ senderId: sender, file: image })), 'upload');
    say(`  → media id ${String(media.id)}`);
    say('$ wabc run send-message  (image by media id)');
    const sent = must(
      await wabc('run', 'send-message', '--input', JSON.stringify({ senderId: sender, to: reply.from, type: 'image', image: { id: media.id, caption: 'Your parcel, ready to go' } })),
      'image send',
    );
    say(`  → image sent: "Your parcel, ready to go"  (${String(sent.messageId)})`);
    await waitFor((b) => b.statusValue === 'read' && (b.status as { id?: string }).id === sent.messageId, 'read status');

    say('$ wabc run send-message  (free-form text to someone who never wrote — Meta refuses it)');
    const refused = await wabc('run', 'send-message', '--input', JSON.stringify({ senderId: sender, to: '+15550100199', type: 'text', text: { body: 'Hello?' } }));
    const error = (JSON.parse(refused.err || '{}') as { error?: { code?: number; hint?: string } }).error;
    say(`  ✗ exit ${refused.code}, code ${error?.code}: ${error?.hint}`);

    await sandbox.webhooksIdle();
    say('');
    say('Conversation:');
    say(`  business → ${CUSTOMER}  [template] Hi Jasper, your order #1234 has shipped.`);
    say(`  ${CUSTOMER} → business  Great! Can you send a photo of the parcel?`);
    say(`  business → ${CUSTOMER}  Of course — here it is.`);
    say(`  business → ${CUSTOMER}  [image] Your parcel, ready to go`);
    say(
      `Events received: ${events.length} (${events.filter((e) => e.type === 'status').length} statuses, ${events.filter((e) => e.type === 'message').length} message); receiver counters ${JSON.stringify(receiver.counters)}`,
    );
  } finally {
    await sandbox?.close();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
