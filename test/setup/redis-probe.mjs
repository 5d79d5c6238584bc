// Is Redis reachable at REDIS_URL (default redis://127.0.0.1:6379)? The Redis tests run when it is and
// are skipped when not — unless REQUIRE_REDIS=1 (CI), which fails the run instead.
import { execFileSync } from 'node:child_process';

const PROBE = `
const u = new URL(process.argv[1]);
const s = require('node:net').connect(Number(u.port || 6379), u.hostname.replace(/^\\[|\\]$/g, ''));
const t = setTimeout(() => process.exit(1), 1500);
s.on('connect', () => s.write('PING\\r\\n'));
s.on('data', (d) => { clearTimeout(t); s.destroy(); process.exit(/^(\\+PONG|-NOAUTH)/.test(String(d)) ? 0 : 1); });
s.on('error', () => process.exit(1));`;

export function probeRedis() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let up = true;
  try {
    execFileSync(process.execPath, ['-e', PROBE, url], { stdio: 'ignore', timeout: 5000 });
  } catch {
    up = false;
  }
  if (!up && process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but Redis is not reachable at ${url}`);
  process.env.WABC_REDIS_REACHABLE = up ? '1' : '0';
}
