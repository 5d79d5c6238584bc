/**
 * A form rendered from a module's resolved descriptor — knowing no module: every field type, dropdowns
 * filled by `rpc://` calls, the nested fields of the chosen option (static, or from an RPC such as a
 * template's variables), collections, arrays as repeatable rows. The value is built like Make's: an
 * option's nested fields sit beside the select. Issues from the runtime's ValidationError are shown at
 * the field whose path they name.
 */
import { api, type Field, type Issue, type Option } from './api.js';
import { h, idFor } from './dom.js';

export interface Control {
  /** Adds this field's value to `into` (nothing when left empty). */
  collect(into: Record<string, unknown>): void;
  el: HTMLElement;
}

export interface FormContext {
  /** The values entered so far (an RPC is given the ones it names). */
  values(): Record<string, unknown>;
  changed(): void;
  register(path: string, show: (message: string | undefined) => void, owner: HTMLElement): void;
  /** An array's rows: the path index each row was made with, in the order the rows are now. */
  rows(path: string, order: () => number[]): void;
}

const join = (parent: string, name: string) => (parent ? `${parent}.${name}` : name);
const labelOf = (f: Field) => f.label ?? f.name;
/** `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ''. */
function parentOf(path: string): string {
  const last = /(\.[^.[\]]+|\[\d+\])$/.exec(path);
  return last && last.index > 0 ? path.slice(0, last.index) : '';
}

/** Where the fields' error slots are, by path, so that an issue lands on its field (or the nearest parent). */
export class IssueBoard {
  private slots = new Map<string, { show: (m: string | undefined) => void; owner: HTMLElement }>();
  private rowOrders = new Map<string, () => number[]>();

  register(path: string, show: (m: string | undefined) => void, owner: HTMLElement): void {
    this.slots.set(path, { show, owner });
  }

  rows(path: string, order: () => number[]): void {
    this.rowOrders.set(path, order);
  }

  reset(): void {
    this.slots.clear();
    this.rowOrders.clear();
  }

