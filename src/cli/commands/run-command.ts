/** `wabc run <module>`: one execution; the result as JSON on stdout. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export interface RunOptions {
  input?: string;
  inputFile?: string;
  connection?: string;
  out?: string;
  quiet?: boolean;
  batch?: string;
  resume?: boolean;
  concurrency?: string;
  rate?: string;
  redis?: string;
  queue?: string;
  redisPrefix?: string;
  json?: boolean;
  quotaFile?: string;
}

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('run a module once (or once per row of a batch file)')
    .argument('<module>', 'module id (see wabc modules)')
    .option('-i, --input <json>', "the module input as a JSON object (with --batch: fields every row shares; a row's own values win)")
    .option('-f, --input-file <path>', 'read the input JSON from a file (- for stdin)')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .option('-o, --out <path>', 'where to write: a downloaded file (file or directory; default: the current folder), or the results of a batch')
    .option('-q, --quiet', 'no progress bar')
    .option('--batch <file>', 'run once per row of an .ndjson or .csv file (columns / keys are the input fields)')
    .option('--resume', 'with --batch: skip rows the --out file already records as sent')
    .option('--concurrency <n>', 'with --batch: requests in flight at most', '8')
    .option('--rate <perSecond>', 'with --batch: messages per second per sender (default 80, at most 1000)')
    .option('--redis <url>', 'with --batch: pace on Redis, shared with every other batch and worker sending for the same numbers')
    .option('--queue <url>', 'with --batch: put the rows on a queue in Redis for `wabc worker` processes to send, print the batch id')
    .option('--redis-prefix <prefix>', 'with --redis or --queue: prefix of the Redis keys', 'wabc:')
    .option('--json', 'errors as JSON on stderr even on a terminal (the default when stderr is piped)')
    .option('--quota-file <file>', "where local quotas (an approved template's edits per day and month) are counted across runs (default: WABC_QUOTA_FILE; else this run only)")
    .addHelpText(
      'after',
      `
Examples:
  # The ids are the offline sandbox's (\`wabc sandbox\` prints the lines that point wabc at it):
  $ wabc run send-message --input '{"senderId":"200000000000002","to":"+1 631 555 1234","type":"text","text":{"body":"Hello!"}}'
  $ wabc run send-template-message --input '{"senderId":"200000000000002","to":"16315551234","templateId":"order_update:en_US","body_1":"Jasper","body_2":"#1234"}'
  $ wabc run upload-media --input '{"senderId":"200000000000002","file":"./invoice.pdf"}'
  $ wabc run download-media --input '{"mediaId":"500000000000001"}' --out ./downloads/
  $ wabc run send-template-message --batch customers.csv --out results.ndjson
  $ wabc run send-template-message --batch customers.csv --out results.ndjson --resume
  # Fields every row shares, given once (a row's own columns win):
  $ wabc run send-template-message --batch customers.csv --input '{"senderId":"200000000000002","templateId":"order_update:en_US"}' --out campaign.ndjson
  # Spread over workers on any number of machines (see wabc worker, wabc batch status):
  $ wabc run send-template-message --batch customers.csv --queue redis://127.0.0.1:6379

Exit codes: 0 ok, 1 API or runtime error, 2 invalid input or usage, 130 stopped by Ctrl-C.`,
    )
    .action(async (moduleId: string, opts: RunOptions) => (await import('./run-action.js')).runModule(ctx, moduleId, opts));
}
