// Parcels waiting at a pickup point (their tracking says ARRIVED_AT_PICKUP_POINT, the order is not
// delivered): after PICKUP_REMINDER_DAYS the buyer gets one PICKUP_REMINDER notice per order (the
// parcels then due, logged on the timeline as NOTIFICATION_QUEUED); after PICKUP_UNCOLLECTED_DAYS
// the parcel is the seller's to chase — PICKUP_UNCOLLECTED on the timeline once, and listed by
// `uncollectedPickups`. Both run in the hourly `pickups.remind` job.
import type { Db } from '@orderly/schema';
import { type Config, config } from '../../core/config.ts';
import type { TaskDefinition } from '../jobs/jobs.ts';
import { queueBuyerNotice } from '../notifications/notifier.ts';
import { appendOrderEvent, lockOrder } from '../orders/order.service.ts';
import { announceCommitted, collectOutboxEvents } from '../webhooks/outbox.service.ts';

const DAY = 86_400_000;

export interface PickupSettings {
  reminderDays: number;
  uncollectedDays: number;
}

export function pickupSettings(settings: Pick<Config, 'PICKUP_REMINDER_DAYS' | 'PICKUP_UNCOLLECTED_DAYS'> = config): PickupSettings {
  return { reminderDays: settings.PICKUP_REMINDER_DAYS, uncollectedDays: settings.PICKUP_UNCOLLECTED_DAYS };
}

/** A parcel waiting at a pickup point. */
export interface WaitingParcel {
  orderId: string;
  trackingNumberId: string;
  trackingNumber: string;
  carrier: string;
  /** The pickup point as the carrier names it (the arrival event's location). */
  pickupPoint: string | null;
  /** When it arrived there (the latest ARRIVED_AT_PICKUP_POINT event). */
  arrivedAt: Date;
  /** When the buyer's reminder was queued; null while none was. */
  remindedAt: Date | null;
  /** Whether PICKUP_UNCOLLECTED is on the order's timeline for it. */
  listed: boolean;
}

/**
 * Parcels at a pickup point since `arrivedBefore` or earlier, of orders still waiting for
 * delivery, longest waiting first. With `dueIfArrivedBefore`: only those the job still has to do
 * something about (no reminder yet, or arrived by then and not listed yet).
 */
async function waitingParcels(db: Db, arrivedBefore: Date, limit: number, dueIfArrivedBefore: Date | null = null): Promise<WaitingParcel[]> {
  return db.$queryRaw<WaitingParcel[]>`
    SELECT * FROM (SELECT s."orderId"::text AS "orderId", t.id::text AS "trackingNumberId", t.number AS "trackingNumber", c.name AS carrier,
      arrival.location AS "pickupPoint", arrival."occurredAt" AS "arrivedAt",
      (SELECT min(oe."createdAt") FROM "OrderEvent" oe WHERE oe."orderId" = s."orderId" AND oe.type = 'NOTIFICATION_QUEUED'
         AND oe.data->>'kind' = 'PICKUP_REMINDER' AND oe.data->'trackingNumberIds' ? t.id::text) AS "remindedAt",
      EXISTS (SELECT 1 FROM "OrderEvent" oe WHERE oe."orderId" = s."orderId" AND oe.type = 'PICKUP_UNCOLLECTED'
         AND oe.data->>'trackingNumberId' = t.id::text) AS listed
    FROM "TrackingNumber" t
    JOIN "Shipment" s ON s.id = t."shipmentId"
    JOIN "Order" o ON o.id = s."orderId"
    JOIN "Carrier" c ON c.id = t."carrierId"
    CROSS JOIN LATERAL (
      SELECT e."occurredAt", e.location FROM "TrackingEvent" e
      WHERE e."trackingNumberId" = t.id AND e.status = 'ARRIVED_AT_PICKUP_POINT' ORDER BY e."occurredAt" DESC LIMIT 1
    ) arrival
    WHERE t."trackingStatus" = 'ARRIVED_AT_PICKUP_POINT' AND o.status IN ('SHIPPED', 'IN_TRANSIT', 'EXCEPTION')
      AND arrival."occurredAt" <= ${arrivedBefore}) w
    WHERE ${dueIfArrivedBefore}::timestamptz IS NULL OR w."remindedAt" IS NULL OR (NOT w.listed AND w."arrivedAt" <= ${dueIfArrivedBefore}::timestamptz)
    ORDER BY w."arrivedAt", w."trackingNumberId" LIMIT ${limit}`;
}

