/** Validates descriptor files against schemas/descriptor.schema.json, naming the file and JSON path. */
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';

export type DescriptorKind = 'Module' | 'Rpc' | 'Connection' | 'Manifest' | 'Webhook';

/** `originOf` names the shared definition (fields/…) a value at a JSON pointer came from, if any. */
export type DescriptorChecker = (kind: DescriptorKind, file: string, data: unknown, originOf?: (instancePath: string) => string | undefined) => string[];

// One compiled set per schema object: the embedded set is compiled once per process.
const compiled = new WeakMap<object, Record<DescriptorKind, ValidateFunction>>();

function load(schema: { $id?: string }): Record<DescriptorKind, ValidateFunction> {
  const cached = compiled.get(schema);
  if (cached) return cached;
  // Loaded only when a descriptor folder is checked: the built-in set was checked at build time.
  const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(schema);
  const get = (name: DescriptorKind) => ajv.getSchema(`${schema.$id}#/definitions/${name}`)!;
  const validators = { Module: get('Module'), Rpc: get('Rpc'), Connection: get('Connection'), Manifest: get('Manifest'), Webhook: get('Webhook') };
  compiled.set(schema, validators);
  return validators;
}

function jsonPath(pointer: string): string {
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
      .join('')
  );
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown key "${String(p.additionalProperty)}"`;
  if (e.keyword === 'required') return `missing key "${String(p.missingProperty)}"`;
  if (e.keyword === 'enum') return `${e.message}: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? 'is invalid';
}

/** Returns messages like `modules/send-message.json: $.expect[2].type: must be equal to one of …`. */
export function descriptorChecker(schema: { $id?: string }): DescriptorChecker {
  const validators = load(schema);
  return (kind, file, data, originOf) => checkDescriptor(validators[kind], file, data, originOf);
}

function checkDescriptor(validate: ValidateFunction, file: string, data: unknown, originOf?: (instancePath: string) => string | undefined): string[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // oneOf reports every branch; the deepest errors point at the real mistake.
  const depth = Math.max(...errors.map((e) => e.instancePath.split('/').length));
  const deepest = errors.filter((e) => e.instancePath.split('/').length === depth && e.keyword !== 'oneOf');
  const chosen = deepest.length > 0 ? deepest : errors;
  const from = (e: ErrorObject) => {
    const origin = originOf?.(e.instancePath);
    return origin ? ` (from ${origin})` : '';
  };
  return [...new Set(chosen.map((e) => `${file}: ${jsonPath(e.instancePath)}: ${describe(e)}${from(e)}`))];
}
