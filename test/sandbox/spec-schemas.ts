/**
 * Response schemas of Meta's OpenAPI spec (reference/meta-openapi/business-messaging-api_v23.0.yaml),
 * compiled with ajv. The 1 MB file is read once per test file. Local `#/components/...` references are
 * resolved by registering the spec's components under the id `spec`.
 *
 * `closed` compiles a copy in which every object schema that lists properties refuses the others
 * (`unevaluatedProperties: false`), so an answer carrying a field the spec does not declare is reported
 * too — the spec itself leaves objects open, which would let almost anything pass.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';

const SPEC_PATH = new URL('../../../shared/reference/meta-openapi/business-messaging-api_v23.0.yaml', import.meta.url);
