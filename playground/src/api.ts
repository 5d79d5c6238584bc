/** The playground server's JSON API (same origin; the server holds the connection and its token). */

export interface Option {
  label?: string;
  value: unknown;
  nested?: Field[] | string;
}

export interface Field {
  name: string;
  label?: string;
  help?: string;
  type: string;
  required?: boolean;
  default?: unknown;
  advanced?: boolean;
  multiple?: boolean;
  multiline?: boolean;
  options?: Option[] | string | { store: Option[] | string; nested?: Field[] | string };
  nested?: Field[] | string;
  spec?: Field | Field[];
  validate?: { min?: number; max?: number; pattern?: string; minItems?: number; maxItems?: number };
  schema?: unknown;
}

export interface ModuleInfo {
  id: string;
  label: string;
  description: string;
  moduleType: string;
}

export interface Info {
  mode: 'sandbox' | 'connection';
  canReplyAsCustomer: boolean;
  modules: ModuleInfo[];
  businessNumbers: Array<{ id: string; display: string; allowedRecipients?: string[] }>;
  defaultSender?: string;
}

export interface ModuleDescriptor extends ModuleInfo {
  parameters?: Field[];
  expect?: Field[];
  'x-examples'?: Array<{ title: string; input: Record<string, unknown> }>;
}

export interface Issue {
  path: string;
  message: string;
}

export interface ErrorJson {
  type: string;
  message: string;
  code?: number;
  details?: string;
  hint?: string;
  fbtraceId?: string;
  issues?: Issue[];
}

export interface RequestView {
  method: string;
  url: string;
  body?: unknown;
  parts?: unknown;
  file?: unknown;
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const value = (await res.json()) as T & { error?: ErrorJson };
  if (!res.ok) throw new Error(value.error?.message ?? `${res.status}`);
  return value;
}

export const api = {
  info: () => call<Info>('/api/info'),
  module: (id: string) => call<ModuleDescriptor>(`/api/modules/${encodeURIComponent(id)}`),
  rpc: (name: string, input: Record<string, unknown>) => call<{ output?: unknown; error?: ErrorJson }>(`/api/rpc/${encodeURIComponent(name)}`, { input }),
  preview: (id: string, input: unknown) => call<{ request?: RequestView; output?: unknown; error?: ErrorJson }>(`/api/preview/${encodeURIComponent(id)}`, { input }),
  run: (id: string, input: unknown) => call<{ output?: unknown; error?: ErrorJson; requests?: RequestView[] }>(`/api/run/${encodeURIComponent(id)}`, { input }),
  customer: (input: Record<string, unknown>) => call<{ message?: { id: string }; error?: ErrorJson }>('/api/customer', input),
};
