/** The module panel: pick a module, fill its form, see the request it would send, run it, copy it. */
import { api, type ErrorJson, type Info, type Issue } from './api.js';
import { group, IssueBoard, type Control, type FormContext } from './form.js';
import { h, json } from './dom.js';
import { asCode } from './copy-as.js';
import { wabcRunCommand } from '../../src/common/shell-quote.js';

export function moduleForm(info: Info, picker: HTMLSelectElement, description: HTMLElement, form: HTMLFormElement): void {
  const board = new IssueBoard();
  let control: Control | undefined;
  let moduleId = '';
  let touched = false;
  let previewTimer: number | undefined;
  let previewSeq = 0;

  const request = h('pre', { class: 'json', id: 'request', tabindex: 0, role: 'region', 'aria-label': 'The request about to be sent' });
  const requestNote = h('p', { class: 'help', id: 'request-note' });
  const general = h('div', { class: 'error', id: 'form-errors', role: 'alert', hidden: true });
  const result = h('div', { id: 'result', role: 'status', 'aria-live': 'polite' });
  const copied = h('pre', { class: 'json', id: 'copied', hidden: true, tabindex: 0, role: 'region', 'aria-label': 'Copied text' });
  const fields = h('div', { id: 'fields' });
  const send = h('button', { type: 'submit', id: 'send' }, 'Run');
  const copyCli = h('button', { type: 'button', id: 'copy-cli' }, 'Copy as CLI');
  const copyCode = h('button', { type: 'button', id: 'copy-code' }, 'Copy as code');
  form.append(fields, general, h('div', { class: 'actions' }, send, copyCli, copyCode), copied, h('h3', {}, 'Request'), requestNote, request, h('h3', {}, 'Result'), result);

  const values = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    control?.collect(out);
    return out;
  };

  const showIssues = (issues: Issue[]) => {
    const left = board.show(issues);
    general.hidden = left.length === 0;
    general.textContent = left.map((i) => `${i.path || 'input'}: ${i.message}`).join('\n');
  };

  const ctx: FormContext = {
    values,
    changed: () => {
      window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(() => void preview(), 250);
    },
    register: (path, show, owner) => board.register(path, show, owner),
    rows: (path, order) => board.rows(path, order),
  };

  form.addEventListener('input', () => (touched = true));

  async function preview(): Promise<void> {
    const seq = ++previewSeq;
    const input = values();
    const answer = await api.preview(moduleId, input);
    if (seq !== previewSeq) return;
    if (answer.request) {
      requestNote.textContent = `${answer.request.method} ${answer.request.url}`;
      request.textContent = json(answer.request.body ?? answer.request.parts ?? answer.request.file ?? {});
      showIssues([]);
    } else if (answer.error?.issues) {
      requestNote.textContent = 'Not ready yet: fix the fields marked.';
      request.textContent = json(input);
      if (touched) showIssues(answer.error.issues);
    } else {
      requestNote.textContent = answer.error ? `It would fail: ${answer.error.message}` : 'Only reads: nothing is changed by this module.';
      request.textContent = json(input);
      showIssues([]);
    }
  }

  function showError(error: ErrorJson): HTMLElement {
    const rows: Array<[string, string | number | undefined]> = [
      ['type', error.type],
      ['code', error.code],
      ['details', error.details],
      ['hint', error.hint],
      ['trace id', error.fbtraceId],
    ];
    return h(
      'div',
      { class: 'result-error' },
      h('p', { class: 'error-title' }, error.message),
      h('dl', {}, ...rows.filter(([, v]) => v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', { class: `error-${k.replace(' ', '-')}` }, String(v))])),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    touched = true;
    send.disabled = true;
    result.replaceChildren(h('p', {}, 'Running…'));
    void api
      .run(moduleId, values())
      .then((answer) => {
        if (answer.error) {
          result.replaceChildren(showError(answer.error));
          showIssues(answer.error.issues ?? []);
        } else {
          showIssues([]);
          result.replaceChildren(h('p', { class: 'ok' }, 'Done.'), h('pre', { class: 'json', id: 'output', tabindex: 0, role: 'region', 'aria-label': 'Output' }, json(answer.output)));
        }
      })
      .finally(() => (send.disabled = false));
  });

  const copy = (text: string) => {
    copied.hidden = false;
    copied.textContent = text;
    void navigator.clipboard?.writeText(text).catch(() => undefined);
  };
  copyCli.addEventListener('click', () => copy(wabcRunCommand(moduleId, values())));
  copyCode.addEventListener('click', () => copy(asCode(moduleId, values())));

  async function load(id: string): Promise<void> {
    moduleId = id;
    touched = false;
    board.reset();
    copied.hidden = true;
    result.replaceChildren();
    const m = await api.module(id);
    if (moduleId !== id) return; // another module was picked meanwhile
    description.textContent = m.description;
    const all = [...(m.parameters ?? []), ...(m.expect ?? [])];
    control = group(all, '', ctx);
    fields.replaceChildren(control.el);
    form.dataset.module = id;
    send.textContent = m.moduleType === 'instant_trigger' ? 'Runs from webhooks' : 'Run';
    send.disabled = m.moduleType === 'instant_trigger';
    ctx.changed();
  }

  picker.replaceChildren(...info.modules.map((m) => h('option', { value: m.id }, `${m.label} (${m.id})`)));
  picker.addEventListener('change', () => void load(picker.value));
  const first = info.modules.find((m) => m.id === new URLSearchParams(location.search).get('module')) ?? info.modules.find((m) => m.moduleType !== 'instant_trigger');
  if (first) {
    picker.value = first.id;
    void load(first.id);
  }
}
