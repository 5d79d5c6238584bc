/** The `wabc` command tree. `runCli` runs it in-process (tests) and returns the exit code. */
import { Command, CommanderError } from 'commander';
import { createContext, type CliContext } from './cli-context.js';
import { processIo, scrubbed, type CliIo } from './io.js';
import { reportError } from './report.js';
import { EXIT_SIGNAL, EXIT_USAGE } from './exit-codes.js';
import { registerModules } from './commands/modules-command.js';
import { registerDescribe } from './commands/describe-command.js';
import { registerRun } from './commands/run-command.js';
import { registerRpc } from './commands/rpc-command.js';
import { registerConnection } from './commands/connection-command.js';
import { registerWebhook } from './commands/webhook-command.js';
import { registerSandboxCommands } from './commands/sandbox-command.js';
import { registerDemo } from './commands/demo-command.js';
import { registerExport } from './commands/export-command.js';
import { registerWorker } from './commands/worker-command.js';
import { registerBatch } from './commands/batch-command.js';
import { registerDoctor } from './commands/doctor-command.js';
import { registerCosts } from './commands/costs-command.js';
import { registerPlayground } from './commands/playground-command.js';
import { registerImport } from './commands/import-command.js';
import { VERSION } from './version.js';

type Register = (program: Command, ctx: CliContext) => void;

/** Every command, in the order --help lists them. */
const COMMANDS: Array<[name: string, register: Register]> = [
  ['modules', registerModules],
  ['describe', registerDescribe],
  ['run', registerRun],
  ['rpc', registerRpc],
  ['connection', registerConnection],
  ['webhook', registerWebhook],
  ['sandbox', registerSandboxCommands],
  ['demo', (program, ctx) => registerDemo(program, ctx, runCli)],
  ['export', registerExport],
  ['worker', registerWorker],
  ['batch', registerBatch],
  ['doctor', registerDoctor],
  ['costs', registerCosts],
  ['playground', registerPlayground],
  ['import', registerImport],
];

/** The command tree for `argv` (the arguments after `wabc`). */
export function buildProgram(ctx: CliContext, argv: readonly string[] = []): Command {
  const program = new Command('wabc')
    .description('Run the WhatsApp Business Cloud connector from a terminal: modules, RPCs, webhooks and an offline sandbox.')
    .version(VERSION)
    .showHelpAfterError('(add --help for usage and examples)')
    .addHelpText(
      'after',
      `
Connection: WHATSAPP_ACCESS_TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID, WHATSAPP_APP_SECRET, WHATSAPP_APP_ID,
WHATSAPP_API_VERSION, WHATSAPP_GRAPH_URL — or --connection <file.json> on commands that call Meta.
Webhooks: WHATSAPP_VERIFY_TOKEN (the verify token you enter in Meta's app dashboard).

Examples:
  # The ids are the offline sandbox's (\`wabc sandbox\` prints the lines that point wabc at it):
  $ wabc modules
  $ wabc describe send-message
  $ wabc sandbox say --from +16315551234 "Hi, is my order ready?"
  $ wabc run send-message --input '{"senderId":"200000000000002","to":"+16315551234","type":"text","text":{"body":"Hi"}}'
  $ wabc rpc list-templates
  $ export WHATSAPP_VERIFY_TOKEN=my-verify-token
  $ wabc webhook serve --port 3000
  $ wabc sandbox
  $ wabc playground`,
    );
  const io = ctx.io;
  program.configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  // The command named first is the only one whose options are built (most of commander's start-up):
  // the others only matter to the program's own --help, an unknown command's suggestion, or `help`.
  const named = COMMANDS.find(([name]) => name === argv[0]);
  for (const [, register] of named ? [named] : COMMANDS) register(program, ctx);
  // A command's own --json (a flag, not a value) also asks for errors as JSON on a terminal.
  program.hook('preAction', (_program, action) => {
    ctx.json = action.opts().json === true;
  });
  const exitOverride = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(exitOverride);
  };
  exitOverride(program);
  return program;
}

export async function runCli(argv: string[], rawIo: CliIo = processIo()): Promise<number> {
  const ctx = createContext(scrubbed(rawIo));
  const program = buildProgram(ctx, argv);
  let code: number;
  try {
    await program.parseAsync(argv, { from: 'user' });
    code = ctx.exitCode;
  } catch (error) {
    // --help and --version end here too, with exit code 0.
    if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : EXIT_USAGE;
    else code = reportError(ctx.io, error, ctx.json || !ctx.io.isTTY);
  }
  return ctx.interrupted ? EXIT_SIGNAL[ctx.interrupted] : code;
}
