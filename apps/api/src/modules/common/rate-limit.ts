// Per-caller, cost-based rate limit (a leaky bucket of points, like Shopify's): every operation
// costs its computed complexity (query-limits.ts); a caller's bucket holds `capacity` points and
// refills at `restorePerSecond`. Responses say what is left in `extensions.cost`; an operation
// costing more than is left is refused with RATE_LIMITED (HTTP 429, Retry-After).
//
// Where the buckets live is a `RateLimitStore`: in this process's memory (`MemoryRateLimitStore`,
// the default: with several processes each has its own, a caller gets up to N × the budget), or in
// Redis when REDIS_URL is set (rate-limit-redis.ts: one budget per caller shared by every process).
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../context.ts';
import { operationCost } from './query-limits.ts';
import { config } from '../../core/config.ts';

export interface RateLimitOptions {
  /** Points a caller may spend in a burst. */
  capacity: number;
  /** Points restored per second. */
  restorePerSecond: number;
}

export const defaultRateLimit: RateLimitOptions = {
  capacity: config.RATE_LIMIT_CAPACITY,
  restorePerSecond: config.RATE_LIMIT_RESTORE_PER_SECOND,
};

export function checkRateLimitOptions(options: RateLimitOptions): RateLimitOptions {
  const { capacity, restorePerSecond } = options;
  if (!(Number.isFinite(capacity) && capacity > 0 && Number.isFinite(restorePerSecond) && restorePerSecond > 0)) {
    throw new Error(`Rate limit: capacity and restorePerSecond must be positive numbers (RATE_LIMIT_CAPACITY, RATE_LIMIT_RESTORE_PER_SECOND)`);
  }
  return options;
}

export interface CostReport {
  requested: number;
  remaining: number;
  limit: number;
  restorePerSecond: number;
  /** When the bucket will be full again (ISO time). */
  resetAt: string;
}

/** What a store decided about one request. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Whole points left after this request (when refused: what is there, nothing was taken). */
  remaining: number;
  /** How long until the request's cost is affordable; 0 when allowed. */
  retryAfterMs: number;
  /** When the bucket is full again (epoch milliseconds). */
  resetAt: number;
  /** The store could not check (Redis unreachable) and let the request through. */
  unchecked?: boolean;
}

/** Where the buckets live. `take` is atomic per caller: concurrent requests never spend one point twice. */
export interface RateLimitStore {
  readonly options: RateLimitOptions;
  /** Takes `cost` points from `callerKey`'s bucket when they are there; says what is left either way. */
  take(callerKey: string, cost: number): RateLimitDecision | Promise<RateLimitDecision>;
  close?(): Promise<void>;
}

export const isRateLimitStore = (value: unknown): value is RateLimitStore => typeof (value as RateLimitStore | undefined)?.take === 'function';

/** The buckets in this process's memory (one budget per caller and process). */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, { available: number; at: number }>();
  readonly options: RateLimitOptions;
  constructor(
    options: RateLimitOptions,
    private readonly clock: () => number = Date.now,
  ) {
    this.options = checkRateLimitOptions(options);
  }

  private level(key: string, now: number) {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.options.capacity;
    return Math.min(this.options.capacity, bucket.available + ((now - bucket.at) / 1000) * this.options.restorePerSecond);
  }

  take(key: string, cost: number): RateLimitDecision {
    const now = this.clock();
    const available = this.level(key, now);
    const allowed = available >= cost;
    const remaining = allowed ? available - cost : available;
    this.buckets.set(key, { available: remaining, at: now });
    if (this.buckets.size > 50_000) this.evictFull(now);
    const { capacity, restorePerSecond } = this.options;
    return {
      allowed,
      remaining: Math.floor(remaining),
      retryAfterMs: allowed ? 0 : Math.ceil(((cost - available) / restorePerSecond) * 1000),
      resetAt: Math.ceil(now + ((capacity - remaining) / restorePerSecond) * 1000),
    };
  }

  /** Forgets callers whose bucket has refilled (they look exactly like new callers). */
  private evictFull(now: number) {
    for (const key of this.buckets.keys()) if (this.level(key, now) >= this.options.capacity) this.buckets.delete(key);
  }
}

/** Whose budget a request spends: the API key, the staff user (all their sessions), else the client address. Never a credential. */
export const rateLimitKey = (ctx: Context) => ctx.viewer?.actor ?? `anonymous:${ctx.http.clientAddress}`;

export function useRateLimit(store: RateLimitStore): Plugin {
  const { capacity: limit, restorePerSecond } = store.options;
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as unknown as Context;
      const cost = operationCost.get(ctx) ?? 1;
      const apply = (decision: RateLimitDecision) => {
        const report: CostReport = { requested: cost, remaining: decision.remaining, limit, restorePerSecond, resetAt: new Date(decision.resetAt).toISOString() };
        if (!decision.allowed) {
          const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
          return setResultAndStopExecution({
            errors: [
              new GraphQLError(
                `Rate limit: this operation costs ${cost} points and ${report.remaining} are left; ${restorePerSecond} come back every second. Retry after ${retryAfterSeconds} s.`,
                {
                  extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } } },
                },
              ),
            ],
            extensions: { cost: report },
          });
        }
        return {
          onExecuteDone({ result, setResult }: { result: unknown; setResult: (result: never) => void }) {
            if (!result || Symbol.asyncIterator in (result as object)) return;
            const single = result as { extensions?: Record<string, unknown> };
            setResult({ ...(result as object), extensions: { ...single.extensions, cost: report } } as never);
          },
        };
      };
      const decision = store.take(rateLimitKey(ctx), cost);
      return decision instanceof Promise ? decision.then(apply) : apply(decision);
    },
  };
}
