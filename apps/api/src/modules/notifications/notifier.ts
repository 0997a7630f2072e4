// Buyer notices: queued in the transactional outbox as `notification.<kind>` events (in the
// transaction of the change they are about), sent by the `notifications.send` job through the
// BuyerNotifier port (the logging provider in development, SMTP when configured), retried with
// backoff, and shown on the order (Order.notifications; the timeline gets NOTIFICATION_QUEUED,
// NOTIFICATION_FAILED once per notice, BUYER_NOTIFIED).
import type { Db, Prisma } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';
import { describeErrorSafely } from '../common/safe-logging.ts';
import { appendOrderEvent } from '../orders/order.service.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import type { InternalEventType } from '../webhooks/event-types.ts';
import { config } from '../../core/config.ts';
import { logger, logLines } from '../../core/observability/logger.ts';
import type { BuyerTemplate } from './templates.ts';

/** What a notice is about; CONTACT_BUYER is a free message staff send from a template (contactBuyer). */
export const buyerNoticeKinds = ['ORDER_SHIPPED', 'DELIVERY_DELAYED', 'PICKUP_REMINDER', 'CLAIM_UPDATE', 'RESHIP_SENT', 'CONTACT_BUYER'] as const;
export type BuyerNoticeKind = (typeof buyerNoticeKinds)[number];

/** The notice kind a template is sent as. */
export const noticeKindOf = (template: BuyerTemplate): BuyerNoticeKind =>
  (buyerNoticeKinds as readonly string[]).includes(template) ? (template as BuyerNoticeKind) : 'CONTACT_BUYER';

/** The outbox type of a notice kind: `notification.order_shipped`, `notification.pickup_reminder`, … */
export const noticeEventType = (kind: BuyerNoticeKind) => `notification.${kind.toLowerCase()}` as InternalEventType;

/** What the buyer is told (no personal data: the provider looks up how to reach the buyer when sending). */
export interface BuyerNotice {
  /** The outbox event id: providers use it as their idempotency key, so a resend is a no-op. */
  eventId: string;
  kind: BuyerNoticeKind;
  template: BuyerTemplate;
  orderNumber: number;
  channel: string;
  externalId: string | null;
  carrier: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  /** The carrier's delivery estimate (ISO). */
  expectedDeliveryAt: string | null;
  /** Where the parcel waits (PICKUP_REMINDER), as the carrier names the pickup point. */
  pickupPoint: string | null;
}

/** The port to whatever reaches the buyer: the marketplace channel, an e-mail or SMS provider. */
export interface BuyerNotifier {
  readonly name: string;
  send(notice: BuyerNotice): Promise<void>;
}

/** Development/demo provider: writes a line per notice (never the buyer's contact data). */
export class LoggingNotifier implements BuyerNotifier {
  readonly name = 'log';
  readonly sent: BuyerNotice[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly log: (line: string) => void = logLines('notify')) {}
  async send(notice: BuyerNotice) {
    if (this.seen.has(notice.eventId)) return;
    this.seen.add(notice.eventId);
    this.sent.push(notice);
    // A dev provider in a long-running server: remember only the recent notices.
    if (this.sent.length > 1000) this.seen.delete(this.sent.shift()!.eventId);
    this.log(
      `[notify] order #${notice.orderNumber} (${notice.channel}) ${notice.template}${notice.carrier ? ` with ${notice.carrier}` : ''}: ${notice.trackingNumbers.join(', ')}`,
    );
  }
}

/** The outbox payload of a notice (shipOrder writes ORDER_SHIPPED's without kind/template). */
type NoticePayload = Omit<BuyerNotice, 'eventId' | 'orderNumber' | 'kind' | 'template' | 'expectedDeliveryAt' | 'pickupPoint'> & {
  orderId: string;
  number: number;
  kind?: BuyerNoticeKind;
  template?: BuyerTemplate;
  expectedDeliveryAt?: string | null;
  pickupPoint?: string | null;
};

