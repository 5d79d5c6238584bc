/** A run as code against the library, with no token in it (as a shell command: wabcRunCommand). */

export function asCode(moduleId: string, input: Record<string, unknown>): string {
  return `import { loadConnector } from 'whatsapp-business-cloud-connector';

const connection = {
  accessToken: process.env.WHATSAPP_ACCESS_TOKEN ?? '',
  wabaId: process.env.WHATSAPP_BUSINESS_ACCOUNT_ID ?? '',
  graphUrl: process.env.WHATSAPP_GRAPH_URL, // unset for Meta; the sandbox's URL to try it offline
};
const output = await loadConnector().execute('${moduleId}', ${JSON.stringify(input, null, 2).replace(/\n/g, '\n')}, { connection });
console.log(output);
`;
}
