// The PostgreSQL runner: graphile-worker in library mode. It migrates its own schema
// (graphile_worker, separate from Prisma's migrations) at start. Cron ticks are claimed through
// its known_crontabs row (one instance schedules each tick), jobs are locked by one worker, and a
// failed job is retried after exp(min(attempts, 10)) seconds.
import { Logger, parseCronItems, run, type Task, type WorkerEvents } from 'graphile-worker';
import type { Db } from '@orderly/schema';
import { defaultMaxAttempts, runTask, type JobFailure, type JobRunner, type TaskDefinition } from './jobs.ts';

export async function startGraphileRunner(
  db: Db,
  connectionString: string,
  tasks: readonly TaskDefinition[],
  options: { log: (line: string) => void; concurrency?: number; /** Worker's lifecycle events (tests wait for `cron:started`). */ events?: WorkerEvents },
): Promise<JobRunner> {
  const ctx = { db, now: () => new Date(), log: options.log };
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
        options: { backfillPeriod: task.backfillMs ?? 0, maxAttempts: task.maxAttempts ?? defaultMaxAttempts, jobKey: `cron:${task.name}` },
      })),
  );
  // Worker's own messages: warnings and errors only (job errors are already free of data).
  const logger = new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') options.log(`[jobs] ${message}`);
  });
  const runner = await run({
    connectionString,
    concurrency: options.concurrency ?? 2,
    maxPoolSize: (options.concurrency ?? 2) + 2,
    noHandleSignals: true,
    logger,
    events: options.events,
    taskList,
    parsedCronItems,
  });
  const maxAttempts = new Map(tasks.map((task) => [task.name, task.maxAttempts ?? defaultMaxAttempts]));

  return {
    kind: 'graphile-worker',
    async addJob(task, payload = {}, jobOptions = {}) {
      await runner.addJob(task, payload, { runAt: jobOptions.runAt, jobKey: jobOptions.jobKey, maxAttempts: maxAttempts.get(task) });
    },
    async failures() {
      const rows = await db.$queryRaw<{ task: string; attempts: number; maxAttempts: number; lastError: string; runAt: Date }[]>`
        SELECT task_identifier AS task, attempts::int, max_attempts::int AS "maxAttempts", last_error AS "lastError", run_at AS "runAt"
        FROM graphile_worker.jobs WHERE last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 100`;
      return rows.map(({ runAt, ...row }): JobFailure => ({ ...row, nextAttemptAt: row.attempts >= row.maxAttempts ? null : runAt }));
    },
    stop: () => runner.stop(),
  };
}
