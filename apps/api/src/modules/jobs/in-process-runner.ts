// The PGlite runner: the embedded database serves one process, so "once across instances" holds
// by itself. Its queue is the "JobQueue" table, where jobs added inside a transaction land
// (enqueue.ts): a job exists exactly when its transaction committed, and survives a restart. Same
// task definitions, the same cron patterns (graphile-worker's parser), the same job-key rules and
// the same backoff as on PostgreSQL. Cron ticks are remembered in memory only: a recurring task
// with a backfill period runs at start-up.
import { parseCronItems } from 'graphile-worker';
import type { Db } from '@orderly/schema';
import { enqueueJob } from './enqueue.ts';
import { backoffAfter, defaultMaxAttempts, listJobFailures, runTask, type JobContext, type JobRunner, type TaskDefinition } from './jobs.ts';

const MINUTE = 60_000;
/** Jobs taken per look (they run concurrently). */
const batch = 20;

export interface InProcessRunner extends JobRunner {
  /** Schedules what the clock says is due, runs every due job, and waits for all running ones (tests drive it with their clock). */
  tick(): Promise<void>;
  /** Look for due jobs now (after a commit that added one). */
  wake(): void;
}

export function startInProcessRunner(
  db: Db,
  tasks: readonly TaskDefinition[],
  options: { log: (line: string) => void; now?: () => Date; pollMs?: number },
): InProcessRunner {
  const now = options.now ?? (() => new Date());
  const byName = new Map(tasks.map((task) => [task.name, task]));
  const names = [...byName.keys()];
  const maxAttemptsOf = (task: string) => byName.get(task)?.maxAttempts ?? defaultMaxAttempts;
  const addJob: JobRunner['addJob'] = async (task, payload = {}, jobOptions = {}) => {
    if (!byName.has(task)) throw new Error(`unknown task ${task}`);
    await enqueueJob(db, task, { payload, runAt: jobOptions.runAt ?? now(), jobKey: jobOptions.jobKey, maxAttempts: maxAttemptsOf(task) });
    if (!jobOptions.runAt) wake();
  };
  const ctx: JobContext = { db, now, log: options.log, addJob };
  const cron = parseCronItems(
    tasks.filter((t) => t.schedule).map((t) => ({ task: t.name, identifier: t.name, match: t.schedule!, options: { backfillPeriod: t.backfillMs ?? 0 } })),
  );
  // Minutes already scheduled, per task: starts one backfill period back.
  const scheduledUpTo = new Map(cron.map((item) => [item.task, floorMinute(now().getTime()) - item.options.backfillPeriod - MINUTE]));
  const running = new Set<Promise<void>>();
  let stopped = false;
  // One process: a job still locked is one a previous run stopped in the middle of.
  const ready = db.$executeRaw`UPDATE "JobQueue" SET "lockedAt" = NULL WHERE "lockedAt" IS NOT NULL`;

  async function runJob(job: { id: bigint; task: string; payload: Record<string, unknown>; attempts: number; maxAttempts: number }) {
    try {
      await runTask(byName.get(job.task)!, ctx, job.payload ?? {});
      await db.jobQueue.delete({ where: { id: job.id } });
    } catch (error) {
      const attempts = job.attempts + 1;
      const lastError = (error as Error).message;
      options.log(`[jobs] ${job.task} failed (attempt ${attempts} of ${job.maxAttempts}): ${lastError}`);
      const at = now().getTime();
      await db.jobQueue.update({
        where: { id: job.id },
        data: { attempts, lastError, lockedAt: null, runAt: new Date(at + backoffAfter(attempts)), updatedAt: new Date(at) },
      });
    }
  }

  async function startDue() {
    await ready;
    const at = now();
    for (const item of cron) {
      // Every minute up to now that matches: the task is due (once, however many minutes matched).
      let due = false;
      for (let minute = scheduledUpTo.get(item.task)! + MINUTE; minute <= at.getTime(); minute += MINUTE) {
        if (item.match(digest(new Date(minute)))) due = true;
        scheduledUpTo.set(item.task, minute);
      }
      if (due) await enqueueJob(db, item.task, { runAt: at, jobKey: `cron:${item.task}`, maxAttempts: maxAttemptsOf(item.task) });
    }
    if (stopped) return;
    const jobs = await db.$queryRaw<{ id: bigint; task: string; payload: Record<string, unknown>; attempts: number; maxAttempts: number }[]>`
      UPDATE "JobQueue" SET "lockedAt" = ${at} WHERE id IN (
        SELECT id FROM "JobQueue"
        WHERE "lockedAt" IS NULL AND "runAt" <= ${at} AND attempts < "maxAttempts" AND task = ANY(${names})
        ORDER BY "runAt", id LIMIT ${batch} FOR UPDATE SKIP LOCKED)
      RETURNING id, task, payload, attempts, "maxAttempts"`;
    for (const job of jobs) {
      const run = runJob(job).finally(() => running.delete(run));
      running.add(run);
    }
  }

  const tick = async () => {
    if (!stopped) await startDue();
    while (running.size) await Promise.allSettled([...running]);
  };
  const failed = (error: unknown) => options.log(`[jobs] runner failed: ${(error as Error).message}`);
  const wake = () => void setImmediate(() => void startDue().catch(failed)).unref();
  const timer = setInterval(() => void startDue().catch(failed), options.pollMs ?? 5_000);
  timer.unref();

  return {
    kind: 'in-process',
    tick,
    wake,
    addJob,
    failures: () => listJobFailures(db),
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

const floorMinute = (ms: number) => ms - (ms % MINUTE);
const digest = (ts: Date) => ({ min: ts.getUTCMinutes(), hour: ts.getUTCHours(), date: ts.getUTCDate(), month: ts.getUTCMonth() + 1, dow: ts.getUTCDay() });