  /**
   * An issue's path with each array index turned into the row's own: the runtime counts the rows that are
   * left, while a row keeps the path it was made with when a row above it is removed.
   */
  private rowPath(path: string): string {
    let out = '';
    for (const [segment, index] of path.matchAll(/\[(\d+)\]|[^[]+|\[/g)) {
      out += index === undefined ? segment : `[${this.rowOrders.get(out)?.()[Number(index)] ?? index}]`;
    }
    return out;
  }

  /** Shows each issue at its field; returns the ones no field on the page stands for. */
  show(issues: Issue[]): Issue[] {
    for (const [path, slot] of this.slots) if (!slot.owner.isConnected) this.slots.delete(path);
    for (const slot of this.slots.values()) slot.show(undefined);
    const messages = new Map<string, string[]>();
    const left: Issue[] = [];
    for (const issue of issues) {
      const at = this.rowPath(issue.path);
      let path = at;
      while (path && !this.slots.has(path)) path = parentOf(path);
      if (!path) {
        left.push(issue);
        continue;
      }
      const prefix = path === at ? '' : `${at.slice(path.length).replace(/^\./, '')}: `;
      messages.set(path, [...(messages.get(path) ?? []), `${prefix}${issue.message}`]);
    }
    for (const [path, list] of messages) this.slots.get(path)!.show(list.join('; '));
    return left;
  }
}

/** The wrapper every field gets: label tied to the control, help and error announced with it. */
function wrap(f: Field, path: string, control: HTMLElement, ctx: FormContext, id: string): HTMLElement {
  const helpId = f.help ? `${id}-help` : undefined;
  const errorId = `${id}-error`;
  const error = h('p', { class: 'error', id: errorId, hidden: true });
  control.setAttribute('aria-describedby', [helpId, errorId].filter(Boolean).join(' '));
  if (f.required) control.setAttribute('aria-required', 'true');
  const isCheckbox = control instanceof HTMLInputElement && control.type === 'checkbox';
  const label = h('label', { for: id }, labelOf(f), f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : undefined);
  const box = h(
    'div',
    { class: `field field-${f.type}`, 'data-path': path },
    ...(isCheckbox ? [control, label] : [label, control]),
    f.help ? h('p', { class: 'help', id: helpId }, f.help) : undefined,
    error,
  );
  ctx.register(
    path,
    (message) => {
      error.hidden = !message;
      error.textContent = message ?? '';
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
    box,
  );
  return box;
}

function scalarInput(f: Field, id: string): HTMLInputElement | HTMLTextAreaElement {
  if (f.multiline || f.type === 'json') return h('textarea', { id, name: f.name, rows: f.type === 'json' ? 4 : 3 });
  const types: Record<string, string> = { email: 'email', url: 'url', number: 'number', uinteger: 'number', integer: 'number', boolean: 'checkbox' };
  const input = h('input', { id, name: f.name, type: types[f.type] ?? 'text' });
  if (f.type === 'uinteger') input.min = '0';
  if (f.type === 'number') input.step = 'any';
  if (f.type === 'date') input.placeholder = 'YYYY-MM-DDTHH:mm:ssZ';
  if (f.validate?.max !== undefined && (f.type === 'text' || f.type === 'filename')) input.maxLength = f.validate.max;
  return input;
}

function scalar(f: Field, path: string, ctx: FormContext): Control {
  const id = idFor(path);
  const input = scalarInput(f, id);
  const isBox = input instanceof HTMLInputElement && input.type === 'checkbox';
  if (f.default !== undefined) {
    if (isBox) input.checked = f.default === true;
    else input.value = typeof f.default === 'string' ? f.default : JSON.stringify(f.default);
  }
  input.addEventListener('input', () => ctx.changed());
  const el = wrap(f, path, input, ctx, id);
  return {
    el,
    collect(into) {
      if (isBox) {
        if (input.checked || f.required || f.default !== undefined) into[f.name] = input.checked;
        return;
      }
      const raw = input.value;
      if (raw === '') return;
      if (['number', 'uinteger', 'integer'].includes(f.type) && raw.trim() !== '' && !Number.isNaN(Number(raw))) into[f.name] = Number(raw);
      // `any` takes text as it is, and an object or list written as JSON.
      else if (f.type === 'json' || (f.type === 'any' && /^\s*[[{]/.test(raw))) {
        try {
          into[f.name] = JSON.parse(raw) as unknown;
        } catch {
          into[f.name] = raw; // the runtime says what is wrong with it
        }
      } else into[f.name] = raw;
    },
  };
}

function fileField(f: Field, path: string, ctx: FormContext): Control {
  const id = idFor(path);
  const input = h('input', { id, name: f.name, type: 'file' });
  let value: Record<string, unknown> | undefined;
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    value = undefined;
    if (!file) return ctx.changed();
    const reader = new FileReader();
    reader.onload = () => {
      value = { data: String(reader.result).replace(/^data:[^,]*,/, ''), encoding: 'base64', fileName: file.name, ...(file.type ? { mimeType: file.type } : {}) };
      ctx.changed();
    };
    reader.readAsDataURL(file);
  });
  return {
    el: wrap(f, path, input, ctx, id),
    collect(into) {
      if (value) into[f.name] = value;
    },
  };
}

function optionsOf(f: Field): { list?: Option[]; rpc?: string; nestedRpc?: string } {
  const o = f.options;
  if (Array.isArray(o)) return { list: o, nestedRpc: typeof f.nested === 'string' ? f.nested : undefined };
  if (typeof o === 'string') return { rpc: o, nestedRpc: typeof f.nested === 'string' ? f.nested : undefined };
  if (o && typeof o === 'object') {
    const nested = typeof o.nested === 'string' ? o.nested : typeof f.nested === 'string' ? f.nested : undefined;
    return Array.isArray(o.store) ? { list: o.store, nestedRpc: nested } : { rpc: o.store, nestedRpc: nested };
  }
  return {};
}

const rpcName = (url: string) => url.replace(/^rpc:\/\//, '');

function select(f: Field, path: string, ctx: FormContext, parent: string): Control {
  const id = idFor(path);
  const sel = h('select', { id, name: f.name, multiple: f.multiple === true });
  const nestedBox = h('div', { class: 'nested' });
  const { list, rpc, nestedRpc } = optionsOf(f);
  let options: Option[] = [];
  let nested: Control | undefined;
  const status = h('p', { class: 'help', 'aria-live': 'polite' });
  const el = wrap(f, path, sel, ctx, id);
  el.append(status, nestedBox);

  const fill = (opts: Option[]) => {
    options = opts;
    sel.replaceChildren(...(f.multiple ? [] : [h('option', { value: '' }, '— choose —')]), ...opts.map((o, i) => h('option', { value: String(i) }, o.label ?? String(o.value))));
    const preset = f.default === undefined ? -1 : opts.findIndex((o) => o.value === f.default);
    if (preset >= 0) sel.value = String(preset);
    void showNested();
  };
  const chosen = (): Option | undefined => (sel.value === '' ? undefined : options[Number(sel.value)]);

  // The fields the chosen option brings: its own `nested`, or those an RPC gives for the chosen value.
  const showNested = async () => {
    nested = undefined;
    nestedBox.replaceChildren();
    const option = chosen();
    if (!option || f.multiple) return;
    if (Array.isArray(option.nested)) nested = group(option.nested, parent, ctx);
    else {
      const from = typeof option.nested === 'string' ? option.nested : nestedRpc;
      if (!from) return;
      status.textContent = 'loading its fields…';
      const answer = await api.rpc(rpcName(from), { ...ctx.values(), [f.name]: option.value });
      if (chosen() !== option) return; // changed meanwhile
      status.textContent = answer.error ? `could not load its fields: ${answer.error.message}` : '';
      if (!Array.isArray(answer.output)) return;
      nested = group(answer.output as Field[], parent, ctx);
    }
    nestedBox.replaceChildren(nested.el);
    ctx.changed();
  };
  sel.addEventListener('change', () => {
    void showNested();
    ctx.changed();
  });

  if (list) fill(list);
  else if (rpc) {
    status.textContent = 'loading…';
    sel.disabled = true;
    void api.rpc(rpcName(rpc), ctx.values()).then((answer) => {
      sel.disabled = false;
      status.textContent = answer.error ? `could not load the choices: ${answer.error.message}` : '';
      fill(Array.isArray(answer.output) ? (answer.output as Option[]) : []);
    });
  }

  return {
    el,
    collect(into) {
      if (f.multiple) {
        const values = [...sel.selectedOptions].map((o) => options[Number(o.value)]?.value);
        if (values.length > 0) into[f.name] = values;
        return;
      }
      const option = chosen();
      if (option) into[f.name] = option.value;
      nested?.collect(into);
    },
  };
}

function collection(f: Field, path: string, ctx: FormContext): Control {
  const spec = f.spec === undefined ? undefined : Array.isArray(f.spec) ? f.spec : [f.spec];
  // A collection described by a JSON Schema only (e.g. Meta's own object) is typed as JSON.
  if (!spec) return scalar({ ...f, type: 'json' }, path, ctx);
  const inner = group(spec, path, ctx);
  const error = h('p', { class: 'error', hidden: true });
  const el = h('fieldset', { class: 'collection', 'data-path': path }, h('legend', {}, labelOf(f), f.required ? ' *' : ''), f.help ? h('p', { class: 'help' }, f.help) : undefined, error, inner.el);
  ctx.register(path, (m) => ((error.hidden = !m), (error.textContent = m ?? '')), el);
  return {
    el,
    collect(into) {
      const value: Record<string, unknown> = {};
      inner.collect(value);
      if (Object.keys(value).length > 0 || f.required) into[f.name] = value;
    },
  };
}

function array(f: Field, path: string, ctx: FormContext): Control {
  // A row keeps the path it was made with (its slots are registered under it); the board maps the
  // runtime's index, counted over the rows left, to it.
  const rows: Array<{ control: Control; el: HTMLElement; index: number }> = [];
  let made = 0;
  ctx.rows(path, () => rows.map((r) => r.index));
  const list = h('ol', { class: 'rows' });
  const error = h('p', { class: 'error', hidden: true });
  const name = labelOf(f);
  const addRow = () => {
    const index = made++;
    const itemPath = `${path}[${index}]`;
    const control = Array.isArray(f.spec)
      ? group(f.spec, itemPath, ctx)
      : f.spec
        ? field({ ...f.spec, name: 'item', label: f.spec.label ?? `${name} ${index + 1}` }, itemPath, ctx, path)
        : scalar({ name: 'item', label: `${name} ${index + 1}`, type: 'text' }, itemPath, ctx);
    const row = { control, el: h('li', { class: 'row' }), index };
    const remove = h('button', { type: 'button', class: 'small', 'aria-label': `Remove ${name} ${index + 1}` }, 'Remove');
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      row.el.remove();
      ctx.changed();
    });
    row.el.append(control.el, remove);
    rows.push(row);
    list.append(row.el);
    ctx.changed();
  };
  const add = h('button', { type: 'button', class: 'small' }, `Add ${name.toLowerCase()}`);
  add.addEventListener('click', addRow);
  const el = h('fieldset', { class: 'array', 'data-path': path }, h('legend', {}, name, f.required ? ' *' : ''), f.help ? h('p', { class: 'help' }, f.help) : undefined, error, list, add);
  ctx.register(path, (m) => ((error.hidden = !m), (error.textContent = m ?? '')), el);
  if (f.required || (f.validate?.minItems ?? 0) > 0) addRow();
  return {
    el,
    collect(into) {
      const items = rows.map((r) => {
        const value: Record<string, unknown> = {};
        r.control.collect(value);
        return Array.isArray(f.spec) ? value : value.item;
      });
      if (items.length > 0) into[f.name] = items;
    },
  };
}

function field(f: Field, path: string, ctx: FormContext, parent: string): Control {
  switch (f.type) {
    case 'select':
      return select(f, path, ctx, parent);
    case 'collection':
      return collection(f, path, ctx);
    case 'array':
      return array(f, path, ctx);
    case 'buffer':
      return fileField(f, path, ctx);
    case 'hidden':
      return { el: h('div', { hidden: true }), collect: (into) => void (f.default !== undefined && (into[f.name] = f.default)) };
    default:
      return scalar(f, path, ctx);
  }
}

/** Fields side by side in one object (a module's input, a collection's spec, an option's nested fields). */
export function group(fields: Field[], parent: string, ctx: FormContext): Control {
  const controls = fields.map((f) => ({ f, control: field(f, join(parent, f.name), ctx, parent) }));
  const el = h('div', { class: 'group' });
  const advanced = controls.filter((c) => c.f.advanced);
  el.append(...controls.filter((c) => !c.f.advanced).map((c) => c.control.el));
  if (advanced.length > 0) el.append(h('details', { class: 'advanced' }, h('summary', {}, 'More fields'), ...advanced.map((c) => c.control.el)));
  return {
    el,
    collect(into) {
      for (const c of controls) c.control.collect(into);
    },
  };
}
