/** What `wabc describe` does when it runs (its options are in describe-command.ts, loaded for --help). */
import type { Field, Fields, Module, Nested } from '../../runtime/generated/descriptor.js';
import type { CliContext } from '../cli-context.js';
import { toJson } from '../io.js';
import { UsageError } from '../exit-codes.js';
import { wabcRunCommand } from '../../common/shell-quote.js';

function fieldLine(f: Field): string {
  const bits = [f.type + (f.multiple ? '[]' : '')];
  if (f.required) bits.push('required');
  if (f.default !== undefined && f.default !== '') bits.push(`default ${JSON.stringify(f.default)}`);
  const v = f.validate ?? {};
  if (v.max !== undefined) bits.push(f.type === 'text' ? `≤ ${v.max} chars` : `≤ ${v.max}`);
  if (v.min !== undefined) bits.push(f.type === 'text' ? `≥ ${v.min} chars` : `≥ ${v.min}`);
  if (v.maxItems !== undefined) bits.push(`≤ ${v.maxItems} items`);
  if (v.pattern) bits.push(`pattern ${v.pattern}`);
  if (f['x-normalize'] === 'recipient') bits.push('sent as +E.164');
  if (f['x-exactlyOne']) bits.push(`exactly one of ${f['x-exactlyOne'].join('|')}`);
  const opts = f.options;
  if (typeof opts === 'string') bits.push(`options from ${opts}`);
  else if (opts && !Array.isArray(opts) && typeof opts.store === 'string') bits.push(`options from ${opts.store}`);
  return `${f.name} (${bits.join(', ')})${f.label && f.label !== f.name ? ` — ${f.label}` : ''}`;
}

function render(fields: Fields | Nested, indent: string, out: string[]): void {
  const list = typeof fields === 'string' ? [fields] : fields;
  for (const f of list) {
    if (typeof f === 'string') {
      out.push(`${indent}+ fields from ${f}`);
      continue;
    }
    out.push(`${indent}${fieldLine(f)}`);
    if (f.help) out.push(`${indent}    ${f.help}`);
    if (Array.isArray(f.spec)) render(f.spec, `${indent}    `, out);
    else if (f.spec) render([f.spec], `${indent}    `, out);
    const options = Array.isArray(f.options) ? f.options : f.options && typeof f.options === 'object' && Array.isArray(f.options.store) ? f.options.store : [];
    for (const o of options) {
      out.push(`${indent}  • ${JSON.stringify(o.value)}${o.label ? ` (${o.label})` : ''}`);
      if (o.nested) render(o.nested, `${indent}      `, out);
    }
    if (f.options && typeof f.options === 'object' && !Array.isArray(f.options) && f.options.nested) {
      out.push(`${indent}  then, for the chosen value:`);
      render(f.options.nested, `${indent}      `, out);
    }
  }
}

export function describeModule(id: string, m: Module): string {
  const out = [`${id} — ${m.label} (${m.moduleType})`, '', m.description, ''];
  const fields = [...(m.parameters ?? []), ...(m.expect ?? [])];
  out.push('Input:');
  render(fields, '  ', out);
  if (m.interface?.length) {
    out.push('', 'Output:');
    render(m.interface as unknown as Field[], '  ', out);
  }
  for (const ex of m['x-examples'] ?? []) {
    out.push('', `Example — ${ex.title}:`, `  ${wabcRunCommand(id, ex.input)}`);
    if (ex.needs) out.push(`  needs: ${ex.needs}`);
  }
  return `${out.join('\n')}\n`;
}

export async function describeCommand(ctx: CliContext, id: string, opts: { json?: boolean }): Promise<void> {
  const m = (await ctx.descriptors()).modules.get(id);
  if (!m) throw new UsageError(`unknown module "${id}" (see wabc modules)`);
  ctx.io.stdout(opts.json ? `${toJson({ id, ...m })}\n` : describeModule(id, m));
}