/**
 * Queues a notice to the buyer of `orderId` about its parcels (carrier, tracking numbers and
 * links, the carrier's estimate), in `tx`'s transaction, and writes NOTIFICATION_QUEUED on the
 * timeline. `parcelsOf`: whose parcels the notice names (a reship's own); `trackingNumberIds`:
 * only these parcels (the one waiting at a pickup point). `note`: timeline data (exception, parcel).
 */
export async function queueBuyerNotice(
  tx: Tx,
  params: {
    orderId: string;
    template: BuyerTemplate;
    actor: string;
    parcelsOf?: string;
    trackingNumberIds?: string[];
    pickupPoint?: string | null;
    note?: Prisma.InputJsonObject;
  },
): Promise<{ eventId: string }> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: params.orderId }, select: { id: true, number: true, channel: true, externalId: true } });
  const parcelsOf = params.parcelsOf ?? order.id;
  const [source, shipments] = await Promise.all([
    tx.order.findUniqueOrThrow({ where: { id: parcelsOf }, select: { expectedDeliveryAt: true } }),
    tx.shipment.findMany({
      where: { orderId: parcelsOf },
      orderBy: { shippedAt: 'asc' },
      select: {
        carrier: { select: { name: true, trackingUrlTemplate: true } },
        trackingNumbers: { where: params.trackingNumberIds ? { id: { in: params.trackingNumberIds } } : {}, orderBy: { number: 'asc' }, select: { number: true } },
      },
    }),
  ]);
  const parcels = shipments.flatMap((s) => s.trackingNumbers.map((t) => ({ number: t.number, carrier: s.carrier })));
  const kind = noticeKindOf(params.template);
  const payload: NoticePayload = {
    orderId: order.id,
    number: order.number,
    channel: order.channel,
    externalId: order.externalId,
    kind,
    template: params.template,
    carrier: parcels.at(-1)?.carrier.name ?? shipments.at(-1)?.carrier.name ?? null,
    trackingNumbers: parcels.map((p) => p.number),
    trackingUrls: parcels.flatMap((p) =>
      p.carrier.trackingUrlTemplate ? [p.carrier.trackingUrlTemplate.replace('{trackingNumber}', encodeURIComponent(p.number))] : [],
    ),
    expectedDeliveryAt: source.expectedDeliveryAt?.toISOString() ?? null,
    pickupPoint: params.pickupPoint ?? null,
  };
  const event = await recordOutboxEvent(tx, { type: noticeEventType(kind), aggregateType: 'Order', aggregateId: order.id, payload });
  await appendOrderEvent(tx, order.id, {
    type: 'NOTIFICATION_QUEUED',
    actor: params.actor,
    data: { ...params.note, notificationId: event.id, kind, template: params.template },
  });
  return { eventId: event.id };
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

const kindOfType = (type: string) => type.slice('notification.'.length).toUpperCase() as BuyerNoticeKind;

/**
 * Sends queued buyer notices (every `notification.*` outbox event) once. Each event is claimed in a
 * short transaction (FOR UPDATE SKIP LOCKED, so two processes never take the same one) that sets a
 * lease — `notificationRetryAt` past the provider's timeout — and commits; the provider is called
 * outside any transaction (a slow provider holds no connection and no lock), then the outcome is
 * recorded. A crash mid-send leaves the lease to run out and the event is sent again, which the
 * provider ignores by event id; `dispatchedAt IS NULL` in the outcome keeps the timeline entry
 * single. A failed (or timed out) send is retried later with backoff — its error, reduced to its
 * kind (no data), kept for Order.notifications, and the order's timeline told on the first
 * failure only — and the events behind it go out meanwhile.
 */
