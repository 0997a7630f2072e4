// The rate-limit buckets in Redis (REDIS_URL): every API process behind the load balancer spends
// from the same bucket per caller, so a caller gets the budget once, not once per process.
//
// One bucket is one hash `<REDIS_CHANNEL_PREFIX>ratelimit:<callerKey>` { available, at } (callerKey
// is `apikey:<id>`, `user:<id>` or `anonymous:<address>` — never a credential). A Lua script refills
// it by the time elapsed on Redis's clock (TIME: the processes' clocks may disagree), takes the
// request's cost when it is there, and gives the key a TTL of "until full again", so idle callers
// simply disappear (a missing key is a full bucket). The script runs atomically: concurrent requests
// from any number of processes never spend the same points twice. It is sent by EVALSHA, and once
// in full (EVAL, which also caches it) when Redis answers NOSCRIPT (restart, failover, SCRIPT FLUSH).
//
// When Redis cannot answer (down, unreachable, slower than the command timeout) the request is
// allowed — an outage of the limiter must not become an outage of the API — and a warning is
// logged at most once a minute (with how many requests went unchecked), then once when Redis is
// back. Log lines carry neither caller keys nor the Redis URL (it may hold a password).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as IORedis from 'ioredis';
import type { Redis, RedisOptions } from 'ioredis';
import { defaultChannelPrefix } from '../live/live-bus.ts';
import { type Config, config } from '../../core/config.ts';
import { logLines } from '../../core/observability/logger.ts';
import { checkRateLimitOptions, defaultRateLimit, MemoryRateLimitStore, type RateLimitDecision, type RateLimitOptions, type RateLimitStore } from './rate-limit.ts';

// KEYS[1] bucket; ARGV capacity, restorePerSecond, cost. Returns {allowed 0/1, remaining (whole
// points), retryAfterMs, resetAt (epoch ms)} — integers: Redis truncates Lua numbers it returns.
export const takeScript = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 1000
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local available = capacity
local bucket = redis.call('HMGET', KEYS[1], 'available', 'at')
if bucket[1] and bucket[2] then
  local elapsed = math.max(0, now - tonumber(bucket[2]))
  available = math.min(capacity, tonumber(bucket[1]) + elapsed * rate)
end
local allowed = 0
local retry = 0
if available >= cost then
  allowed = 1
  available = available - cost
  redis.call('HSET', KEYS[1], 'available', string.format('%.17g', available), 'at', string.format('%.17g', now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - available) / rate) + 1000)
else
  retry = math.ceil((cost - available) / rate)
end
return { allowed, math.floor(available), retry, math.ceil(now + (capacity - available) / rate) }
`;
const takeScriptSha = createHash('sha1').update(takeScript).digest('hex');

export interface RedisRateLimitStoreOptions {
  /** `redis://…` (the store opens and closes its own connection), or a client to use as is. */
  redis: string | Redis;
  rateLimit?: RateLimitOptions;
  /** Key prefix (REDIS_CHANNEL_PREFIX): keys are `<prefix>ratelimit:<callerKey>`. */
  prefix?: string;
  /** Extra ioredis options for an opened connection (tests: a short connectTimeout). */
  redisOptions?: RedisOptions;
  /** How long a request waits for Redis before it is let through unchecked (ms). */
  commandTimeoutMs?: number;
  log?: (line: string) => void;
  /** At most one "Redis unavailable" warning this often (ms). */
  warnEveryMs?: number;
  /** After a failed request, the next ones skip Redis (unchecked) for this long (ms). */
  pauseAfterFailureMs?: number;
}

/** An error's message, short and without credentials of a URL it may quote. */
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\/\/[^/@\s]*@/g, '//***@').slice(0, 200);

export class RedisRateLimitStore implements RateLimitStore {
  readonly options: RateLimitOptions;
  readonly prefix: string;
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly log: (line: string) => void;
  private readonly warnEveryMs: number;
  /** Since when Redis has been failing (null: it answers), when we last warned, and what we let through since. */
  private failing: { since: number; warnedAt: number; unchecked: number; unreported: number } | null = null;
  /** The connection's last error (what "not connected" means right now). */
  private connectionError: string | null = null;
  private firstConnection: Promise<boolean> | undefined;
  /** Until when requests skip Redis after one failed (a hanging Redis would cost each request the command timeout). */
  private pausedUntil = 0;
  private readonly pauseAfterFailureMs: number;
  private readonly firstConnectionWaitMs: number;
  private readonly onError = (error: unknown) => {
    this.connectionError = reasonOf(error);
    this.failed(error, false);
  };
  private readonly onReady = () => {
    this.connectionError = null;
    this.pausedUntil = 0;
  };

  constructor(options: RedisRateLimitStoreOptions) {
    this.options = checkRateLimitOptions(options.rateLimit ?? defaultRateLimit);
    this.prefix = `${options.prefix ?? defaultChannelPrefix}ratelimit:`;
    this.log = options.log ?? logLines('rate-limit', 'warn');
    this.warnEveryMs = options.warnEveryMs ?? 60_000;
    this.firstConnectionWaitMs = options.redisOptions?.connectTimeout ?? 2_000;
    this.pauseAfterFailureMs = options.pauseAfterFailureMs ?? 1_000;
    if (typeof options.redis === 'string') {
      this.ownsClient = true;
      // ioredis is loaded by the first store that opens a connection (REDIS_URL set), not at boot.
      const { Redis } = createRequire(import.meta.url)('ioredis') as typeof IORedis;
      this.client = new Redis(options.redis, {
        connectionName: 'orderly-rate-limit',
        // Requests do not wait for a lost connection (no offline queue, no retries): without one they
        // go through unchecked at once, and a Redis that stops answering costs them ≤ commandTimeout.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: options.commandTimeoutMs ?? 500,
        connectTimeout: this.firstConnectionWaitMs,
        ...options.redisOptions,
      });
    } else {
      this.ownsClient = false;
      this.client = options.redis;
    }
    // ioredis reconnects by itself; its errors must be handled (or they are printed unthrottled).
    this.client.on('error', this.onError);
    this.client.on('ready', this.onReady);
  }

