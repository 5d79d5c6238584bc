/**
 * Reads a message template (as GET /{waba}/message_templates returns it) and lists the variables a send
 * must fill: header text / media / location, body variables (positional {{1}} or named {{first_name}}),
 * and per-button values. One source of truth for both the form fields and the components built from them.
 */

export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  buttons?: Array<{ type: string; text?: string; url?: string; otp_type?: string }>;
}

export interface MessageTemplate {
  id?: string;
  name: string;
  language: string;
  status?: string;
  category?: string;
  parameter_format?: string;
  components?: TemplateComponent[];
}

export type Variable =
  | { field: string; where: 'header'; kind: 'text'; name?: string }
  | { field: string; where: 'header'; kind: 'image' | 'video' | 'document' | 'location' }
  | { field: string; where: 'body'; name: string; positional: boolean }
  | { field: string; where: 'button'; index: number; subType: 'url' | 'quick_reply' | 'copy_code' | 'flow'; required: boolean };

const VAR = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function variablesIn(text: string | undefined): string[] {
  return [...new Set([...(text ?? '').matchAll(VAR)].map((m) => m[1]))];
}

/** Picks the template named by a list-templates value (`name:language`) out of an API answer. */
export function findTemplate(list: unknown, templateId: unknown): MessageTemplate {
  const [name, language] = String(templateId ?? '').split(':');
  const templates = (Array.isArray(list) ? list : []) as MessageTemplate[];
  const exact = templates.find((t) => t.name === name && t.language === language);
  if (exact) return exact;
  const languages = templates.filter((t) => t.name === name).map((t) => t.language);
  throw new Error(
    languages.length > 0
      ? `template "${name}" has no "${language}" version (it exists in: ${languages.join(', ')})`
      : `no template "${name}" in language "${language}" in this WhatsApp Business Account (wabc rpc list-templates shows the names and languages it has)`,
  );
}

// A kept template definition is frozen and read for every send of a campaign: read its variables once.
const variablesOf = new WeakMap<MessageTemplate, Variable[]>();

export function templateVariables(t: MessageTemplate): Variable[] {
  const known = variablesOf.get(t);
  if (known) return known;
  const out = readVariables(t);
  if (Object.isFrozen(t)) variablesOf.set(t, Object.freeze(out) as Variable[]);
  return out;
}

function readVariables(t: MessageTemplate): Variable[] {
  const out: Variable[] = [];
  for (const c of t.components ?? []) {
    const type = c.type.toUpperCase();
    if (type === 'HEADER') {
      const format = (c.format ?? 'TEXT').toUpperCase();
      if (format === 'TEXT') {
        const [v] = variablesIn(c.text);
        if (v !== undefined) out.push({ field: 'header_text', where: 'header', kind: 'text', name: /^\d+$/.test(v) ? undefined : v });
      } else if (['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'].includes(format)) {
        const kind = format.toLowerCase() as 'image' | 'video' | 'document' | 'location';
        out.push({ field: `header_${kind}`, where: 'header', kind });
      }
    } else if (type === 'BODY') {
      // Meta fills {{1}} from the first parameter, {{2}} from the second…: positional variables go by number.
      const names = variablesIn(c.text);
      if (names.every((v) => /^\d+$/.test(v))) names.sort((a, b) => Number(a) - Number(b));
      for (const v of names) out.push({ field: `body_${v}`, where: 'body', name: v, positional: /^\d+$/.test(v) });
    } else if (type === 'BUTTONS') {
      (c.buttons ?? []).forEach((b, index) => {
        const bt = b.type.toUpperCase();
        if (bt === 'URL' && variablesIn(b.url).length > 0) out.push({ field: `button_${index}_url`, where: 'button', index, subType: 'url', required: true });
        else if (bt === 'OTP' && (b.otp_type ?? 'COPY_CODE').toUpperCase() !== 'ZERO_TAP') out.push({ field: `button_${index}_otp`, where: 'button', index, subType: 'url', required: true });
        else if (bt === 'QUICK_REPLY') out.push({ field: `button_${index}_payload`, where: 'button', index, subType: 'quick_reply', required: false });
        else if (bt === 'COPY_CODE') out.push({ field: `button_${index}_coupon_code`, where: 'button', index, subType: 'copy_code', required: true });
        else if (bt === 'FLOW') out.push({ field: `button_${index}_flow_token`, where: 'button', index, subType: 'flow', required: false });
      });
    }
  }
  return out;
}