/** Parcels left at a pickup point for PICKUP_UNCOLLECTED_DAYS or more: the seller's to chase (`uncollectedPickups`). */
export function uncollectedPickups(db: Db, params: { now: Date; settings?: PickupSettings; limit?: number }): Promise<WaitingParcel[]> {
  const settings = params.settings ?? pickupSettings();
  return waitingParcels(db, new Date(params.now.getTime() - settings.uncollectedDays * DAY), params.limit ?? 100);
}

/**
 * The `pickups.remind` job: one PICKUP_REMINDER per order for its parcels waiting
 * `reminderDays` and not reminded of yet, and PICKUP_UNCOLLECTED once per parcel waiting
 * `uncollectedDays`. Each order in a short transaction with the order locked and its markers
 * re-read, so a second run — or two at once — adds nothing.
 */
export async function remindPickups(db: Db, params: { now: Date; settings?: PickupSettings; limit?: number }) {
  const settings = params.settings ?? pickupSettings();
  const uncollectedBefore = params.now.getTime() - settings.uncollectedDays * DAY;
  const due = await waitingParcels(db, new Date(params.now.getTime() - settings.reminderDays * DAY), params.limit ?? 500, new Date(uncollectedBefore));
  const byOrder = new Map<string, WaitingParcel[]>();
  for (const parcel of due) byOrder.set(parcel.orderId, [...(byOrder.get(parcel.orderId) ?? []), parcel]);
  let reminded = 0;
  let listed = 0;
  for (const [orderId, parcels] of byOrder) {
    let written: ReturnType<typeof collectOutboxEvents> = [];
    const done = await db.$transaction(async (tx) => {
      written = collectOutboxEvents(tx);
      await lockOrder(tx, orderId);
      // Re-read under the lock: another run may have got here first.
      const markers = await tx.orderEvent.findMany({
        where: { orderId, type: { in: ['NOTIFICATION_QUEUED', 'PICKUP_UNCOLLECTED'] } },
        select: { type: true, data: true },
      });
      const isReminded = (id: string) =>
        markers.some((m) => m.type === 'NOTIFICATION_QUEUED' && (m.data as { kind?: string; trackingNumberIds?: string[] }).trackingNumberIds?.includes(id));
      const isListed = (id: string) => markers.some((m) => m.type === 'PICKUP_UNCOLLECTED' && (m.data as { trackingNumberId?: string }).trackingNumberId === id);
      const toRemind = parcels.filter((p) => !isReminded(p.trackingNumberId));
      const toList = parcels.filter((p) => p.arrivedAt.getTime() <= uncollectedBefore && !isListed(p.trackingNumberId));
      if (toRemind.length) {
        const ids = toRemind.map((p) => p.trackingNumberId);
        const points = [...new Set(toRemind.map((p) => p.pickupPoint).filter((p): p is string => !!p))];
        await queueBuyerNotice(tx, {
          orderId,
          template: 'PICKUP_REMINDER',
          actor: 'system',
          trackingNumberIds: ids,
          pickupPoint: points.join('; ') || null,
          note: { trackingNumberIds: ids, trackingNumbers: toRemind.map((p) => p.trackingNumber) },
        });
      }
      for (const p of toList) {
        await appendOrderEvent(tx, orderId, {
          type: 'PICKUP_UNCOLLECTED',
          actor: 'system',
          data: {
            trackingNumberId: p.trackingNumberId,
            trackingNumber: p.trackingNumber,
            arrivedAt: p.arrivedAt.toISOString(),
            days: Math.floor((params.now.getTime() - p.arrivedAt.getTime()) / DAY),
          },
        });
      }
      return { reminded: toRemind.length > 0, listed: toList.length };
    });
    if (done.reminded) reminded++;
    listed += done.listed;
    announceCommitted(written);
  }
  return { reminded, listed };
}

/** The job definition (modules/jobs/tasks.ts lists it). */
export function pickupReminderTask(settings: PickupSettings = pickupSettings()): TaskDefinition {
  return {
    name: 'pickups.remind',
    schedule: '23 * * * *',
    async run({ db, now, log }) {
      const result = await remindPickups(db, { now: now(), settings });
      if (result.reminded || result.listed) log(`[delivery] ${result.reminded} pickup reminder(s) queued, ${result.listed} parcel(s) listed as uncollected`);
    },
  };
}
