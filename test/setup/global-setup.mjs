// Before any test file: the embedded descriptor set is regenerated from the JSON files, so a test run
// never sees descriptors older than the files (the build does the same).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { probeRedis } from './redis-probe.mjs';

export default function globalSetup() {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/embed-descriptors.mjs', import.meta.url))], { stdio: 'inherit' });
  probeRedis();
}
