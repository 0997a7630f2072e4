// One job mechanism for scheduled and background work (types here; start.ts picks the runner). On PostgreSQL the tasks run on
// graphile-worker (its own schema, LISTEN/NOTIFY, row locks): a recurring task is scheduled once
// per tick across every instance, a job runs on one instance, failures retry with exponential
// backoff and stay in graphile_worker.jobs with their last error. On the embedded PGlite (one
// process by definition) the same task definitions run on a small in-process runner over the
// "JobQueue" table. Jobs are added inside the transaction that creates their work (enqueue.ts).
import type { Db } from '@orderly/schema';
import { describeErrorSafely } from '../common/safe-logging.ts';
import { defaultMaxAttempts, type EnqueueOptions } from './enqueue.ts';

export { defaultMaxAttempts };

export type AddJobOptions = Pick<EnqueueOptions, 'runAt' | 'jobKey'>;

export interface JobContext {
  db: Db;
  now(): Date;
  log(line: string): void;
  /** Enqueue a follow-up job (outside any transaction: the job that runs is the one adding it). */
  addJob(task: string, payload?: Record<string, unknown>, options?: AddJobOptions): Promise<void>;
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
  /** When the last attempt failed. */
  failedAt: Date;
}

export interface JobRunner {
  readonly kind: 'graphile-worker' | 'in-process';
  /** Enqueue a one-off job; with a jobKey a pending job of that key is replaced (debouncing). */
  addJob(task: string, payload?: Record<string, unknown>, options?: AddJobOptions): Promise<void>;
  /** Jobs whose last attempt failed (retrying or given up). */
  failures(): Promise<JobFailure[]>;
  /** Stops taking jobs and waits for the running ones. */
  stop(): Promise<void>;
}

/** The handler as the runners call it: errors are reduced to their kind, code and frames. */
export async function runTask(task: TaskDefinition, ctx: JobContext, payload: Record<string, unknown>) {
  try {
    await task.run(ctx, payload);
  } catch (error) {
    // eslint-disable-next-line preserve-caught-error -- no `cause`: the original's message may quote buyer data, and workers log and store what they get.
    throw new Error(describeErrorSafely(error));
  }
}

/** graphile-worker's backoff after `attempts` failed attempts: exp(min(attempts, 10)) seconds. */
export const backoffAfter = (attempts: number) => Math.round(Math.exp(Math.min(attempts, 10)) * 1000);

/**
 * Jobs whose last attempt failed, newest first, from wherever they are queued: "JobQueue" (PGlite,
 * or PostgreSQL before graphile-worker's schema was installed) and graphile_worker.jobs. Read from
 * the database, so every instance (also one without a worker) sees the same list.
 */
export async function listJobFailures(db: Db, limit = 100): Promise<JobFailure[]> {
  const [{ graphile }] = await db.$queryRaw<{ graphile: boolean }[]>`SELECT to_regclass('graphile_worker.jobs') IS NOT NULL AS graphile`;
  type Row = { task: string; attempts: number; maxAttempts: number; lastError: string; runAt: Date; failedAt: Date };
  const queued = await db.$queryRaw<Row[]>`
    SELECT task, attempts, "maxAttempts", "lastError", "runAt", "updatedAt" AS "failedAt"
    FROM "JobQueue" WHERE "lastError" IS NOT NULL ORDER BY "updatedAt" DESC LIMIT ${limit}`;
  const graphileRows = graphile
    ? await db.$queryRaw<Row[]>`
        SELECT task_identifier AS task, attempts::int, max_attempts::int AS "maxAttempts", last_error AS "lastError", run_at AS "runAt", updated_at AS "failedAt"
        FROM graphile_worker.jobs WHERE last_error IS NOT NULL ORDER BY updated_at DESC LIMIT ${limit}`
    : [];
  return [...queued, ...graphileRows]
    .sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime())
    .slice(0, limit)
    .map(({ runAt, ...row }) => ({ ...row, nextAttemptAt: row.attempts >= row.maxAttempts ? null : runAt }));
}

let waker: (() => void) | null = null;

/**
 * Tells this process's runner to look for due jobs now — after a commit that added some. Only the
 * in-process runner needs it (graphile-worker hears of new jobs through LISTEN/NOTIFY); the job is
 * in the database either way, so a lost wake-up only delays it to the next poll.
 */
export const wakeJobRunner = () => waker?.();
export function setJobRunnerWaker(wake: (() => void) | null) {
  waker = wake;
}
