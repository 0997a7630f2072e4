// Orderly's scheduled and background work, one definition each, run by whichever runner fits the
// database (start.ts).
import type { Db } from '@orderly/schema';
import { type Config, config } from '../../core/config.ts';
import { anonymizeExpiredPii, piiRetentionDays } from '../customers/retention.service.ts';
import { purgeExpiredIdempotencyRecords } from '../idempotency/idempotency.service.ts';
import { dispatchBuyerNotifications, type BuyerNotifier } from '../notifications/notifier.ts';
import { purgeWebhookLog, webhookLogRetentionDays, type WebhookDispatcher } from '../webhooks/dispatcher.ts';
import type { TaskDefinition } from './jobs.ts';
import { afterShipmentTasks } from '../tracking/tracking.tasks.ts';
import { ozonTasks } from '../marketplaces/ozon/ozon.tasks.ts';
import { exceptionScanTask } from '../exceptions/auto-open.ts';
import { pickupReminderTask } from '../delivery/pickup-reminders.ts';
import { reviewTasks } from '../reviews/reviews.tasks.ts';
import { releaseHeldOrdersTask } from '../orders/held-release.task.ts';

const DAY = 86_400_000;

export interface JobsConfig {
  /** JOBS_WORKER: run the job worker in this process (off: other instances do the work). */
  worker: boolean;
  /** PII_RETENTION_JOB: the daily buyer-data retention. */
  piiRetention: boolean;
  /** OUTBOX_RETENTION_DAYS: consumed outbox events are kept this long. */
  outboxRetentionDays: number;
}

/** The jobs' settings from the validated configuration. */
export function jobsSettings(settings: Pick<Config, 'JOBS_WORKER' | 'PII_RETENTION_JOB' | 'OUTBOX_RETENTION_DAYS'> = config): JobsConfig {
  return { worker: settings.JOBS_WORKER, piiRetention: settings.PII_RETENTION_JOB, outboxRetentionDays: settings.OUTBOX_RETENTION_DAYS };
}

/**
 * Forgets outbox events older than `before` that every consumer is done with: fanned out by the
 * webhook dispatcher with no delivery left pointing at them (finished deliveries go with the
 * webhook log), and, for buyer notifications, sent.
 */
export async function purgeConsumedOutboxEvents(db: Db, before: Date): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "OutboxEvent" e
    WHERE e."createdAt" < ${before} AND e."webhooksFannedOutAt" IS NOT NULL
      AND (e.type NOT LIKE 'notification.%' OR e."dispatchedAt" IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d."eventId" = e.id)`;
}

/** The job that runs this process's webhook dispatcher (modules/webhooks/dispatcher.ts). */
export function webhookDispatchTask(webhooks: WebhookDispatcher): TaskDefinition {
  return {
    // Also added by every transaction that writes an event a subscription wants, and by
    // redeliveries (in that transaction); the minute tick catches the rest: the leases of an
    // instance that died mid-attempt, events no subscription wanted (they get marked).
    name: 'webhooks.dispatch',
    schedule: '* * * * *',
    async run({ addJob }) {
      const pass = await webhooks.pass();
      // One key per purpose, so a later retry never pushes back an immediate follow-up.
      if (pass.more) await addJob('webhooks.dispatch', {}, { jobKey: 'webhooks.dispatch:more' });
      else if (pass.nextAttemptAt) await addJob('webhooks.dispatch', {}, { runAt: pass.nextAttemptAt, jobKey: 'webhooks.dispatch:retry' });
    },
  };
}

/**
 * Every task this process runs. `webhooks`: this process's dispatcher (none with
 * WEBHOOK_DISPATCHER=off: other instances deliver).
 */
export function orderlyTasks(options: { notifier: BuyerNotifier; config: JobsConfig; webhooks?: WebhookDispatcher | null }): TaskDefinition[] {
  const tasks: TaskDefinition[] = [
    {
      // Also added by the transaction that queues a notification (recordOutboxEvent); the
      // minute tick catches what failed sends left for later.
      name: 'notifications.send',
      schedule: '* * * * *',
      async run({ db, now }) {
        while ((await dispatchBuyerNotifications(db, options.notifier, 50, now)) === 50);
      },
    },
    {
      name: 'housekeeping.purge',
      schedule: '17 * * * *',
      async run({ db, now, log }) {
        const at = now().getTime();
        const keys = await purgeExpiredIdempotencyRecords(db, now());
        const deliveries = await purgeWebhookLog(db, new Date(at - webhookLogRetentionDays() * DAY));
        const events = await purgeConsumedOutboxEvents(db, new Date(at - options.config.outboxRetentionDays * DAY));
        if (keys.count || deliveries || events) log(`[jobs] purged ${keys.count} idempotency keys, ${deliveries} webhook deliveries, ${events} outbox events`);
      },
    },
  ];
  // After shipment: the tracking poller and the auto-completion of delivered orders (modules/tracking).
  tasks.push(...afterShipmentTasks());
  // Delivery exceptions opened on the clock (modules/exceptions/auto-open.ts) and pickup-point reminders (modules/delivery/pickup-reminders.ts).
  tasks.push(exceptionScanTask(), pickupReminderTask());
  // Held orders confirmed when stock arrives (modules/orders/held-release.task.ts).
  tasks.push(releaseHeldOrdersTask());
  // The Ozon connector: posting syncs queued by pushes, and the reconciling poller (modules/marketplaces/ozon).
  tasks.push(...ozonTasks());
  // Replies to reviews, sent through their channel's port (modules/reviews).
  tasks.push(...reviewTasks());
  if (options.webhooks) tasks.push(webhookDispatchTask(options.webhooks));
  if (options.config.piiRetention) {
    tasks.push({
      name: 'pii.retention',
      schedule: '0 3 * * *',
      // A day's run missed while every server was down happens at the next start.
      backfillMs: DAY,
      async run({ db, now, log }) {
        const result = await anonymizeExpiredPii(db, { now: now(), retentionDays: piiRetentionDays });
        if (result.orders || result.customers)
          log(`[retention] anonymised buyer data of ${result.orders} orders and ${result.customers} customers finished before ${result.cutoff.toISOString()}`);
      },
    });
  }
  return tasks;
}
