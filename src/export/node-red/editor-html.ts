/**
 * The editor side of each generated Node-RED node: its registration (defaults, credentials, palette
 * entry), its dialog (name, connection, the form the shared editor script renders from the module's
 * resolved fields) and its help, written from the descriptors.
 */
import type { Connection, Field, Module } from '../../runtime/generated/descriptor.js';
import { SECRET_CONNECTION_FIELDS } from '../../runtime/connection.js';
import { fieldList, label, moduleFields } from '../field-tree.js';
import { CONNECTION_NODE_TYPE, NODE_RED_PACKAGE, nodeType, RPC_ENDPOINT, SECRET_MODULE_FIELDS } from './node-types.js';

const CATEGORY = 'WhatsApp';
const COLOR = '#25D366';
const ICON = 'font-awesome/fa-whatsapp';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The form spec: the fields without what the editor does not need (JSON Schemas, runtime extensions). */
function formFields(fields: Field[]): unknown {
  return JSON.parse(JSON.stringify(fields, (key, value: unknown) => (key === 'schema' || key.startsWith('x-') ? undefined : value))) as unknown;
}

function helpMarkdown(description: string | undefined, inputs: Field[], outputs: Field[], extra: string[]): string {
  const lines = [description ?? '', '', '### Inputs', '', ": input (object) : optional; its keys are laid over the form's values (any field, nested ones included).", ''];
  lines.push('### Fields', '');
  for (const f of inputs) lines.push(`- **${label(f)}** (\`${f.name}\`, ${f.type}${f.required ? ', required' : ''})${f.help ? `: ${f.help}` : ''}`);
  if (outputs.length > 0) {
    lines.push('', '### Outputs', '', ": payload (object) : the module's result:", '');
    for (const f of outputs) lines.push(`- \`${f.name}\`${f.label ? ` — ${f.label}` : ''}`);
  }
  lines.push('', ...extra);
  return lines.join('\n');
}

const ERROR_HELP =
  "### Errors\n\nA failure reaches Catch nodes: `msg.error.message` (with the hint), `msg.error.code` (Meta's code, or the error type), and `msg.error.cause` with `type`, `hint`, `maybeSent` (a send that may have reached Meta; it is never retried) and, for bad input, `issues` naming each field.";

function scriptTag(): string {
  return `<script type="text/javascript" src="resources/${NODE_RED_PACKAGE}/wabc-form.js"></script>`;
}

export function moduleHtml(moduleId: string, module: Module): string {
  const type = nodeType(moduleId);
  const trigger = module.moduleType === 'instant_trigger';
  const fields = moduleFields(module);
  const secrets: readonly string[] = SECRET_MODULE_FIELDS;
  const skip = [...fields.filter((f) => secrets.includes(f.name)).map((f) => f.name), ...(trigger ? fields.filter((f) => f.type === 'text' && !secrets.includes(f.name)).map((f) => f.name) : [])];
  const spec = { endpoint: RPC_ENDPOINT, skip, fields: formFields(fields) };
  const defaults: Record<string, unknown> = {
    name: { value: '' },
    connection: { value: '', type: CONNECTION_NODE_TYPE, required: true },
    fields: { value: {} },
    ...(trigger ? { path: { value: '' } } : {}),
  };
  const credentials = Object.fromEntries(fields.filter((f) => secrets.includes(f.name)).map((f) => [f.name, { type: 'password' }]));
  const title = module.label ?? moduleId;
  const definition = {
    category: CATEGORY,
    color: COLOR,
    icon: ICON,
    paletteLabel: title,
    inputs: trigger ? 0 : 1,
    outputs: 1,
    defaults,
    ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
  };
  const triggerRows = trigger
    ? [
        row(
          'path',
          'Webhook path',
          '<input type="text" id="node-input-path" placeholder="/whatsapp/webhook">',
          "Served by Node-RED's HTTP server (httpNodeRoot): the callback URL in Meta's app dashboard is this path on your Node-RED's public address. Empty: /whatsapp/<node id>.",
        ),
        ...fields.filter((f) => secrets.includes(f.name)).map((f) => row(f.name, label(f), `<input type="password" id="node-input-${f.name}">`, f.help)),
      ]
    : [];
  const extraHelp = trigger
    ? [
        '### Webhook',
        '',
        "Each event (an inbound message, a status update, an error, another field's change) is sent as one message with the event bundle in `msg.payload` and its type in `msg.topic`. The app secret(s) of the connection check every delivery's signature.",
        '',
        ERROR_HELP,
      ]
    : [ERROR_HELP];
  return `${scriptTag()}
<script type="text/javascript">
(function () {
  var spec = ${scriptJson(spec)};
  var definition = ${scriptJson(definition)};
  definition.label = function () { return this.name || ${scriptJson(title)}; };
  definition.oneditprepare = function () { window.WABC_FORM.prepare(this, spec); };
  definition.oneditsave = function () { window.WABC_FORM.save(this); };
  RED.nodes.registerType(${scriptJson(type)}, definition);
})();
</script>

<script type="text/html" data-template-name="${type}">
${row('name', 'Name', '<input type="text" id="node-input-name" placeholder="Name">')}
${row('connection', 'Connection', '<input type="text" id="node-input-connection">')}
${triggerRows.join('\n')}
<div id="wabc-form"></div>
</script>

<script type="text/markdown" data-help-name="${type}">
${helpMarkdown(module.description, fields, fieldList(module.interface as Field[] | undefined), extraHelp)}
</script>
`;
}

function row(id: string, text: string, control: string, help?: string): string {
  return `<div class="form-row"><label for="node-input-${id}">${escapeHtml(text)}</label>${control}</div>${help ? `\n<div class="form-tips">${escapeHtml(help)}</div>` : ''}`;
}

export function connectionHtml(connection: Connection): string {
  const fields = fieldList(connection.parameters);
  const secrets: readonly string[] = SECRET_CONNECTION_FIELDS;
  const defaults: Record<string, unknown> = { name: { value: '' } };
  const credentials: Record<string, unknown> = {};
  for (const f of fields) {
    if (secrets.includes(f.name)) credentials[f.name] = { type: 'password', required: f.required === true };
    else defaults[f.name] = { value: typeof f.default === 'string' ? f.default : '', required: f.required === true };
  }
  const rows = fields.map((f) =>
    row(f.name, label(f), `<input type="${secrets.includes(f.name) ? 'password' : 'text'}" id="node-config-input-${f.name}">`, f.help).replaceAll('node-input-', 'node-config-input-'),
  );
  const title = connection.label ?? 'WhatsApp connection';
  return `<script type="text/javascript">
RED.nodes.registerType(${scriptJson(CONNECTION_NODE_TYPE)}, {
  category: 'config',
  defaults: ${scriptJson(defaults)},
  credentials: ${scriptJson(credentials)},
  label: function () { return this.name || ${scriptJson(title)}; },
});
</script>

<script type="text/html" data-template-name="${CONNECTION_NODE_TYPE}">
${row('name', 'Name', '<input type="text" id="node-config-input-name">').replaceAll('node-input-', 'node-config-input-')}
${rows.join('\n')}
</script>

<script type="text/markdown" data-help-name="${CONNECTION_NODE_TYPE}">
${connection.description ?? ''}

The access token and the app secret are stored as credentials: Node-RED keeps them encrypted, apart from the flow file, and they never reach the editor again. Dropdowns in the nodes are read through this connection once it is deployed.
</script>
`;
}
