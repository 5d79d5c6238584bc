/**
 * The pacer shared by every process sending for the same numbers: Meta's limits are per number, not per
 * process. Each limit (a sender's throughput, a recipient pair's burst and spacing) is kept in Redis as
 * the cell rate algorithm (GCRA, a token bucket expressed as one "theoretical arrival time"): a script
 * reserves the next free slot on Redis's own clock and answers how long to wait for it, so processes
 * never race for a token and a late wake-up does not lose a slot. Holds after a throttle (a pair, a
 * sender or the app, as the manifest's error table says) are keys every reservation respects, so one
 * process's throttle slows the others for that number.
 *
 * A simple rate limiter (fixed windows) was not used: at a window's edge it lets twice the rate through
 * in a moment, which is what Meta answers with 130429.
 */
import type { HoldScope, Pacer, PaceKey } from '../runtime/pacing/pacer-contract.js';
import { APP_HOLD_MS, type PacerOptions } from '../runtime/pacing/pacer.js';
import { unwatchAbort, watchAbort } from '../runtime/abort-watch.js';
import { connectRedis, LuaScript, type RedisHandle } from './connection.js';
import type { RedisConnectionOptions } from './options.js';

export type RedisPacerOptions = Omit<PacerOptions, 'clock'> & RedisConnectionOptions;

export interface RedisPacer extends Pacer {
  penalise(key: PaceKey, holds: HoldScope, waitMs?: number): Promise<number>;
  /** Closes the connection this pacer opened (a client passed in stays open). */
  close(): Promise<void>;
}

/**
 * KEYS: the app hold, then (slot, hold) per limiter; ARGV: (interval ms, tolerance ms) per limiter.
 * Reserves limiters in order until one needs a wait; answers {limiters reserved, wait ms of the last}.
 */
const RESERVE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local app = tonumber(redis.call('GET', KEYS[1]) or '0')
local n = (#KEYS - 1) / 2
if n == 0 and app > now then return {0, string.format('%.3f', app - now)} end
for i = 1, n do
  local slotKey, holdKey = KEYS[2 * i], KEYS[2 * i + 1]
  local interval, tolerance = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', slotKey) or '0')
  local hold = math.max(app, tonumber(redis.call('GET', holdKey) or '0'))
  local at = math.max(now, tat - tolerance, hold)
  local nextTat = math.max(tat, at) + interval
  redis.call('SET', slotKey, string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now) + 1000)
  if at - now > 0.001 then return {i, string.format('%.3f', at - now)} end
end
return {n, '0'}`);

/**
 * KEYS: the hold, the pair's failure count; ARGV: wait ms (or -1), default ms, 1 for a pair backoff.
 * A pair backs off 4^X s (X: its throttles since its last success); the hold never shortens.
 */
const PENALISE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local wait = tonumber(ARGV[1])
local delay = tonumber(ARGV[2])
if ARGV[3] == '1' then
  local x = redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], 3600000)
  delay = math.max(wait, math.pow(4, x - 1) * 1000)
elseif wait >= 0 then
  delay = wait
end
local holdUntil = now + delay
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
if holdUntil > held then redis.call('SET', KEYS[1], string.format('%.3f', holdUntil), 'PX', math.ceil(delay) + 1000) end
return string.format('%.3f', delay)`);

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const waiter = {
      cancel(reason: unknown) {
        clearTimeout(timer);
        reject(reason);
      },
    };
    const timer = setTimeout(
      () => {
        if (signal) unwatchAbort(signal, waiter);
        resolve();
      },
      Math.max(1, Math.ceil(ms)),
    );
    if (signal) watchAbort(signal, waiter);
  });
}

export function createRedisPacer(options: RedisPacerOptions = {}): RedisPacer {
  const handle: RedisHandle = connectRedis(options);
  const p = `${handle.prefix}pace:`;
  const perSecond = Math.min(1000, options.perSecond ?? 80);
  const headroom = options.headroom ?? 0.99;
  const burst = options.pairBurst ?? 45;
  const spacing = options.pairSpacingMs ?? 6000;
  const catchUpMs = options.catchUpMs ?? 10;
  const appHold = `${p}app:hold`;
  const pair = (key: PaceKey) => `${p}pair:${key.senderId ?? ''}:${key.recipient ?? ''}`;
  const sender = (id: string) => `${p}sender:${id}`;
  /** Pairs this process saw throttled: a success resets their backoff count. */
  const throttledPairs = new Set<string>();

  return {
    async acquire(key, signal) {
      const keys: string[] = [appHold];
      const args: number[] = [];
      if (key.recipient) {
        keys.push(pair(key), `${pair(key)}:hold`);
        args.push(spacing, (burst - 1) * spacing);
      }
      if (key.senderId) {
        const rate = Math.min(1000, options.perSenderOverrides?.[key.senderId] ?? perSecond) * headroom;
        keys.push(sender(key.senderId), `${sender(key.senderId)}:hold`);
        args.push(1000 / rate, catchUpMs);
      }
      if (keys.length === 1) {
        // Nothing to pace but the app hold.
        const [, wait] = (await RESERVE.run(handle.redis, keys, [])) as [number, string];
        if (Number(wait) > 0) await sleep(Number(wait), signal);
        return;
      }
      // A pair's wait first, then the sender's slot reserved at that time (as the in-process pacer).
      let from = 0;
      while (from < args.length / 2) {
        if (signal?.aborted) throw signal.reason;
        const slots = [appHold, ...keys.slice(1 + from * 2)];
        const [reserved, wait] = (await RESERVE.run(handle.redis, slots, args.slice(from * 2))) as [number, string];
        const ms = Number(wait);
        if (ms > 0) await sleep(ms, signal);
        from += Number(reserved);
      }
    },
    async penalise(key, holds, waitMs) {
      if (holds === 'pair' && key.recipient) {
        throttledPairs.add(pair(key));
        return Number(await PENALISE.run(handle.redis, [`${pair(key)}:hold`, `${pair(key)}:x`], [waitMs ?? 0, 0, 1]));
      }
      const app = holds === 'app' || !key.senderId;
      const target = app ? appHold : `${sender(key.senderId!)}:hold`;
      return Number(await PENALISE.run(handle.redis, [target, `${target}:x`], [waitMs ?? -1, app && holds === 'app' ? APP_HOLD_MS : 1000, 0]));
    },
    succeeded(key) {
      if (!key.recipient || !throttledPairs.delete(pair(key))) return;
      handle.redis.unlink(`${pair(key)}:x`).catch(() => undefined);
    },
    close: () => handle.close(),
  };
}
