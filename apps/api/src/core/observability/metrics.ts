// Prometheus metrics (prom-client), scraped at GET /metrics: behind METRICS_TOKEN on the public
// port, or alone on the internal METRICS_PORT (app.ts). Counters and histograms are kept in memory
// by the request plugin (request-log.ts); queue and outbox figures are read from the database at
// scrape time, so every instance reports the same shared backlog and nothing is counted twice in
// the hot path. Labels never carry buyer data or ids: operation names, codes, statuses only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import client from 'prom-client';
import type { Db, PoolUsage } from '@orderly/schema';

export const registry = new client.Registry();

/** A counter on `registry`; label names are its only labels. */
function counter<L extends string>(name: string, help: string, labelNames: readonly L[]) {
  return new client.Counter<L>({ name, help, labelNames, registers: [registry] });
}

/** A gauge on `registry`, with no labels unless given. */
function gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) {
  return new client.Gauge<L>({ name, help, labelNames, registers: [registry] });
}

export const operationsTotal = counter('orderly_graphql_operations_total', 'GraphQL operations answered, by operation name, type and result (ok or error).', [
  'operation',
  'type',
  'result',
]);

export const operationDuration = new client.Histogram({
  name: 'orderly_graphql_operation_duration_seconds',
  help: 'Time from the request arriving to the response (for subscriptions: to the stream opening).',
  labelNames: ['operation', 'type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const graphqlErrors = counter('orderly_graphql_errors_total', 'GraphQL errors returned, by extensions.code (BAD_REQUEST for the request errors that have none).', [
  'code',
]);

export const rateLimitRefusals = counter('orderly_rate_limit_refusals_total', 'Operations refused by the per-caller cost budget (RATE_LIMITED), by caller kind.', [
  'caller',
]);

export const httpResponses = counter('orderly_http_responses_total', 'HTTP responses by route and status class.', ['route', 'status']);

export const liveStreams = gauge('orderly_live_streams', 'Open GraphQL subscription streams (SSE) on this instance.');

const webhookDeliveries = gauge('orderly_webhook_deliveries', 'Webhook deliveries kept in the database, by status (all instances).', ['status']);

const outboxBacklog = gauge('orderly_outbox_backlog', 'Outbox events a consumer has not handled yet (webhooks: not fanned out; notifications: not sent).', ['consumer']);

const jobsQueued = gauge('orderly_jobs', 'Background jobs by state: ready (due), scheduled (later, including retries), running, failed (gave up).', ['state']);

const jobsRetrying = gauge('orderly_jobs_retrying', 'Jobs whose last attempt failed and that will be tried again.');

const marketplaceSyncAge = gauge(
  'orderly_marketplace_sync_age_seconds',
  "Seconds since an active marketplace account's last complete poll (its sync lag), by channel; an account never polled counts from its creation.",
  ['channel'],
);

const databaseUp = gauge('orderly_database_up', '1 when the database answered the scrape queries, else 0.');

let poolUsage: () => PoolUsage | null = () => null;
/** Where the database pool's usage is read from (main.ts: the server's database). */
export function measureDatabasePool(source: () => PoolUsage | null) {
  poolUsage = source;
}

new client.Gauge({
  name: 'orderly_database_pool_connections',
  help: "This instance's PostgreSQL pool: connections open (total), idle, queries waiting for one, and the pool's size (max). Absent on PGlite.",
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    const usage = poolUsage();
    if (usage) for (const state of ['total', 'idle', 'waiting', 'max'] as const) this.set({ state }, usage[state]);
  },
});

let processMetrics = false;
/** Process memory, CPU, event-loop delay and GC (prom-client's defaults), once per process. */
export function collectProcessMetrics() {
  if (processMetrics) return;
  processMetrics = true;
  client.collectDefaultMetrics({ register: registry });
}

/** Operation names become label values: bounded in shape and number, so a caller cannot blow up the series. */
const knownOperations = new Set<string>();
const maxOperations = 500;
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,79}$/.test(name)) return 'other';
  if (knownOperations.has(name)) return name;
  if (knownOperations.size >= maxOperations) return 'other';
  knownOperations.add(name);
  return name;
}

type CountRow = { key: string; count: number };