  /** The Redis key of a caller's bucket. */
  keyOf(callerKey: string) {
    return `${this.prefix}${callerKey}`;
  }

  /**
   * The first connection (made once; the first requests wait for it too): true once Redis answers,
   * false when it fails or `timeoutMs` passes. The store works either way — requests go through
   * unchecked until Redis answers (ioredis keeps reconnecting).
   */
  ready(timeoutMs = this.firstConnectionWaitMs): Promise<boolean> {
    return (this.firstConnection ??= this.connection(timeoutMs));
  }

  private async connection(timeoutMs: number): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    if (this.client.status === 'end') return false;
    if (this.client.status === 'wait') this.client.connect().catch(() => {});
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady).off('error', onFailure).off('end', onFailure);
        resolve(ok);
      };
      const onReady = () => done(true);
      const onFailure = () => done(false);
      const timer = setTimeout(onFailure, timeoutMs);
      timer.unref();
      this.client.on('ready', onReady).on('error', onFailure).on('end', onFailure);
    });
  }

  async take(callerKey: string, cost: number): Promise<RateLimitDecision> {
    // The first requests wait for the first connection (at most the connect wait), none after them.
    await this.ready();
    // Not connected (any more): no waiting, no queueing — unchecked at once (ioredis reconnects).
    if (this.client.status !== 'ready') {
      return this.unchecked(cost, `not connected: ${this.client.status}${this.connectionError ? `, ${this.connectionError}` : ''}`);
    }
    // Connected, but a request failed (timed out) a moment ago: don't make every request wait for it.
    if (Date.now() < this.pausedUntil) return this.unchecked(cost, 'paused after a failed request');
    const { capacity, restorePerSecond } = this.options;
    const args = [this.keyOf(callerKey), capacity, restorePerSecond, cost] as const;
    try {
      let reply: unknown;
      try {
        reply = await this.client.evalsha(takeScriptSha, 1, ...args);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
        reply = await this.client.eval(takeScript, 1, ...args);
      }
      const [allowed, remaining, retryAfterMs, resetAt] = (reply as unknown[]).map(Number);
      if (![allowed, remaining, retryAfterMs, resetAt].every(Number.isFinite)) throw new Error('unexpected reply from the rate-limit script');
      this.recovered();
      return { allowed: allowed === 1, remaining, retryAfterMs, resetAt };
    } catch (error) {
      this.pausedUntil = Date.now() + this.pauseAfterFailureMs;
      return this.unchecked(cost, error);
    }
  }

  /** Fail open: the request goes through, reported as if the bucket had been full. */
  private unchecked(cost: number, reason: unknown): RateLimitDecision {
    this.failed(reason, true);
    const { capacity, restorePerSecond } = this.options;
    return {
      allowed: true,
      remaining: Math.max(0, Math.floor(capacity - cost)),
      retryAfterMs: 0,
      resetAt: Math.ceil(Date.now() + (Math.min(cost, capacity) / restorePerSecond) * 1000),
      unchecked: true,
    };
  }

  private failed(error: unknown, request: boolean) {
    const now = Date.now();
    if (!this.failing) this.failing = { since: now, warnedAt: -Infinity, unchecked: 0, unreported: 0 };
    const failing = this.failing;
    if (request) failing.unchecked++;
    if (now - failing.warnedAt < this.warnEveryMs) {
      failing.unreported++;
      return;
    }
    const more = failing.unreported ? ` (${failing.unreported} more failures since the last warning)` : '';
    failing.warnedAt = now;
    failing.unreported = 0;
    this.log(`Redis unavailable (${reasonOf(error)}): requests are let through without a rate limit until it answers${more}`);
  }

  private recovered() {
    if (!this.failing) return;
    const { since, unchecked } = this.failing;
    this.failing = null;
    this.log(`Redis answers again: rate limit shared again (${unchecked} requests went unchecked in ${Math.round((Date.now() - since) / 1000)} s)`);
  }

  async close() {
    if (!this.ownsClient) return void this.client.off('error', this.onError).off('ready', this.onReady);
    // QUIT waits for Redis; when it is away (or slow), just drop the connection.
    if (this.client.status === 'ready') await Promise.race([this.client.quit().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    this.client.disconnect();
  }
}

/** The process's buckets: in Redis when REDIS_URL is set (key prefix REDIS_CHANNEL_PREFIX), else in memory. */
export async function rateLimitStoreFromEnv(
  settings: Pick<Config, 'REDIS_URL' | 'REDIS_CHANNEL_PREFIX'> = config,
  options: RateLimitOptions = defaultRateLimit,
): Promise<RateLimitStore> {
  if (!settings.REDIS_URL) return new MemoryRateLimitStore(options);
  const store = new RedisRateLimitStore({ redis: settings.REDIS_URL, prefix: settings.REDIS_CHANNEL_PREFIX, rateLimit: options });
  await store.ready();
  return store;
}
