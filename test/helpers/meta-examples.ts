/**
 * Request-body examples of `POST /{Version}/{Phone-Number-ID}/messages` from Meta's OpenAPI spec
 * (reference/meta-openapi/business-messaging-api_v23.0.yaml, cloud-api.md §2). The spec uses
 * placeholders a real send cannot carry; `metaExample` fills only those, and says which:
 * - `to: "{{Recipient-Phone-Number}}"` becomes the normalised recipient the test sends to;
 * - a placeholder link (`http(s)://image-url`, `<http(s)://document-url>`) becomes `https://example.com/…`,
 *   since the connector (rightly) refuses a link that is not a URL;
 * - template examples name `template-name` or `<TEMPLATE_NAME>` / `language-and-locale-code`, which Meta
 *   itself refuses (names are `[a-z0-9_]`, cloud-api.md §9.2), so those become `template_name` / `en_US`.
 * Every other value is Meta's, byte for byte.
 */
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';

// An unchanged cut of the spec at the same JSON path (see test/fixtures/contract/README.md).
const SPEC = new URL('../fixtures/contract/meta-messages-examples.yaml', import.meta.url);
const MESSAGES = '/{Version}/{Phone-Number-ID}/messages';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

let examples: Map<string, JsonObject> | undefined;

/** Parses the examples once per test file. */
export async function loadMetaExamples(): Promise<Map<string, JsonObject>> {
  if (examples) return examples;
  const text = await readFile(SPEC, 'utf8');
  const spec = YAML.parse(text) as {
    paths: Record<string, { post: { requestBody: { content: Record<string, { examples: Record<string, { value: JsonObject }> }> } } }>;
  };
  const found = spec.paths[MESSAGES].post.requestBody.content['application/json'].examples;
  examples = new Map(Object.entries(found).map(([name, e]) => [name, e.value]));
  return examples;
}

const PLACEHOLDER_LINK = /^<?http\(s\):\/\/([^>]+)>?$/;
const TEMPLATE_PLACEHOLDERS: Record<string, string> = { 'template-name': 'template_name', '<TEMPLATE_NAME>': 'template_name', 'language-and-locale-code': 'en_US' };

function fill(value: Json, key: string | undefined): Json {
  if (typeof value === 'string') {
    const link = PLACEHOLDER_LINK.exec(value);
    if (link) return `https://example.com/${link[1]}`;
    if ((key === 'name' || key === 'code') && TEMPLATE_PLACEHOLDERS[value]) return TEMPLATE_PLACEHOLDERS[value];
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, undefined));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, k)]));
  return value;
}

/** One of Meta's examples, with its placeholders filled (see the file comment) and `to` set. */
export function metaExample(all: Map<string, JsonObject>, name: string, to: string): JsonObject {
  const example = all.get(name);
  if (!example) throw new Error(`Meta's spec has no example named "${name}"`);
  const filled = fill(structuredClone(example), undefined) as JsonObject;
  if (filled.to !== '{{Recipient-Phone-Number}}') throw new Error(`example "${name}" has an unexpected recipient ${JSON.stringify(filled.to)}`);
  return { ...filled, to };
}
