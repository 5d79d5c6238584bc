/** EXPORT-NOTES.md: per component, what was carried over into Make's terms and what Make cannot do. */
import type { DescriptorData } from '../../runtime/load/read-descriptors.js';
import { MAKE_BUILTINS, MAKE_VARIANTS } from './functions.js';
import type { Note, Notes } from './translate.js';

/** By place, then name: the same whatever the key order of the descriptors. */
export function sorted(items: Note[]): Note[] {
  const key = (n: Note) => `${n.at}\u0000${n.extension}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const where = (n: Note): string => (n.at === '(top)' ? `\`${n.extension}\`` : `\`${n.extension}\` (${n.at})`);

function section(title: string, items: Note[]): string[] {
  const lines = [`## ${title}`, ''];
  const out = items.filter((n) => n.fate === 'left out');
  const carried = items.filter((n) => n.fate === 'translated');
  if (out.length) {
    lines.push('What Make cannot do, and what you give up:', '');
    for (const n of out) lines.push(`- ${where(n)}: ${n.says}.`);
    lines.push('');
  }
  if (carried.length) {
    lines.push('Carried over:', '');
    for (const n of carried) lines.push(`- ${where(n)}: ${n.says}.`);
    lines.push('');
  }
  return lines;
}

export function renderNotes(d: DescriptorData, notes: Notes, problems: Map<string, string>, written: string[], callers: (name: string) => string[]): string {
  const lines = [
    `# ${d.manifest.label}: notes on the Make export`,
    '',
    'Written by `wabc export make` from the resolved descriptors (shared field references and `x-extends`',
    'written out). Open this folder with the Make Apps Editor (VS Code) and deploy it as a custom app; see the',
    'project README\'s "Use it in Make / Celonis". `wabc-restore.json` is for `wabc import make`; Make ignores it.',
    '',
    `Custom IML functions written: ${written.map((f) => `\`${f}\``).join(', ')}. Custom functions must be`,
    'enabled for the app by Make (developers.make.com: "Custom IML functions are not available by default").',
    `Make's built-in ${[...MAKE_BUILTINS].map((f) => `\`${f}\``).join(' and ')} stand for the connector's functions of the same name.`,
    '',
  ];
  const variants = written.filter((name) => MAKE_VARIANTS.has(name));
  if (variants.length > 0) {
    lines.push('## Functions that differ in Make', '');
    for (const name of variants) lines.push(`- \`${name}\` (called by ${callers(name).join(', ')}): ${MAKE_VARIANTS.get(name)!}.`);
    lines.push('');
  }
  if (problems.size > 0) {
    lines.push('## Functions Make cannot run', '');
    for (const [name, why] of problems) {
      lines.push(`- \`${name}\`: ${why}. Called by ${callers(name).join(', ')}, which fail in Make until it is written by hand as a custom function.`);
    }
    lines.push('');
  }
  const byComponent = new Map<string, Note[]>();
  for (const n of notes.items) byComponent.set(n.component, [...(byComponent.get(n.component) ?? []), n]);
  for (const [component, items] of byComponent) lines.push(...section(component, sorted(items)));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One line per thing left out, for the command's output. */
export function noteLines(notes: Notes, problems: Map<string, string>): string[] {
  return [
    ...byComponentSorted(notes.items)
      .filter((n) => n.fate === 'left out')
      .map((n) => `${n.component}: ${n.extension} left out — ${n.says}`),
    ...[...problems].map(([name, why]) => `function ${name} not written: ${why}`),
  ];
}

/** Components in the order met, each one's notes sorted. */
function byComponentSorted(items: Note[]): Note[] {
  const groups = new Map<string, Note[]>();
  for (const n of items) groups.set(n.component, [...(groups.get(n.component) ?? []), n]);
  return [...groups.values()].flatMap(sorted);
}
