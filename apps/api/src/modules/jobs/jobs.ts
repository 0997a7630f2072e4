// One job mechanism for scheduled and background work (types here; start.ts picks the runner). On PostgreSQL the tasks run on
// graphile-worker (its own schema, LISTEN/NOTIFY, row locks): a recurring task is scheduled once
// per tick across every instance, a job runs on one instance, failures retry with exponential
// backoff and stay in graphile_worker.jobs with their last error. On the embedded PGlite (one
// process by definition) the same task definitions run on a small in-process runner.
import type { Db } from '@orderly/schema';
import { describeErrorSafely } from '../common/safe-logging.ts';

export interface JobContext {
  db: Db;
  now(): Date;
  log(line: string): void;
}

export interface TaskDefinition {
  /** Unique name (graphile-worker's task identifier). */
  name: string;
  /** Cron pattern (UTC, minute resolution) for recurring tasks; none for one-off jobs only. */
  schedule?: string;
  /** A missed tick (the servers were down) younger than this runs at start-up. */
  backfillMs?: number;
  /** Attempts before a job stays failed (default 10: the backoff doubles past an hour). */
  maxAttempts?: number;
  run(ctx: JobContext, payload: Record<string, unknown>): Promise<void>;
}

export interface JobFailure {
  task: string;
  attempts: number;
  maxAttempts: number;
  /** The last error, without data (describeErrorSafely): buyer data never lands in the job table. */
  lastError: string;
  /** When it is tried again; null once it gave up. */
  nextAttemptAt: Date | null;
}

export interface JobRunner {
  readonly kind: 'graphile-worker' | 'in-process';
  /** Enqueue a one-off job; with a jobKey a pending job of that key is replaced (debouncing). */
  addJob(task: string, payload?: Record<string, unknown>, options?: { runAt?: Date; jobKey?: string }): Promise<void>;
  /** Jobs whose last attempt failed (retrying or given up). */
  failures(): Promise<JobFailure[]>;
  /** Stops taking jobs and waits for the running ones. */
  stop(): Promise<void>;
}

export const defaultMaxAttempts = 10;

/** The handler as the runners call it: errors are reduced to their kind, code and frames. */
export async function runTask(task: TaskDefinition, ctx: JobContext, payload: Record<string, unknown>) {
  try {
    await task.run(ctx, payload);
  } catch (error) {
    // eslint-disable-next-line preserve-caught-error -- no `cause`: the original's message may quote buyer data, and workers log and store what they get.
    throw new Error(describeErrorSafely(error));
  }
}