/** Reads the shared backlogs into their gauges; a database that does not answer sets orderly_database_up 0. */
async function refreshDatabaseGauges(db: Db) {
  try {
    const [deliveries, outbox, [graphile]] = await Promise.all([
      db.$queryRaw<CountRow[]>`SELECT status::text AS key, count(*)::int AS count FROM "WebhookDelivery" GROUP BY status`,
      db.$queryRaw<{ webhooks: number; notifications: number }[]>`
        SELECT count(*) FILTER (WHERE "webhooksFannedOutAt" IS NULL)::int AS webhooks,
               count(*) FILTER (WHERE type LIKE 'notification.%' AND "dispatchedAt" IS NULL)::int AS notifications
        FROM "OutboxEvent"`,
      db.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('graphile_worker.jobs') IS NOT NULL AS present`,
    ]);
    // Jobs are queued in "JobQueue" (PGlite, or PostgreSQL before graphile-worker's schema existed) and graphile_worker.jobs (modules/jobs).
    const jobStates = (table: 'queue' | 'graphile') =>
      table === 'queue'
        ? db.$queryRaw<JobRow[]>`
            SELECT count(*) FILTER (WHERE "lockedAt" IS NULL AND attempts < "maxAttempts" AND "runAt" <= now())::int AS ready,
                   count(*) FILTER (WHERE "lockedAt" IS NULL AND attempts < "maxAttempts" AND "runAt" > now())::int AS scheduled,
                   count(*) FILTER (WHERE "lockedAt" IS NOT NULL)::int AS running,
                   count(*) FILTER (WHERE attempts >= "maxAttempts")::int AS failed,
                   count(*) FILTER (WHERE "lastError" IS NOT NULL AND attempts < "maxAttempts")::int AS retrying
            FROM "JobQueue"`
        : db.$queryRaw<JobRow[]>`
            SELECT count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at <= now())::int AS ready,
                   count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at > now())::int AS scheduled,
                   count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running,
                   count(*) FILTER (WHERE attempts >= max_attempts)::int AS failed,
                   count(*) FILTER (WHERE last_error IS NOT NULL AND attempts < max_attempts)::int AS retrying
            FROM graphile_worker.jobs`;
    const [jobs, syncAges] = await Promise.all([
      Promise.all([jobStates('queue'), ...(graphile?.present ? [jobStates('graphile')] : [])]),
      db.$queryRaw<{ channel: string; seconds: number }[]>`
        SELECT channel, extract(epoch FROM now() - coalesce("lastSyncAt", "createdAt"))::float8 AS seconds FROM "OzonAccount" WHERE active`,
    ]);
    marketplaceSyncAge.reset();
    for (const row of syncAges) marketplaceSyncAge.set({ channel: row.channel }, Math.max(0, row.seconds));
    webhookDeliveries.reset();
    for (const status of ['PENDING', 'SUCCEEDED', 'FAILED']) webhookDeliveries.set({ status }, 0);
    for (const row of deliveries) webhookDeliveries.set({ status: row.key }, row.count);
    outboxBacklog.set({ consumer: 'webhooks' }, outbox[0]?.webhooks ?? 0);
    outboxBacklog.set({ consumer: 'notifications' }, outbox[0]?.notifications ?? 0);
    const total = (state: keyof JobRow) => jobs.reduce((sum, [row]) => sum + (row?.[state] ?? 0), 0);
    for (const state of ['ready', 'scheduled', 'running', 'failed'] as const) jobsQueued.set({ state }, total(state));
    jobsRetrying.set(total('retrying'));
    databaseUp.set(1);
  } catch {
    databaseUp.set(0);
  }
}
type JobRow = { ready: number; scheduled: number; running: number; failed: number; retrying: number };

/** A constant-time comparison of the presented bearer token. */
function tokenMatches(req: IncomingMessage, token: string) {
  const presented = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * GET /metrics. `token`: required as `Authorization: Bearer <token>` (the public port); null: served
 * to anyone who reaches it (the internal port only).
 */
export async function serveMetrics(db: Db, token: string | null, req: IncomingMessage, res: ServerResponse) {
  if (token !== null && !tokenMatches(req, token)) {
    res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' });
    return void res.end('Unauthorized');
  }
  await refreshDatabaseGauges(db);
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}
