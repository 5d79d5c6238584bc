/**
 * Shared definitions. In a descriptor, `{"$ref": "fields/<file>.json#/<pointer>"}` stands for the value
 * at that JSON pointer of that file (or of a webhook descriptor, `webhooks/<file>.json#/…`, whose event and
 * filter lists a trigger module offers as options) (the path is relative to the package root); sibling keys are
 * overrides, deep-merged into it (objects key by key, arrays and the rest replaced). In a list, a
 * reference to a list is spliced in. Definitions may refer to other definitions; a cycle is refused.
 * The value of a `schema` key is JSON Schema, where `$ref` keeps its own meaning: it is left as it is.
 */
import { isObject } from '../../../functions/objects.js';
import { deepMerge } from './deep-merge.js';

/** Reads a file of the descriptor set (parsed JSON); throws when it is missing or not JSON. */
export type ReadDescriptorFile = (file: string) => unknown;

const REF = /^((?:fields|webhooks)\/[a-z0-9][a-z0-9-]*\.json)#(\/.*)?$/;

interface Where {
  /** The descriptor being resolved. */
  root: string;
  /** The file the value is written in. */
  file: string;
  /** Its JSON path there, for messages. */
  path: string;
  /** The references followed to get here (`file#pointer`), to refuse a cycle. */
  chain: string[];
}

function pointerSegments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function pointerPath(pointer: string): string {
  return pointerSegments(pointer).reduce<string>((path, s) => childPath(path, /^\d+$/.test(s) ? Number(s) : s), '$');
}

export class RefResolver {
  private readonly files = new Map<string, unknown>();
  /** For each value a reference produced: the definition it came from (`fields/x.json#/name`). */
  readonly origins = new WeakMap<object, string>();

  constructor(
    private readonly read: ReadDescriptorFile,
    private readonly problems: string[],
  ) {}

  /** The descriptor `data` of `file` with every reference replaced by what it points to. */
  resolve(data: unknown, file: string): unknown {
    return this.value(data, { root: file, file, path: '$', chain: [] });
  }

  /** Where the value at `instancePath` (a JSON pointer into resolved data) came from, if from a reference. */
  originOf(data: unknown, instancePath: string): string | undefined {
    let origin: string | undefined;
    let node = data;
    for (const segment of ['', ...pointerSegments(instancePath)]) {
      if (segment !== '') node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
      if (typeof node === 'object' && node !== null) origin = this.origins.get(node) ?? origin;
    }
    return origin;
  }

  private value(value: unknown, at: Where): unknown {
    if (Array.isArray(value)) return this.list(value, at);
    if (!isObject(value)) return value;
    if ('$ref' in value) return this.reference(value, at);
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const resolved = key === 'schema' ? child : this.value(child, { ...at, path: childPath(at.path, key) });
      Object.defineProperty(out, key, { value: resolved, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  private list(items: unknown[], at: Where): unknown[] {
    const out: unknown[] = [];
    items.forEach((item, i) => {
      const resolved = this.value(item, { ...at, path: childPath(at.path, i) });
      // A reference to a list, inside a list, brings its items.
      if (isObject(item) && '$ref' in item && Array.isArray(resolved)) out.push(...(resolved as unknown[]));
      else out.push(resolved);
    });
    return out;
  }

  private reference(node: Record<string, unknown>, at: Where): unknown {
    const { $ref: ref, ...overrides } = node;
    const problem = (message: string, chain = at.chain) => {
      const via = chain.length > 0 ? ` (${[at.root, ...chain].join(' → ')})` : '';
      this.problems.push(`${at.file}: ${at.path}: $ref ${JSON.stringify(ref)}: ${message}${via}`);
      return undefined;
    };
    const match = typeof ref === 'string' ? REF.exec(ref) : null;
    if (!match) return problem('must be "fields/<file>.json#/<name>" (a JSON pointer into a file of fields/, or of webhooks/)');
    const [, file, pointer = ''] = match;
    const key = `${file}#${pointer}`;
    if (at.chain.includes(key)) return problem('a reference cycle, refused', [...at.chain, key]);
    const target = this.lookup(file, pointer, problem);
    if (target === undefined) return undefined;
    const chain = [...at.chain, key];
    let resolved = this.value(target, { root: at.root, file, path: pointerPath(pointer), chain });
    if (Object.keys(overrides).length > 0) {
      if (!isObject(resolved)) return problem('points to a list or a value: only a reference to an object takes overrides');
      resolved = deepMerge(resolved, this.value(overrides, { ...at, chain }));
    }
    this.markOrigin(resolved, ref as string);
    return resolved;
  }

  private lookup(file: string, pointer: string, problem: (message: string) => undefined): unknown {
    if (!this.files.has(file)) {
      try {
        this.files.set(file, this.read(file));
      } catch (error) {
        this.files.set(file, undefined);
        return problem(`cannot read ${file}: ${(error as Error).message}`);
      }
    }
    let node = this.files.get(file);
    if (node === undefined) return problem(`cannot read ${file}`);
    for (const segment of pointerSegments(pointer)) {
      const next: unknown = Array.isArray(node) && /^\d+$/.test(segment) ? (node as unknown[])[Number(segment)] : isObject(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (next === undefined) return problem(`${file} has nothing at ${pointer || '#'}`);
      node = next;
    }
    return node;
  }

  private markOrigin(value: unknown, ref: string): void {
    if (Array.isArray(value)) value.forEach((item, i) => isObject(item) && !this.origins.has(item) && this.origins.set(item, `${ref}/${i}`));
    else if (isObject(value)) this.origins.set(value, ref);
  }
}
