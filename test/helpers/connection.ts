/** A fake connection for tests: obviously not a real Meta token. */
export const TOKEN = 'test-token-DO-NOT-LEAK-7f3a9c';
export const APP_SECRET = 'test-app-secret-0123456789abcdef';
export const GRAPH = 'https://graph.facebook.com';
export const VERSION = 'v23.0';
export const WABA = '102290129340398';
export const PHONE_ID = '106540352242922';

export const connection = { accessToken: TOKEN, wabaId: WABA, apiVersion: VERSION, graphUrl: GRAPH };

/** Fails if the token shows up anywhere in a value (error, output, log line). */
export function assertNoToken(value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value, (_k, v) => (v instanceof Error ? { ...v, message: v.message } : v));
  if (text?.includes(TOKEN) || text?.includes(encodeURIComponent(TOKEN))) throw new Error(`the access token leaked: ${text.slice(0, 300)}`);
}
