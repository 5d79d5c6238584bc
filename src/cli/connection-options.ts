/**
 * The connection for CLI commands: a `--connection <file.json>`, else the WHATSAPP_* environment
 * variables named in connection/whatsapp.json (`x-env`). Secrets are registered for scrubbing at once.
 */
import type { Connector, ConnectionValues } from '../runtime/runtime.js';
import { addSecrets, type CliIo } from './io.js';
import { UsageError } from './exit-codes.js';
import { parseOptionJson, readOptionFile } from './input-options.js';

export function resolveConnection(connector: Connector, io: CliIo, file?: string): ConnectionValues {
  const env = connector.connection['x-env'] ?? {};
  let values: Record<string, unknown> = {};
  if (file) {
    const source = `--connection ${file}`;
    values = parseOptionJson(source, readOptionFile(source, file), " (the file's contents are not shown, as it holds the access token)") as Record<string, unknown>;
    if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new UsageError(`--connection ${file}: must hold a JSON object with accessToken and wabaId`);
  } else {
    for (const [field, variable] of Object.entries(env)) {
      const v = io.env[variable];
      if (v !== undefined && v !== '') values[field] = v;
    }
  }
  addSecrets(values.accessToken as string | undefined, ...String(values.appSecret ?? '').split(','));
  if (!values.accessToken || !values.wabaId) {
    const missing = ['accessToken', 'wabaId'].filter((k) => !values[k]).map((k) => (file ? k : (env[k] ?? k)));
    throw new UsageError(
      `no connection: ${missing.join(' and ')} missing. Set ${env.accessToken ?? 'WHATSAPP_ACCESS_TOKEN'} and ${env.wabaId ?? 'WHATSAPP_BUSINESS_ACCOUNT_ID'} (and ${env.graphUrl ?? 'WHATSAPP_GRAPH_URL'} for the sandbox), or pass --connection <file.json>. To try everything offline: wabc sandbox`,
    );
  }
  return values as ConnectionValues;
}
