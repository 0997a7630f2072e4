// Orderly API process: migrate (or check the migrations), load demo data on an empty database,
// serve; drain and stop cleanly on SIGTERM. Everything it says goes to the JSON log (core/observability/logger.ts).
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describeDatabaseTarget, openDatabase, repoRoot, resolveDatabaseTarget } from '@orderly/schema';
import { seedDemoData, type SeedResult } from '@orderly/schema/seed';
import { createHttpServer, envAppOptions } from './app.ts';
import { ensureBootstrapAdmin } from './modules/auth/auth.service.ts';
import { LoggingNotifier } from './modules/notifications/notifier.ts';
import { smtpNotifierFromConfig } from './modules/notifications/smtp-provider.ts';
import { startJobs } from './modules/jobs/start.ts';
import { jobsSettings, orderlyTasks } from './modules/jobs/tasks.ts';
import { configureLiveUpdates } from './modules/live/live-bus.ts';
import { RedisRateLimitStore, rateLimitStoreFromEnv } from './modules/common/rate-limit-redis.ts';
import { createWebhookDispatcher } from './modules/webhooks/dispatcher.ts';
import { sealLegacyWebhookSecrets } from './modules/webhooks/webhooks.service.ts';
import { config } from './core/config.ts';
import { logger, logLines } from './core/observability/logger.ts';
import { pendingMigrations } from './core/observability/readiness.ts';
import { measureDatabasePool } from './core/observability/metrics.ts';
import { startTracing } from './core/observability/tracing.ts';

const log = logger.child({ component: 'boot' });
const port = config.PORT;

// Before the database client exists, so its every call is traced; off (nothing loaded) without an endpoint.
const tracing = config.OTEL_EXPORTER_OTLP_ENDPOINT ? await startTracing({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: config.OTEL_SERVICE_NAME }) : null;
if (tracing) log.info('Tracing: OpenTelemetry over OTLP/HTTP');

const logMigration = logLines('migrate');
const target = resolveDatabaseTarget();
// MIGRATE_ON_BOOT: `on` deploys pending migrations here; `off` leaves that to `pnpm db:deploy`
// (run once before a rollout) and refuses to serve a database it has not been run on; `only`
// deploys and exits (the same step where the image has no pnpm/tsx: docs/production.md).
// Compiled (`pnpm start`) on PostgreSQL, the migrations run in a worker thread, so the schema
// engine's memory leaves with it (idle RSS). PGlite is one in-process database, migrated on the
// instance the server keeps; from the TypeScript sources (tsx: dev, tests) a worker would not get
// the loader, so they migrate in-process too.
const migrate = config.MIGRATE_ON_BOOT !== 'off';
const migrateApart = migrate && target.kind === 'postgres' && !import.meta.url.endsWith('.ts');
// Demo data (and its well-known demo logins) is on by default, except in production: loaded by the
// migration worker when there is one (what seeding allocates leaves with it), else here.
const seededApart =
  target.kind === 'postgres' && migrateApart ? await migrateInWorker(target.url, config.ORDERLY_DEMO_DATA && config.MIGRATE_ON_BOOT !== 'only') : undefined;
const database = await openDatabase({ target, migrate: migrate && !migrateApart, log: logMigration });
log.info(`Database: ${describeDatabaseTarget(database.target)}`);
measureDatabasePool(database.poolUsage);
if (config.MIGRATE_ON_BOOT === 'only') {
  await database.close();
  log.info('Migrations deployed (MIGRATE_ON_BOOT=only): exiting');
  process.exit(0);
}
if (!migrate) {
  const pending = await pendingMigrations(database.prisma);
  if (pending.length) {
    log.fatal({ pending }, `${pending.length} migration(s) not applied and MIGRATE_ON_BOOT=off: run \`pnpm db:deploy\` first`);
    await database.close();
    process.exit(1);
  }
}
if (config.ORDERLY_DEMO_DATA) {
  const seeded = seededApart === undefined ? await seedDemoData(database.prisma) : seededApart;
  if (seeded) log.info(`Demo data loaded: ${seeded.products} products, ${seeded.orders} orders (demo logins: see README)`);
}
// Webhook secrets stored in clear by an older version are sealed (core/secret-box.ts) before anything signs.
const sealedSecrets = await sealLegacyWebhookSecrets(database.prisma);
if (sealedSecrets) log.info(`Sealed ${sealedSecrets} webhook secret(s) stored in clear`);
if (await ensureBootstrapAdmin(database.prisma, { email: config.ORDERLY_ADMIN_EMAIL, password: config.ORDERLY_ADMIN_PASSWORD })) {
  log.info('Created the first admin (ORDERLY_ADMIN_EMAIL)');
}

