// Orderly API process: migrate, load demo data on an empty database, serve.
import path from 'node:path';
import { describeDatabaseTarget, openDatabase, repoRoot } from '@orderly/schema';
import { seedDemoData } from '@orderly/schema/seed';
import { createHttpServer, envAppOptions } from './app.ts';
import { scheduleRetention } from './modules/customers/retention.service.ts';
import { ensureBootstrapAdmin } from './modules/auth/auth.service.ts';
import { LoggingNotifier, startNotificationLoop } from './modules/notifications/notifier.ts';
import { configureLiveUpdates } from './modules/live/live-bus.ts';
import { RedisRateLimitStore, rateLimitStoreFromEnv } from './modules/common/rate-limit-redis.ts';
import { startWebhookDispatcher } from './modules/webhooks/dispatcher.ts';

const port = Number(process.env.PORT ?? 4000);
// Demo data (and its well-known demo logins) is on by default, except in production.
const demoData = (process.env.ORDERLY_DEMO_DATA ?? (process.env.NODE_ENV === 'production' ? 'off' : 'on')) !== 'off';

const database = await openDatabase({ migrate: true, log: (line) => console.log(`[migrate] ${line}`) });
console.log(`Database: ${describeDatabaseTarget(database.target)}`);
if (demoData) {
  const seeded = await seedDemoData(database.prisma);
  if (seeded) console.log(`Demo data loaded: ${seeded.products} products, ${seeded.orders} orders (demo logins: see README)`);
}
if (await ensureBootstrapAdmin(database.prisma, { email: process.env.ORDERLY_ADMIN_EMAIL, password: process.env.ORDERLY_ADMIN_PASSWORD })) {
  console.log(`Created the first admin, ${process.env.ORDERLY_ADMIN_EMAIL}`);
}

// Live updates (GraphQL subscriptions): shared by every instance through Redis when REDIS_URL is set.
// Rate-limit budgets likewise (one per caller for all instances); both wait ≤ 5 s for Redis, in parallel.
const [live, rateLimit] = await Promise.all([configureLiveUpdates(), rateLimitStoreFromEnv()]);
console.log(`Live updates: ${live.mode === 'redis' ? `Redis (${live.topic})` : 'in memory (this process only)'}`);
console.log(`Rate limit: ${rateLimit instanceof RedisRateLimitStore ? `Redis (${rateLimit.prefix}<caller>)` : 'in memory (this process only)'}`);

const { server } = createHttpServer({
  db: database.prisma,
  webDist: process.env.WEB_DIST ?? path.join(repoRoot, 'apps/web/dist'),
  ...envAppOptions(),
  rateLimit,
});
// Buyer data past its retention period (PII_RETENTION_DAYS) is anonymised daily; an unref'd timer.
const stopRetention = process.env.PII_RETENTION_JOB === 'off' ? () => {} : scheduleRetention(database.prisma);
// Buyer notifications queued by shipOrder are sent once; the logging provider stands in for the
// channel / e-mail / SMS provider until one is configured.
const stopNotifications = startNotificationLoop(database.prisma, new LoggingNotifier());
// Webhooks: fan out outbox events to subscriptions and deliver them (every process; they share the work).
const webhooks = process.env.WEBHOOK_DISPATCHER === 'off' ? null : startWebhookDispatcher(database.prisma);
server.listen(port, () => {
  console.log(`Orderly is up: http://localhost:${port}/ (GraphQL: http://localhost:${port}/graphql)`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  stopRetention();
  stopNotifications();
  console.log(`${signal}: shutting down`);
  server.close();
  server.closeAllConnections();
  await webhooks?.stop();
  await live.close();
  await rateLimit.close?.();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
