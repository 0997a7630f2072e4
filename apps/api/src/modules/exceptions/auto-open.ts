// Delivery exceptions opened on the clock (the `exceptions.scan` job): a shipped or in-transit
// order whose tracking has not moved for N days (per carrier), or that is N days past its
// expected delivery, gets a DELAYED exception (source `clock`) through openException — once: not
// while one is open, and not again for the same stillness after staff resolved it.
import type { Db } from '@orderly/schema';
import { type Config, config } from '../../core/config.ts';
import type { TaskDefinition } from '../jobs/jobs.ts';
import { lockOrder } from '../orders/order.service.ts';
import { announceCommitted, collectOutboxEvents } from '../webhooks/outbox.service.ts';
import { openException, openExceptionStatuses } from './exceptions.service.ts';

const DAY = 86_400_000;

export interface AutoOpenSettings {
  /** Days without tracking movement before an order counts as stale, by default and per carrier code. */
  staleDays: number;
  staleDaysByCarrier: Record<string, number>;
  /** Days past the expected delivery before an order counts as overdue. */
  overdueDays: number;
}

export function autoOpenSettings(
  settings: Pick<Config, 'EXCEPTION_STALE_TRACKING_DAYS' | 'EXCEPTION_STALE_TRACKING_DAYS_BY_CARRIER' | 'EXCEPTION_OVERDUE_DAYS'> = config,
): AutoOpenSettings {
  return {
    staleDays: settings.EXCEPTION_STALE_TRACKING_DAYS,
    staleDaysByCarrier: Object.fromEntries(settings.EXCEPTION_STALE_TRACKING_DAYS_BY_CARRIER.map((pair) => [pair.split('=')[0]!, Number(pair.split('=')[1])])),
    overdueDays: settings.EXCEPTION_OVERDUE_DAYS,
  };
}

interface Candidate {
  id: string;
  stale: boolean;
  overdue: boolean;
  lastMovedAt: Date;
  expectedDeliveryAt: Date | null;
}

/**
 * SHIPPED/IN_TRANSIT orders due a DELAYED exception. Stale: no tracking event (or, with none, no
 * shipment) for the carrier's number of days, no parcel waiting at a pickup point (that is the
 * buyer's turn: pickup reminders), and no DELAYED exception opened since the last movement. Overdue:
 * the expected delivery lies `overdueDays` back and no DELAYED exception was opened since that date.
 */
async function findDelayed(db: Db, now: Date, settings: AutoOpenSettings, limit: number): Promise<Candidate[]> {
  const carriers = Object.keys(settings.staleDaysByCarrier);
  const carrierDays = carriers.map((c) => settings.staleDaysByCarrier[c]!);
  const overdueBefore = new Date(now.getTime() - settings.overdueDays * DAY);
  const open = [...openExceptionStatuses];
  return db.$queryRaw<Candidate[]>`
    WITH limits AS (SELECT * FROM unnest(${carriers}::text[], ${carrierDays}::int[]) AS l(code, days)),
    orders AS (
      SELECT o.id, o."expectedDeliveryAt", COALESCE(o."lastTrackingAt", o."shippedAt", o."updatedAt") AS "lastMovedAt",
        (SELECT c.code FROM "Shipment" s JOIN "Carrier" c ON c.id = s."carrierId" WHERE s."orderId" = o.id ORDER BY s."shippedAt" DESC LIMIT 1) AS carrier,
        EXISTS (SELECT 1 FROM "Shipment" s JOIN "TrackingNumber" t ON t."shipmentId" = s.id
                WHERE s."orderId" = o.id AND t."trackingStatus" = 'ARRIVED_AT_PICKUP_POINT') AS "atPickupPoint"
      FROM "Order" o WHERE o.status IN ('SHIPPED', 'IN_TRANSIT')
    ),
    judged AS (
      SELECT o.*,
        NOT o."atPickupPoint" AND o."lastMovedAt" <= ${now}::timestamptz - make_interval(days => COALESCE(l.days, ${settings.staleDays}::int))
          AND NOT EXISTS (SELECT 1 FROM "ExceptionCase" e WHERE e."orderId" = o.id AND e.kind = 'DELAYED'
                          AND (e.status::text = ANY(${open}::text[]) OR e."createdAt" >= o."lastMovedAt")) AS stale,
        o."expectedDeliveryAt" <= ${overdueBefore}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM "ExceptionCase" e WHERE e."orderId" = o.id AND e.kind = 'DELAYED'
                          AND (e.status::text = ANY(${open}::text[]) OR e."createdAt" >= o."expectedDeliveryAt")) AS overdue
      FROM orders o LEFT JOIN limits l ON l.code = o.carrier
    )
    SELECT id::text AS id, stale, COALESCE(overdue, false) AS overdue, "lastMovedAt", "expectedDeliveryAt"
    FROM judged WHERE stale OR overdue ORDER BY "lastMovedAt" LIMIT ${limit}`;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The `exceptions.scan` job: opens a DELAYED exception on every order found by findDelayed, one
 * short transaction each with the order locked and its status re-checked (tracking that arrived
 * meanwhile wins). Returns how many were opened; a second run right after opens none.
 */
export async function openDelayedExceptions(db: Db, params: { now: Date; settings?: AutoOpenSettings; limit?: number }): Promise<number> {
  const settings = params.settings ?? autoOpenSettings();
  const due = await findDelayed(db, params.now, settings, params.limit ?? 500);
  let opened = 0;
  for (const candidate of due) {
    const days = Math.floor((params.now.getTime() - candidate.lastMovedAt.getTime()) / DAY);
    const note = [
      candidate.stale ? `No tracking movement for ${days} days (since ${isoDay(candidate.lastMovedAt)}).` : null,
      candidate.overdue && candidate.expectedDeliveryAt ? `Past the expected delivery of ${isoDay(candidate.expectedDeliveryAt)}.` : null,
    ]
      .filter(Boolean)
      .join(' ');
    let written: ReturnType<typeof collectOutboxEvents> = [];
    const result = await db.$transaction(async (tx) => {
      written = collectOutboxEvents(tx);
      const order = await lockOrder(tx, candidate.id);
      if (order.status !== 'SHIPPED' && order.status !== 'IN_TRANSIT') return false;
      const lastMovedAt = order.lastTrackingAt ?? order.shippedAt;
      // Moved since the scan read it: the next scan judges it again.
      if (lastMovedAt && lastMovedAt.getTime() !== candidate.lastMovedAt.getTime()) return false;
      return (await openException(tx, { orderId: order.id, kind: 'DELAYED', source: 'clock', note, actor: 'system', order })).opened;
    });
    if (result) opened++;
    announceCommitted(written);
  }
  return opened;
}

/** The job definition (modules/jobs/tasks.ts lists it). */
export function exceptionScanTask(settings: AutoOpenSettings = autoOpenSettings()): TaskDefinition {
  return {
    name: 'exceptions.scan',
    schedule: '*/10 * * * *',
    async run({ db, now, log }) {
      const opened = await openDelayedExceptions(db, { now: now(), settings });
      if (opened) log(`[exceptions] opened ${opened} DELAYED exception(s) on the clock`);
    },
  };
}
