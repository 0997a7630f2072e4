// Orderly API process: migrate, load demo data on an empty database, serve.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describeDatabaseTarget, openDatabase, repoRoot, resolveDatabaseTarget } from '@orderly/schema';
import { seedDemoData } from '@orderly/schema/seed';
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

const port = config.PORT;

const logMigration = (line: string) => console.log(`[migrate] ${line}`);
const target = resolveDatabaseTarget();
// Compiled (`pnpm start`) on PostgreSQL, the migrations run in a worker thread, so the schema
// engine's memory leaves with it (idle RSS). PGlite is one in-process database, migrated on the
// instance the server keeps; from the TypeScript sources (tsx: dev, tests) a worker would not get
// the loader, so they migrate in-process too.
const migrateApart = target.kind === 'postgres' && !import.meta.url.endsWith('.ts');
if (target.kind === 'postgres' && migrateApart) await migrateInWorker(target.url);
const database = await openDatabase({ target, migrate: !migrateApart, log: logMigration });
console.log(`Database: ${describeDatabaseTarget(database.target)}`);
// Demo data (and its well-known demo logins) is on by default, except in production.
if (config.ORDERLY_DEMO_DATA) {
  const seeded = await seedDemoData(database.prisma);
  if (seeded) console.log(`Demo data loaded: ${seeded.products} products, ${seeded.orders} orders (demo logins: see README)`);
}
// Webhook secrets stored in clear by an older version are sealed (core/secret-box.ts) before anything signs.
const sealedSecrets = await sealLegacyWebhookSecrets(database.prisma);
if (sealedSecrets) console.log(`Sealed ${sealedSecrets} webhook secret(s) stored in clear`);
if (await ensureBootstrapAdmin(database.prisma, { email: config.ORDERLY_ADMIN_EMAIL, password: config.ORDERLY_ADMIN_PASSWORD })) {
  console.log(`Created the first admin, ${config.ORDERLY_ADMIN_EMAIL}`);
}

// Live updates (GraphQL subscriptions): shared by every instance through Redis when REDIS_URL is set.
// Rate-limit budgets likewise (one per caller for all instances); both wait ≤ 5 s for Redis, in parallel.
const [live, rateLimit] = await Promise.all([configureLiveUpdates(), rateLimitStoreFromEnv()]);
console.log(`Live updates: ${live.mode === 'redis' ? `Redis (${live.topic})` : 'in memory (this process only)'}`);
console.log(`Rate limit: ${rateLimit instanceof RedisRateLimitStore ? `Redis (${rateLimit.prefix}<caller>)` : 'in memory (this process only)'}`);

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
if (jobs) console.log(`Jobs: ${jobs.kind}${webhooks ? ', webhook dispatcher' : ''}`);
// Deliveries that fell due while this process was down go now, not at the next minute tick.
if (jobs && webhooks) await jobs.addJob('webhooks.dispatch', {}, { jobKey: 'webhooks.dispatch:more' });

const { server } = createHttpServer({
  db: database.prisma,
  webDist: path.resolve(repoRoot, config.WEB_DIST),
  ...envAppOptions(),
  rateLimit,
  jobs,
});
server.listen(port, () => {
  console.log(`Orderly is up: http://localhost:${port}/ (GraphQL: http://localhost:${port}/graphql)`);
});

function migrateInWorker(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // dist/main.js and dist/migrate-worker.js (apps/api/build.mjs).
    const worker = new Worker(new URL('./migrate-worker.js', import.meta.url), { workerData: { url } });
    worker.on('message', logMigration);
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrations failed (worker exit code ${code})`))));
  });
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  server.close();
  server.closeAllConnections();
  await webhooks?.stop();
  await jobs?.stop();
  await live.close();
  await rateLimit.close?.();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
