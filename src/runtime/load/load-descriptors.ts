/**
 * The descriptor set as the runtime uses it: read and resolved (read-descriptors.ts), a host's own
 * folder checked against the descriptor schema and the expression grammar (any problem stops the load
 * with every message, file + JSON path, at once), with the pure functions its expressions may call.
 */
import type { ExpressionFunction } from '../expressions/expressions.js';
import { validateExpressions } from '../expressions/expressions.js';
import { functions as pureFunctions } from '../../../functions/index.js';
import { descriptorChecker } from './schema-validator.js';
import { registerSchema } from '../fields/json-schema-check.js';
import { readDescriptors, type DescriptorChecks, type DescriptorData } from './read-descriptors.js';
import { builtInDescriptors, builtInPayloadSchemas } from './built-in-descriptors.js';

export { DescriptorError } from './read-descriptors.js';

export interface LoadedDescriptors extends DescriptorData {
  functions: Record<string, ExpressionFunction>;
}

function functionsOf(names: string[]): Record<string, ExpressionFunction> {
  return Object.fromEntries(names.filter((n) => pureFunctions[n]).map((n) => [n, pureFunctions[n]]));
}

const folderChecks = (descriptorSchema: Record<string, unknown>): DescriptorChecks => {
  const checker = descriptorChecker(descriptorSchema);
  return {
    schema: checker,
    expressions: (file, data, functions) => validateExpressions(data, { functions }).map((msg) => `${file}: ${msg}`),
    functions: (names) =>
      names.filter((name) => typeof pureFunctions[name] !== 'function').map((name) => `connector.manifest.json: $.functions: function "${name}" is not exported by functions/index.ts`),
    payloadSchema: (schema) => registerSchema(schema),
  };
};

// The built-in set with its functions, made once per process (the payload schemas registered once).
let builtIn: LoadedDescriptors | undefined;

/**
 * Loads the descriptor set: the one built into the package, or the one in `root` (a folder laid out
 * like the package: connector.manifest.json, connection/, modules/, rpcs/, webhooks/, fields/, schemas/).
 */
export function loadDescriptors(root?: string): LoadedDescriptors {
  // The built-in set was checked when the package was built (scripts/check-descriptors.mjs): only a
  // host's own folder is checked here, which keeps the schema compiler out of every start-up.
  if (root === undefined) {
    if (!builtIn) {
      const data = builtInDescriptors();
      for (const schema of builtInPayloadSchemas()) registerSchema(schema as Record<string, unknown>, true);
      builtIn = Object.freeze({ ...data, functions: Object.freeze(functionsOf(data.manifest.functions)) });
    }
    return builtIn;
  }
  const data = readDescriptors(root, folderChecks);
  return { ...data, functions: functionsOf(data.manifest.functions) };
}
