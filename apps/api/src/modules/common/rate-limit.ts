// Per-caller, cost-based rate limit (a leaky bucket of points, like Shopify's): every operation
// costs its computed complexity (query-limits.ts); a caller's bucket holds `capacity` points and
// refills at `restorePerSecond`. Responses say what is left in `extensions.cost`; an operation
// costing more than is left is refused with RATE_LIMITED (HTTP 429, Retry-After).
//
// The buckets live in this process's memory: with several API processes behind a load balancer
// each has its own (a caller gets up to N × the budget). Moving them to Redis or PostgreSQL is the
// follow-up when we run more than one process.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../context.ts';
import { operationCost } from './query-limits.ts';

export interface RateLimitOptions {
  /** Points a caller may spend in a burst. */
  capacity: number;
  /** Points restored per second. */
  restorePerSecond: number;
}

export const defaultRateLimit: RateLimitOptions = {
  capacity: Number(process.env.RATE_LIMIT_CAPACITY ?? 10_000),
  restorePerSecond: Number(process.env.RATE_LIMIT_RESTORE_PER_SECOND ?? 500),
};

export interface CostReport {
  requested: number;
  remaining: number;
  limit: number;
  restorePerSecond: number;
  /** When the bucket will be full again (ISO time). */
  resetAt: string;
}

export class LeakyBuckets {
  private readonly buckets = new Map<string, { available: number; at: number }>();
  constructor(readonly options: RateLimitOptions, private readonly clock: () => number = Date.now) {}

  private level(key: string, now: number) {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.options.capacity;
    return Math.min(this.options.capacity, bucket.available + ((now - bucket.at) / 1000) * this.options.restorePerSecond);
  }

  /** Takes `cost` points when available; reports what is left either way. */
  take(key: string, cost: number): { allowed: boolean; report: CostReport; retryAfterSeconds: number } {
    const now = this.clock();
    const available = this.level(key, now);
    const allowed = available >= cost;
    const remaining = allowed ? available - cost : available;
    this.buckets.set(key, { available: remaining, at: now });
    if (this.buckets.size > 50_000) this.evictFull(now);
    const { capacity, restorePerSecond } = this.options;
    return {
      allowed,
      retryAfterSeconds: allowed ? 0 : Math.ceil((cost - available) / restorePerSecond),
      report: {
        requested: cost,
        remaining: Math.floor(remaining),
        limit: capacity,
        restorePerSecond,
        resetAt: new Date(now + ((capacity - remaining) / restorePerSecond) * 1000).toISOString(),
      },
    };
  }

  /** Forgets callers whose bucket has refilled (they look exactly like new callers). */
  private evictFull(now: number) {
    for (const key of this.buckets.keys()) if (this.level(key, now) >= this.options.capacity) this.buckets.delete(key);
  }
}

/** Whose budget a request spends: the API key, the staff user (all their sessions), else the client address. */
export const rateLimitKey = (ctx: Context) => ctx.viewer?.actor ?? `anonymous:${ctx.http.clientAddress}`;

export function useRateLimit(buckets: LeakyBuckets): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as unknown as Context;
      const cost = operationCost.get(ctx) ?? 1;
      const { allowed, report, retryAfterSeconds } = buckets.take(rateLimitKey(ctx), cost);
      if (!allowed) {
        return setResultAndStopExecution({
          errors: [
            new GraphQLError(`Rate limit: this operation costs ${cost} points and ${report.remaining} are left; ${buckets.options.restorePerSecond} come back every second. Retry after ${retryAfterSeconds} s.`, {
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } } },
            }),
          ],
          extensions: { cost: report },
        });
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (!result || Symbol.asyncIterator in (result as object)) return;
          const single = result as { extensions?: Record<string, unknown> };
          setResult({ ...(result as object), extensions: { ...single.extensions, cost: report } } as never);
        },
      };
    },
  };
}