export async function dispatchBuyerNotifications(db: Db, notifier: BuyerNotifier, limit = 20, now: () => Date = () => new Date()): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const event = await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string; type: string; attempts: number; payload: NoticePayload }[]>`
        SELECT id::text AS id, type, "notificationAttempts" AS attempts, payload FROM "OutboxEvent"
        WHERE type LIKE 'notification.%' AND "dispatchedAt" IS NULL
          AND ("notificationRetryAt" IS NULL OR "notificationRetryAt" <= ${now()})
        ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (row) await tx.outboxEvent.update({ where: { id: row.id }, data: { notificationRetryAt: new Date(now().getTime() + providerTimeoutMs + 60_000) } });
      return row;
    });
    if (!event) break;
    const p = event.payload;
    const kind = p.kind ?? kindOfType(event.type);
    try {
      await withTimeout(
        notifier.send({
          eventId: event.id,
          kind,
          template: p.template ?? (kind as BuyerTemplate),
          orderNumber: p.number,
          channel: p.channel,
          externalId: p.externalId,
          carrier: p.carrier,
          trackingNumbers: p.trackingNumbers,
          trackingUrls: p.trackingUrls,
          expectedDeliveryAt: p.expectedDeliveryAt ?? null,
          pickupPoint: p.pickupPoint ?? null,
        }),
        providerTimeoutMs,
      );
    } catch (error) {
      const delay = retryDelaysMs[Math.min(event.attempts, retryDelaysMs.length - 1)]!;
      const lastError = describeErrorSafely(error).split('\n')[0]!;
      await db.$transaction(async (tx) => {
        await tx.outboxEvent.update({
          where: { id: event.id },
          data: { notificationAttempts: { increment: 1 }, notificationRetryAt: new Date(now().getTime() + delay), notificationLastError: lastError },
        });
        if (event.attempts === 0) {
          await appendOrderEvent(tx, p.orderId, {
            type: 'NOTIFICATION_FAILED',
            actor: 'system',
            data: { notificationId: event.id, kind, via: notifier.name, error: lastError },
          });
        }
      });
      logger.warn(
        { component: 'notify' },
        `order #${p.number}: ${kind} send failed (attempt ${event.attempts + 1}), retrying in ${delay / 60_000} min: ${describeErrorSafely(error)}`,
      );
      continue;
    }
    const recorded = await db.$transaction(async (tx) => {
      const marked = await tx.outboxEvent.updateMany({ where: { id: event.id, dispatchedAt: null }, data: { dispatchedAt: now() } });
      if (marked.count) {
        await appendOrderEvent(tx, p.orderId, {
          type: 'BUYER_NOTIFIED',
          actor: 'system',
          data: { notificationId: event.id, via: notifier.name, kind, attempts: event.attempts + 1 },
        });
      }
      return marked.count > 0;
    });
    if (recorded) sent++;
  }
  return sent;
}

export type NotificationStatus = 'QUEUED' | 'SENT' | 'FAILED_RETRYING';

/** One buyer notice of an order as staff see it (Order.notifications). */
export interface OrderNotification {
  id: string;
  kind: BuyerNoticeKind;
  template: BuyerTemplate;
  status: NotificationStatus;
  /** Failed sends so far. */
  attempts: number;
  /** When the dispatcher tries (again); null once sent. */
  nextAttemptAt: Date | null;
  /** The last failure's kind and code, without data. */
  lastError: string | null;
  queuedAt: Date;
  sentAt: Date | null;
}

/** The buyer notices of an order, oldest first (sent ones stay until OUTBOX_RETENTION_DAYS purges them; the timeline keeps them for good). */
export async function orderNotifications(db: Db | Tx, orderId: string): Promise<OrderNotification[]> {
  const rows = await db.outboxEvent.findMany({
    where: { aggregateType: 'Order', aggregateId: orderId, type: { startsWith: 'notification.' } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((row) => {
    const payload = row.payload as Partial<NoticePayload>;
    const kind = payload.kind ?? kindOfType(row.type);
    return {
      id: row.id,
      kind,
      template: payload.template ?? (kind as BuyerTemplate),
      status: row.dispatchedAt ? 'SENT' : row.notificationAttempts > 0 ? 'FAILED_RETRYING' : 'QUEUED',
      attempts: row.notificationAttempts,
      nextAttemptAt: row.dispatchedAt ? null : (row.notificationRetryAt ?? row.createdAt),
      lastError: row.notificationLastError,
      queuedAt: row.createdAt,
      sentAt: row.dispatchedAt,
    };
  });
}
