// Adding jobs inside the caller's transaction. The SQL function orderly_add_job (hand-written in
// the job_queue migration) is graphile-worker's add_job when its schema is installed, and an
// insert into "JobQueue" otherwise (PGlite's in-process runner reads that table). Either way the
// job is a row written in the same transaction as the work it is about: rolled back with it,
// committed with it — a crash right after the commit loses nothing, the job is already there.
import type { Db } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';

/** Attempts before a job stays failed (default 10: the backoff doubles past an hour). */
export const defaultMaxAttempts = 10;

export interface EnqueueOptions {
  payload?: Record<string, unknown>;
  /** Not before (default: now). */
  runAt?: Date;
  /** A pending job with this key is replaced (debouncing); a running one keeps running and this one waits. */
  jobKey?: string;
  maxAttempts?: number;
}

/** Adds a job in `tx`'s transaction (or on its own with the client). */
export async function enqueueJob(tx: Tx | Db, task: string, options: EnqueueOptions = {}): Promise<void> {
  await tx.$executeRaw`
    SELECT FROM orderly_add_job(${task}, ${JSON.stringify(options.payload ?? {})}::json, ${options.runAt ?? null}::timestamptz,
      ${options.maxAttempts ?? defaultMaxAttempts}::int, ${options.jobKey ?? null}::text)`;
}

const enqueuedIn = new WeakMap<object, Set<string>>();

/** Whether `enqueueOncePerTransaction` already added `task` in this transaction. */
const enqueuedInTransaction = (tx: Tx, task: string) => enqueuedIn.get(tx)?.has(task) ?? false;

/**
 * Adds `task` (no payload) once per transaction, however many changes in it call for it: a
 * transaction that writes three events wakes the webhook dispatcher once.
 */
export async function enqueueOncePerTransaction(tx: Tx, task: string): Promise<void> {
  if (enqueuedInTransaction(tx, task)) return;
  const done = enqueuedIn.get(tx) ?? new Set<string>();
  enqueuedIn.set(tx, done);
  done.add(task);
  await enqueueJob(tx, task);
}
