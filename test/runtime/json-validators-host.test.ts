/**
 * The validators built with the package hold the built-in payload schemas their $refs name. A host's own
 * descriptor folder may ship its own version of one (same $id, other content): once it is registered,
 * field schemas are compiled against it, never checked with the built-in copy.
 */
import { registerSchema, checkJsonSchema, jsonSchemaValidatorCount } from '../../src/runtime/fields/json-schema-check.js';
import { builtInPayloadSchemas } from '../../src/runtime/load/built-in-descriptors.js';

const TEMPLATE_MESSAGE = 'https://whatsapp-business-cloud-connector/schemas/template-message.schema.json';

test("a host's own version of a payload schema is the one its fields are checked against", () => {
  const builtIn = builtInPayloadSchemas().find((s) => (s as { $id?: string }).$id === TEMPLATE_MESSAGE) as { properties: { name: object } };
  // The host allows upper-case template names.
  const hosts = { ...builtIn, properties: { ...builtIn.properties, name: { type: 'string', pattern: '^[A-Za-z0-9_]{1,512}$' } } };
  registerSchema(hosts as { $id?: string });
  const before = jsonSchemaValidatorCount();
  const field = { $ref: TEMPLATE_MESSAGE };
  expect(checkJsonSchema(field, { name: 'Hello_World', language: { code: 'en_US' } }, 'template')).toEqual([]);
  expect(checkJsonSchema(field, { name: 'Hello World', language: { code: 'en_US' } }, 'template')).toEqual([{ path: 'template.name', message: 'must match pattern "^[A-Za-z0-9_]{1,512}$"' }]);
  expect(jsonSchemaValidatorCount() - before).toBe(1);
});
