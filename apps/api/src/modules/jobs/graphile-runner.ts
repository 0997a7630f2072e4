// The PostgreSQL runner: graphile-worker in library mode. It migrates its own schema
// (graphile_worker, separate from Prisma's migrations) at start. Cron ticks are claimed through
// its known_crontabs row (one instance schedules each tick), jobs are locked by one worker, and a
// failed job is retried after exp(min(attempts, 10)) seconds. Jobs added in a transaction
// (enqueue.ts) are graphile-worker's own add_job, so they wake a worker through NOTIFY at commit.
import { Logger, parseCronItems, run, type Task, type WorkerEvents } from 'graphile-worker';
import type { Db } from '@orderly/schema';
import { defaultMaxAttempts, listJobFailures, runTask, type JobContext, type JobRunner, type TaskDefinition } from './jobs.ts';

export async function startGraphileRunner(
  db: Db,
  connectionString: string,
  tasks: readonly TaskDefinition[],
  options: { log: (line: string) => void; concurrency?: number; /** Worker's lifecycle events (tests wait for `cron:started`). */ events?: WorkerEvents },
): Promise<JobRunner> {
  const maxAttempts = new Map(tasks.map((task) => [task.name, task.maxAttempts ?? defaultMaxAttempts]));
  let addJob: JobRunner['addJob'] = () => Promise.reject(new Error('the job runner is starting'));
  const ctx: JobContext = { db, now: () => new Date(), log: options.log, addJob: (...args) => addJob(...args) };
  const taskList: Record<string, Task> = Object.fromEntries(
    tasks.map((task) => [task.name, (payload: unknown) => runTask(task, ctx, (payload ?? {}) as Record<string, unknown>)]),
  );
  const parsedCronItems = parseCronItems(
    tasks
      .filter((task) => task.schedule)
      .map((task) => ({
        task: task.name,
        identifier: task.name,
        match: task.schedule!,
        // The job key makes a tick replace a still-pending run (one failing for hours) instead of piling up.
        options: { backfillPeriod: task.backfillMs ?? 0, maxAttempts: maxAttempts.get(task.name), jobKey: `cron:${task.name}` },
      })),
  );
  // Worker's own messages: warnings and errors only (job errors are already free of data).
  const logger = new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') options.log(`[jobs] ${message}`);
  });
  // Jobs of the webhook dispatcher can wait on slow receivers for a while: room for the others.
  const concurrency = options.concurrency ?? 4;
  const runner = await run({
    connectionString,
    concurrency,
    maxPoolSize: concurrency + 2,
    noHandleSignals: true,
    logger,
    events: options.events,
    taskList,
    parsedCronItems,
  });
  addJob = async (task, payload = {}, jobOptions = {}) => {
    await runner.addJob(task, payload, { runAt: jobOptions.runAt, jobKey: jobOptions.jobKey, maxAttempts: maxAttempts.get(task) });
  };
  // Jobs added while graphile-worker's schema did not exist yet (orderly_add_job wrote them to
  // "JobQueue"): moved over now that it does.
  const moved = await db.$executeRaw`
    WITH moved AS (DELETE FROM "JobQueue" WHERE "lockedAt" IS NULL AND "lastError" IS NULL RETURNING *)
    SELECT FROM moved CROSS JOIN LATERAL graphile_worker.add_job(moved.task, moved.payload::json, run_at := moved."runAt",
      max_attempts := moved."maxAttempts", job_key := moved.key)`;
  if (moved) options.log(`[jobs] moved ${moved} jobs queued before the job schema was installed`);

  return {
    kind: 'graphile-worker',
    addJob: (...args) => addJob(...args),
    failures: () => listJobFailures(db),
    stop: () => runner.stop(),
  };
}
