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

/**
 * Sends queued buyer notifications once. Each event is claimed with FOR UPDATE SKIP LOCKED (so
 * two API processes never take the same one), sent, and marked dispatched in the same
 * transaction; a crash between sending and committing resends it, which the provider ignores
 * by event id.
 */
export async function dispatchBuyerNotifications(db: Db, notifier: BuyerNotifier, limit = 20): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const done = await db.$transaction(async (tx) => {
      const [event] = await tx.$queryRaw<{ id: string; payload: Omit<ShippedNotice, 'eventId' | 'orderNumber'> & { orderId: string; number: number } }[]>`
        SELECT id::text AS id, payload FROM "OutboxEvent"
        WHERE type = 'notification.order_shipped' AND "dispatchedAt" IS NULL
        ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!event) return false;
      const p = event.payload;
      await notifier.orderShipped({ eventId: event.id, orderNumber: p.number, channel: p.channel, externalId: p.externalId, carrier: p.carrier, trackingNumbers: p.trackingNumbers, trackingUrls: p.trackingUrls });
      await tx.outboxEvent.update({ where: { id: event.id }, data: { dispatchedAt: new Date() } });
      await appendOrderEvent(tx, p.orderId, { type: 'BUYER_NOTIFIED', actor: 'system', data: { via: notifier.name, kind: 'order_shipped' } });
      return true;
    });
    if (!done) break;
    sent++;
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
