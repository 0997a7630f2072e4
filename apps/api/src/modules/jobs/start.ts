import type { Db, DatabaseTarget } from '@orderly/schema';
import { startGraphileRunner } from './graphile-runner.ts';
import { startInProcessRunner } from './in-process-runner.ts';
import type { JobRunner, TaskDefinition } from './jobs.ts';

export interface StartJobsOptions {
  log?: (line: string) => void;
  /** In-process runner only (tests): the clock deciding what is due. */
  now?: () => Date;
  /** In-process runner only: how often it looks for due work (default 5 s). */
  pollMs?: number;
}

/** Starts the runner fitting the database: graphile-worker on PostgreSQL, in-process on PGlite. */
export function startJobs(db: Db, target: DatabaseTarget, tasks: readonly TaskDefinition[], options: StartJobsOptions = {}): Promise<JobRunner> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (target.kind === 'postgres') return startGraphileRunner(db, target.url, tasks, { log });
  return Promise.resolve(startInProcessRunner(db, tasks, { log, now: options.now, pollMs: options.pollMs }));
}
