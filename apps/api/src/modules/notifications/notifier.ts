import type { Db } from '@orderly/schema';
import { describeErrorSafely } from '../common/safe-logging.ts';
import { appendOrderEvent } from '../orders/order.service.ts';
import { config } from '../../core/config.ts';

/** What the buyer is told when the order ships (no personal data: the channel knows the buyer). */
export interface ShippedNotice {
  /** The outbox event id: providers use it as their idempotency key, so a resend is a no-op. */
  eventId: string;
  orderNumber: number;
  channel: string;
  externalId: string | null;
  carrier: string;
  trackingNumbers: string[];
  trackingUrls: string[];
}

/** The port to whatever reaches the buyer: the marketplace channel, an e-mail or SMS provider. */
export interface BuyerNotifier {
  readonly name: string;
  orderShipped(notice: ShippedNotice): Promise<void>;
}

/** Development/demo provider: writes a line per notice (never the buyer's contact data). */
export class LoggingNotifier implements BuyerNotifier {
  readonly name = 'log';
  readonly sent: ShippedNotice[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly log: (line: string) => void = console.log) {}
  async orderShipped(notice: ShippedNotice) {
    if (this.seen.has(notice.eventId)) return;
    this.seen.add(notice.eventId);
    this.sent.push(notice);
    // A dev provider in a long-running server: remember only the recent notices.
    if (this.sent.length > 1000) this.seen.delete(this.sent.shift()!.eventId);
    this.log(`[notify] order #${notice.orderNumber} (${notice.channel}) shipped with ${notice.carrier}: ${notice.trackingNumbers.join(', ')}`);
  }
}

/** Waits after the n-th failed send of a notification: 1 min, 5 min, 30 min, then every 2 h. */
const retryDelaysMs = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];
const providerTimeoutMs = config.NOTIFY_TIMEOUT_SECONDS * 1000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`provider did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type NotificationPayload = Omit<ShippedNotice, 'eventId' | 'orderNumber'> & { orderId: string; number: number };

/**
 * Sends queued buyer notifications once. Each event is claimed in a short transaction (FOR UPDATE
 * SKIP LOCKED, so two processes never take the same one) that sets a lease — `notificationRetryAt`
 * past the provider's timeout — and commits; the provider is called outside any transaction (a
 * slow provider holds no connection and no lock), then the outcome is recorded. A crash mid-send
 * leaves the lease to run out and the event is sent again, which the provider ignores by event
 * id; `dispatchedAt IS NULL` in the outcome keeps the timeline entry single. A failed (or timed
 * out) send is retried later with backoff, and the events behind it go out meanwhile.
 */
export async function dispatchBuyerNotifications(db: Db, notifier: BuyerNotifier, limit = 20, now: () => Date = () => new Date()): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const event = await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string; attempts: number; payload: NotificationPayload }[]>`
        SELECT id::text AS id, "notificationAttempts" AS attempts, payload FROM "OutboxEvent"
        WHERE type = 'notification.order_shipped' AND "dispatchedAt" IS NULL
          AND ("notificationRetryAt" IS NULL OR "notificationRetryAt" <= ${now()})
        ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (row) await tx.outboxEvent.update({ where: { id: row.id }, data: { notificationRetryAt: new Date(now().getTime() + providerTimeoutMs + 60_000) } });
      return row;
    });
    if (!event) break;
    const p = event.payload;
    try {
      await withTimeout(
        notifier.orderShipped({
          eventId: event.id,
          orderNumber: p.number,
          channel: p.channel,
          externalId: p.externalId,
          carrier: p.carrier,
          trackingNumbers: p.trackingNumbers,
          trackingUrls: p.trackingUrls,
        }),
        providerTimeoutMs,
      );
    } catch (error) {
      const delay = retryDelaysMs[Math.min(event.attempts, retryDelaysMs.length - 1)];
      await db.outboxEvent.update({ where: { id: event.id }, data: { notificationAttempts: { increment: 1 }, notificationRetryAt: new Date(now().getTime() + delay) } });
      console.error(`[notify] order #${p.number}: send failed (attempt ${event.attempts + 1}), retrying in ${delay / 60_000} min:`, describeErrorSafely(error));
      continue;
    }
    const recorded = await db.$transaction(async (tx) => {
      const marked = await tx.outboxEvent.updateMany({ where: { id: event.id, dispatchedAt: null }, data: { dispatchedAt: now() } });
      if (marked.count) await appendOrderEvent(tx, p.orderId, { type: 'BUYER_NOTIFIED', actor: 'system', data: { via: notifier.name, kind: 'order_shipped' } });
      return marked.count > 0;
    });
    if (recorded) sent++;
  }
  return sent;
}
