/** The values a connection carries (connection/whatsapp.json describes them as fields). */
export interface ConnectionValues {
  accessToken: string;
  wabaId: string;
  appSecret?: string | undefined;
  appId?: string | undefined;
  apiVersion?: string | undefined;
  graphUrl?: string | undefined;
  [key: string]: unknown;
}

export const DEFAULT_API_VERSION = 'v23.0';
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';

/** The connection fields that are secrets (hosts store them as credentials, never in plain config). */
export const SECRET_CONNECTION_FIELDS = ['accessToken', 'appSecret'] as const;

/** The secret strings of a connection: scrubbed from every error, log line and output. */
export function connectionSecrets(c: Partial<ConnectionValues> | undefined): string[] {
  if (!c) return [];
  return [...SECRET_CONNECTION_FIELDS.map((name) => c[name]), ...(Array.isArray(c.appSecrets) ? (c.appSecrets as string[]) : [])].filter((s): s is string => typeof s === 'string' && s.length >= 4);
}
