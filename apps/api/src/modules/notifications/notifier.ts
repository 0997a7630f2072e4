import type { Db } from '@orderly/schema';
import { describeErrorSafely } from '../common/safe-logging.ts';
import { appendOrderEvent } from '../orders/order.service.ts';

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
const providerTimeoutMs = Number(process.env.NOTIFY_TIMEOUT_SECONDS ?? 10) * 1000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`provider did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends queued buyer notifications once. Each event is claimed with FOR UPDATE SKIP LOCKED (so
 * two API processes never take the same one), sent, and marked dispatched in the same
 * transaction; a crash between sending and committing resends it, which the provider ignores
 * by event id. A send that fails (or times out) is retried later with backoff, and the events
 * behind it go out meanwhile.
 */
export async function dispatchBuyerNotifications(db: Db, notifier: BuyerNotifier, limit = 20, now: () => Date = () => new Date()): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await db.$transaction(async (tx) => {
      const [event] = await tx.$queryRaw<{ id: string; attempts: number; payload: Omit<ShippedNotice, 'eventId' | 'orderNumber'> & { orderId: string; number: number } }[]>`
        SELECT id::text AS id, "notificationAttempts" AS attempts, payload FROM "OutboxEvent"
        WHERE type = 'notification.order_shipped' AND "dispatchedAt" IS NULL
          AND ("notificationRetryAt" IS NULL OR "notificationRetryAt" <= ${now()})
        ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!event) return 'none' as const;
      const p = event.payload;
      try {
        await withTimeout(
          notifier.orderShipped({ eventId: event.id, orderNumber: p.number, channel: p.channel, externalId: p.externalId, carrier: p.carrier, trackingNumbers: p.trackingNumbers, trackingUrls: p.trackingUrls }),
          providerTimeoutMs,
        );
      } catch (error) {
        const delay = retryDelaysMs[Math.min(event.attempts, retryDelaysMs.length - 1)];
        await tx.outboxEvent.update({ where: { id: event.id }, data: { notificationAttempts: { increment: 1 }, notificationRetryAt: new Date(now().getTime() + delay) } });
        console.error(`[notify] order #${p.number}: send failed (attempt ${event.attempts + 1}), retrying in ${delay / 60_000} min:`, describeErrorSafely(error));
        return 'failed' as const;
      }
      await tx.outboxEvent.update({ where: { id: event.id }, data: { dispatchedAt: now() } });
      await appendOrderEvent(tx, p.orderId, { type: 'BUYER_NOTIFIED', actor: 'system', data: { via: notifier.name, kind: 'order_shipped' } });
      return 'sent' as const;
    });
    if (outcome === 'none') break;
    if (outcome === 'sent') sent++;
  }
  return sent;
}

/** Runs the dispatcher every few seconds in the server process (unref'd: never keeps it alive). */
export function startNotificationLoop(db: Db, notifier: BuyerNotifier, intervalMs = 5_000) {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await dispatchBuyerNotifications(db, notifier);
    } catch (error) {
      // Database errors can quote row data (buyer details): log only their kind and code.
      console.error('[notify] dispatch failed:', describeErrorSafely(error));
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
