import type { Db, DatabaseTarget } from '@orderly/schema';
import { onOutboxCommitted } from '../webhooks/outbox.service.ts';
import { logLines } from '../../core/observability/logger.ts';
import { startGraphileRunner } from './graphile-runner.ts';
import { startInProcessRunner } from './in-process-runner.ts';
import { setJobRunnerWaker, wakeJobRunner, type JobRunner, type TaskDefinition } from './jobs.ts';

export interface StartJobsOptions {
  log?: (line: string) => void;
  /** In-process runner only (tests): the clock deciding what is due. */
  now?: () => Date;
  /** In-process runner only: how often it looks for due work (default 5 s; it is also woken after each commit that added a job). */
  pollMs?: number;
}

/** Starts the runner fitting the database: graphile-worker on PostgreSQL, in-process on PGlite. */
export async function startJobs(db: Db, target: DatabaseTarget, tasks: readonly TaskDefinition[], options: StartJobsOptions = {}): Promise<JobRunner> {
  const log = options.log ?? logLines('jobs');
  if (target.kind === 'postgres') return startGraphileRunner(db, target.url, tasks, { log });
  const runner = startInProcessRunner(db, tasks, { log, now: options.now, pollMs: options.pollMs });
  // graphile-worker hears of committed jobs through NOTIFY; this runner is told by the committing
  // mutation (the jobs are in "JobQueue" already: a lost wake-up only waits for the next poll).
  setJobRunnerWaker(runner.wake);
  const unsubscribe = onOutboxCommitted(wakeJobRunner);
  return {
    ...runner,
    async stop() {
      unsubscribe();
      setJobRunnerWaker(null);
      await runner.stop();
    },
  };
}
