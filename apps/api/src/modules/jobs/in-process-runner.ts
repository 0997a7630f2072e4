// The PGlite runner: the embedded database serves one process, so "once across instances" holds
// by itself and the queue can live in memory. Same task definitions, the same cron patterns
// (graphile-worker's parser) and the same backoff as on PostgreSQL. Nothing remembers the last
// run across restarts: a recurring task with a backfill period runs at start-up.
import { parseCronItems } from 'graphile-worker';
import type { Db } from '@orderly/schema';
import { defaultMaxAttempts, runTask, type JobFailure, type JobRunner, type TaskDefinition } from './jobs.ts';

const MINUTE = 60_000;

interface QueuedJob {
  task: string;
  payload: Record<string, unknown>;
  runAt: number;
  attempts: number;
  maxAttempts: number;
  key: string | null;
  lastError: string | null;
}

export interface InProcessRunner extends JobRunner {
  /** Schedules what the clock says is due and runs every due job (tests drive it with their clock). */
  tick(): Promise<void>;
}

export function startInProcessRunner(
  db: Db,
  tasks: readonly TaskDefinition[],
  options: { log: (line: string) => void; now?: () => Date; pollMs?: number },
): InProcessRunner {
  const now = options.now ?? (() => new Date());
  const byName = new Map(tasks.map((task) => [task.name, task]));
  const ctx = { db, now, log: options.log };
  const queue: QueuedJob[] = [];
  const gaveUp: QueuedJob[] = [];
  const cron = parseCronItems(
    tasks.filter((t) => t.schedule).map((t) => ({ task: t.name, identifier: t.name, match: t.schedule!, options: { backfillPeriod: t.backfillMs ?? 0 } })),
  );
  // Minutes already scheduled, per task: starts one backfill period back.
  const scheduledUpTo = new Map(cron.map((item) => [item.task, floorMinute(now().getTime()) - item.options.backfillPeriod - MINUTE]));
  let running: Promise<void> | null = null;
  let stopped = false;

  function enqueue(task: string, payload: Record<string, unknown>, runAt: number, key: string | null) {
    if (!byName.has(task)) throw new Error(`unknown task ${task}`);
    const existing = key ? queue.findIndex((job) => job.key === key) : -1;
    const job = { task, payload, runAt, attempts: 0, maxAttempts: byName.get(task)!.maxAttempts ?? defaultMaxAttempts, key, lastError: null };
    if (existing >= 0) queue[existing] = job;
    else queue.push(job);
  }

  async function pass() {
    const at = now().getTime();
    for (const item of cron) {
      // Every minute up to now that matches: the task is due (once, however many minutes matched).
      let due = false;
      for (let minute = scheduledUpTo.get(item.task)! + MINUTE; minute <= at; minute += MINUTE) {
        if (item.match(digest(new Date(minute)))) due = true;
        scheduledUpTo.set(item.task, minute);
      }
      if (due) enqueue(item.task, {}, at, `cron:${item.task}`);
    }
    for (const job of queue.filter((j) => j.runAt <= at)) {
      if (stopped) return;
      queue.splice(queue.indexOf(job), 1);
      try {
        await runTask(byName.get(job.task)!, ctx, job.payload);
      } catch (error) {
        job.attempts++;
        job.lastError = (error as Error).message;
        options.log(`[jobs] ${job.task} failed (attempt ${job.attempts} of ${job.maxAttempts}): ${job.lastError}`);
        if (job.attempts >= job.maxAttempts) gaveUp.push(job);
        // graphile-worker's backoff: exp(min(attempts, 10)) seconds.
        else queue.push({ ...job, runAt: now().getTime() + Math.round(Math.exp(Math.min(job.attempts, 10)) * 1000) });
      }
    }
  }

  const tick = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void tick().catch((error) => options.log(`[jobs] runner failed: ${(error as Error).message}`)), options.pollMs ?? 5_000);
  timer.unref();

  return {
    kind: 'in-process',
    tick,
    async addJob(task, payload = {}, jobOptions = {}) {
      enqueue(task, payload, (jobOptions.runAt ?? now()).getTime(), jobOptions.jobKey ?? null);
      if (!jobOptions.runAt) setImmediate(() => void tick().catch(() => {})).unref();
    },
    async failures() {
      return [...queue, ...gaveUp]
        .filter((job) => job.lastError)
        .map((job): JobFailure => ({
          task: job.task,
          attempts: job.attempts,
          maxAttempts: job.maxAttempts,
          lastError: job.lastError!,
          nextAttemptAt: job.attempts >= job.maxAttempts ? null : new Date(job.runAt),
        }));
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

const floorMinute = (ms: number) => ms - (ms % MINUTE);
const digest = (ts: Date) => ({ min: ts.getUTCMinutes(), hour: ts.getUTCHours(), date: ts.getUTCDate(), month: ts.getUTCMonth() + 1, dow: ts.getUTCDay() });
