import type { Db } from '@orderly/schema';

/** Who is calling. Filled by the auth module once logins and API keys exist. */
export interface Viewer {
  /** `user:<id>`, `apikey:<id>` or `system`: written to timelines and ledgers. */
  actor: string;
}

export interface Context {
  db: Db;
  viewer: Viewer | null;
  /** Current time for the request, so one request sees one "now" (late-risk flags etc.). */
  now: Date;
}

export function createContext(db: Db): Context {
  return { db, viewer: null, now: new Date() };
}