// Live updates (GraphQL subscriptions): shared by every instance through Redis when REDIS_URL is set.
// Rate-limit budgets likewise (one per caller for all instances); both wait ≤ 5 s for Redis, in parallel.
const [live, rateLimit] = await Promise.all([configureLiveUpdates(), rateLimitStoreFromEnv()]);
log.info(`Live updates: ${live.mode === 'redis' ? `Redis (${live.topic})` : 'in memory (this process only)'}`);
log.info(`Rate limit: ${rateLimit instanceof RedisRateLimitStore ? `Redis (${rateLimit.prefix}<caller>)` : 'in memory (this process only)'}`);

// Scheduled and background work (webhook deliveries, buyer notifications, daily PII retention,
// hourly purges) on one job mechanism: graphile-worker on PostgreSQL (each job once across
// instances), in-process on PGlite. Jobs are added inside the transactions that create their work.
// The logging provider stands in for the channel / e-mail / SMS provider until one is configured.
// Webhooks: this process's delivery slots, driven by the `webhooks.dispatch` job (every instance
// with a worker takes its share; WEBHOOK_DISPATCHER=off leaves deliveries to the others).
const jobsConfig = jobsSettings();
const webhooks = jobsConfig.worker && config.WEBHOOK_DISPATCHER ? createWebhookDispatcher(database.prisma) : null;
const jobs = jobsConfig.worker
  ? await startJobs(
      database.prisma,
      database.target,
      orderlyTasks({ notifier: smtpNotifierFromConfig(database.prisma) ?? new LoggingNotifier(), config: jobsConfig, webhooks }),
    )
  : null;
if (jobs) log.info(`Jobs: ${jobs.kind}${webhooks ? ', webhook dispatcher' : ''}`);
// Deliveries that fell due while this process was down go now, not at the next minute tick.
if (jobs && webhooks) await jobs.addJob('webhooks.dispatch', {}, { jobKey: 'webhooks.dispatch:more' });

const { server, readiness, requests, metricsServer } = createHttpServer({
  db: database.prisma,
  webDist: path.resolve(repoRoot, config.WEB_DIST),
  ...envAppOptions(),
  rateLimit,
  jobs,
  tracing: tracing?.plugin,
});
server.listen(port, () => {
  log.info(`Orderly is up: http://localhost:${port}/ (GraphQL: http://localhost:${port}/graphql)`);
});
metricsServer?.listen(config.METRICS_PORT, () => log.info(`Metrics: http://localhost:${config.METRICS_PORT}/metrics`));

/** Migrates in migrate-worker.js and, with `seed`, loads the demo data there: its SeedResult (null: there was data already), else null. */
function migrateInWorker(url: string, seed: boolean): Promise<SeedResult | null> {
  return new Promise((resolve, reject) => {
    let seeded: SeedResult | null = null;
    // dist/main.js and dist/migrate-worker.js (apps/api/build.mjs).
    const worker = new Worker(new URL('./migrate-worker.js', import.meta.url), { workerData: { url, seed } });
    worker.on('message', (message: string | { seeded: SeedResult | null }) => {
      if (typeof message === 'string') logMigration(message);
      else seeded = message.seeded;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve(seeded) : reject(new Error(`migrations failed (worker exit code ${code})`))));
  });
}

/**
 * SIGTERM/SIGINT: /ready turns 503 and, for SHUTDOWN_DRAIN_SECONDS, the instance keeps serving
 * while the load balancer notices and takes it out (every answer closes its connection meanwhile);
 * then it stops accepting and answers what it has (live streams are ended with a retry hint),
 * running jobs and webhook attempts finish — within SHUTDOWN_TIMEOUT_SECONDS — then the pools
 * close. Exit 0 when everything finished in time, 1 when something had to be cut (jobs cut short
 * are retried by another instance: their state is in the database). docs/production.md "Stopping".
 */
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  const drainMs = config.SHUTDOWN_DRAIN_SECONDS * 1000;
  const timeoutMs = config.SHUTDOWN_TIMEOUT_SECONDS * 1000;
  // Whatever hangs past the deadline (a pool that does not close), the process still goes.
  setTimeout(() => process.exit(1), drainMs + timeoutMs + 5000).unref();
  log.info({ signal, inFlight: requests.inFlight, drainMs }, 'shutting down');
  readiness.draining = true;
  requests.windDown();
  if (drainMs) await new Promise((resolve) => setTimeout(resolve, drainMs));
  log.info({ inFlight: requests.inFlight }, 'closing the listener');
  const timeUp = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  const [requestsDone, workDone] = await Promise.all([
    requests.drain(timeoutMs),
    Promise.race([Promise.all([webhooks?.stop(), jobs?.stop()]).then(() => true as const), timeUp]),
  ]);
  metricsServer?.close();
  metricsServer?.closeAllConnections();
  await Promise.allSettled([live.close(), rateLimit.close?.(), readiness.close(), tracing?.shutdown()]);
  await database.close();
  log.info({ signal, requestsDone, workDone, ms: Date.now() - started }, 'stopped');
  process.exit(requestsDone && workDone ? 0 : 1);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
