/**
 * Prints a failure on stderr and picks the exit code: `{"error":{…}}` for programs (stderr piped, or
 * --json), and for a person at a terminal the message, then each of code, details, hint… on its own line.
 */
import { isConnectorError } from '../runtime/errors/connector-error.js';
import { isValidationError } from '../runtime/errors/validation-error.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './exit-codes.js';
import { toJson, type CliIo } from './io.js';

type Report = Record<string, unknown> & { type: string; message: string };

function describe(error: unknown): { report: Report; code: number } {
  if (error instanceof UsageError) return { report: { type: 'UsageError', message: error.message }, code: EXIT_USAGE };
  if (isValidationError(error)) {
    const e = error.toJSON();
    return { report: { type: String(e.type), message: String(e.message), details: e.details, fields: error.issues }, code: EXIT_USAGE };
  }
  if (isConnectorError(error)) {
    const { type, message, code, details, fbtraceId, hint, httpStatus, retryable, maybeSent, path } = error.toJSON();
    return { report: { type: String(type), message: String(message), code, details, fbtraceId, hint, httpStatus, retryable, maybeSent, path }, code: EXIT_FAILURE };
  }
  return { report: { type: 'RuntimeError', message: error instanceof Error ? error.message : String(error) }, code: EXIT_FAILURE };
}

const LABELS: Array<[key: string, label: string]> = [
  ['code', 'code'],
  ['httpStatus', 'HTTP status'],
  ['path', 'path'],
  ['details', 'details'],
  ['hint', 'hint'],
  ['fbtraceId', 'trace id'],
];

/** For a person: what failed first, then one fact per line. */
export function formatForTerminal(r: Report): string {
  const fields = r.fields as Array<{ path: string; message: string }> | undefined;
  // A validation message ends with every field's problem: on a terminal they get a line each instead.
  const headline = fields?.length ? r.message.split(' — ')[0] : r.message;
  const lines = [`Error: ${headline}`, `  type: ${r.type}`];
  for (const [key, label] of LABELS) {
    if (key === 'details' && fields) continue; // listed field by field below
    if (r[key] !== undefined && r[key] !== null && r[key] !== '') lines.push(`  ${label}: ${String(r[key])}`);
  }
  if (fields?.length) {
    lines.push('  fields:');
    for (const f of fields) lines.push(`    ${f.path || '(input)'}: ${f.message}`);
  }
  if (r.maybeSent) lines.push('  may have been sent: yes — check its status webhooks before sending again');
  return `${lines.join('\n')}\n`;
}

export function reportError(io: CliIo, error: unknown, json = !io.isTTY): number {
  const { report, code } = describe(error);
  io.stderr(json ? `${toJson({ error: report }, false)}\n` : formatForTerminal(report));
  return code;
}
