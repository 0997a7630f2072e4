// The tracking-provider port (what asks a carrier about its parcels), a local fake provider for
// tests and the demo, and the poller that asks the providers about every parcel still on its way —
// each carrier at its own interval (Carrier.trackingPollMinutes) — and records what they answer
// through the same service as the feed (recordTrackingEvent), so polling twice changes nothing.
import { createHash } from 'node:crypto';
import type { Db, TrackingEventStatus } from '@orderly/schema';
import { Prisma } from '@orderly/schema';
import { type Config, config } from '../../core/config.ts';
import { DomainError } from '../../core/errors.ts';
import { describeErrorSafely } from '../common/safe-logging.ts';
import { announceCommitted, collectOutboxEvents } from '../webhooks/outbox.service.ts';
import { recordTrackingEvent } from './tracking.service.ts';

export interface TrackingQuery {
  carrierCode: string;
  trackingNumber: string;
  shippedAt: Date;
}

export interface ProviderEvent {
  status: TrackingEventStatus;
  occurredAt: Date;
  location?: string | null;
  message?: string | null;
  /** The carrier's event id (the feed's idempotency key). */
  externalId: string;
  expectedDeliveryAt?: Date | null;
}

/** The port to whatever knows where a carrier's parcels are: its API, an aggregator, a fake. */
export interface TrackingProvider {
  readonly name: string;
  /** Carrier codes this provider answers for, or '*' for every carrier. */
  readonly carriers: readonly string[] | '*';
  /** Every event the carrier knows of each number so far (keyed by tracking number); unknown numbers are left out. */
  track(queries: readonly TrackingQuery[], now: Date): Promise<Map<string, ProviderEvent[]>>;
}

const HOUR = 3_600_000;
type Step = [hours: number, status: TrackingEventStatus, location: string];

/** The fake's journeys: on time, fast, delayed with a failed attempt, and one that stalls (no movement). */
const journeys: Step[][] = [
  [
    [4, 'IN_TRANSIT', 'Москва, сортировочный центр'],
    [20, 'IN_TRANSIT', 'Казань, сортировочный центр'],
    [44, 'ARRIVED_AT_PICKUP_POINT', 'Пункт выдачи'],
    [60, 'DELIVERED', 'Пункт выдачи'],
  ],
  [
    [3, 'IN_TRANSIT', 'Москва, сортировочный центр'],
    [30, 'OUT_FOR_DELIVERY', 'Курьер'],
    [34, 'DELIVERED', 'Курьер'],
  ],
  [
    [5, 'IN_TRANSIT', 'Москва, сортировочный центр'],
    [26, 'DELAYED', 'Екатеринбург, сортировочный центр'],
    [50, 'IN_TRANSIT', 'Екатеринбург, сортировочный центр'],
    [70, 'OUT_FOR_DELIVERY', 'Курьер'],
    [74, 'FAILED_ATTEMPT', 'Курьер'],
    [96, 'DELIVERED', 'Курьер'],
  ],
  [
    [6, 'IN_TRANSIT', 'Москва, сортировочный центр'],
    [28, 'IN_TRANSIT', 'Новосибирск, сортировочный центр'],
  ],
];

/**
 * A carrier that does not exist: each tracking number follows one of a few journeys (chosen by
 * its hash) from its shipping time, and the provider reports the steps whose time has come. Pure
 * and deterministic, so tests and the demo see orders move without a network.
 */
export class FakeTrackingProvider implements TrackingProvider {
  readonly name = 'fake';
  readonly carriers = '*' as const;
  readonly calls: TrackingQuery[][] = [];

  static journeyOf(trackingNumber: string): number {
    return createHash('sha256').update(trackingNumber).digest()[0]! % journeys.length;
  }

  async track(queries: readonly TrackingQuery[], now: Date) {
    this.calls.push([...queries]);
    const answer = new Map<string, ProviderEvent[]>();
    for (const q of queries) {
      const steps = journeys[FakeTrackingProvider.journeyOf(q.trackingNumber)]!;
      const at = (hours: number) => new Date(q.shippedAt.getTime() + hours * HOUR);
      const events = steps
        .map(([hours, status, location], i) => ({
          status,
          occurredAt: at(hours),
          location,
          message: `${status} (fake carrier)`,
          externalId: `fake:${q.trackingNumber}:${i}`,
          expectedDeliveryAt: at(72),
        }))
        .filter((e) => e.occurredAt <= now);
      answer.set(q.trackingNumber, events);
    }
    return answer;
  }
}

/** The providers this process polls with (TRACKING_FAKE_PROVIDER adds the fake one for every carrier). */
export function configuredTrackingProviders(settings: Pick<Config, 'TRACKING_FAKE_PROVIDER'> = config): TrackingProvider[] {
  return settings.TRACKING_FAKE_PROVIDER ? [new FakeTrackingProvider()] : [];
}

interface DueNumber {
  id: string;
  number: string;
  carrierCode: string;
  shippedAt: Date;
}

export interface PollResult {
  polled: number;
  recorded: number;
  failed: number;
}

/**
 * One poll: the tracking numbers still open (not delivered or returned, order still on its way)
 * whose carrier's interval has passed since they were last asked about, oldest first; each
 * provider is asked outside any transaction, and every event it reports is recorded in its own
 * transaction (duplicates change nothing). A provider that fails is logged and its numbers are
 * asked again at the next interval.
 */
export async function pollTracking(
  db: Db,
  params: { providers: readonly TrackingProvider[]; now: Date; limit?: number; log?: (line: string) => void },
): Promise<PollResult> {
  const result: PollResult = { polled: 0, recorded: 0, failed: 0 };
  if (!params.providers.length) return result;
  const wildcard = params.providers.some((p) => p.carriers === '*');
  const codes = params.providers.flatMap((p) => (p.carriers === '*' ? [] : p.carriers));
  const due = await db.$queryRaw<DueNumber[]>`
    SELECT t.id::text AS id, t.number, c.code AS "carrierCode", s."shippedAt"
    FROM "TrackingNumber" t
    JOIN "Carrier" c ON c.id = t."carrierId"
    JOIN "Shipment" s ON s.id = t."shipmentId"
    JOIN "Order" o ON o.id = s."orderId"
    WHERE t."closedAt" IS NULL AND o.status IN ('SHIPPED', 'IN_TRANSIT', 'EXCEPTION')
      AND (t."lastPolledAt" IS NULL OR t."lastPolledAt" <= ${params.now}::timestamptz - c."trackingPollMinutes" * interval '1 minute')
      ${wildcard ? Prisma.empty : Prisma.sql`AND c.code = ANY(${codes})`}
    ORDER BY t."lastPolledAt" ASC NULLS FIRST, t.id
    LIMIT ${params.limit ?? 200}`;
  for (const provider of params.providers) {
    const mine = due.filter((n) => provider.carriers === '*' || provider.carriers.includes(n.carrierCode));
    for (const n of mine) due.splice(due.indexOf(n), 1);
    if (!mine.length) continue;
    let answer: Map<string, ProviderEvent[]>;
    try {
      answer = await provider.track(
        mine.map((n) => ({ carrierCode: n.carrierCode, trackingNumber: n.number, shippedAt: n.shippedAt })),
        params.now,
      );
    } catch (error) {
      // Asked again at the carrier's next interval, like any other number (so one poll run ends).
      await db.trackingNumber.updateMany({ where: { id: { in: mine.map((n) => n.id) } }, data: { lastPolledAt: params.now } });
      result.failed += mine.length;
      params.log?.(`[tracking] provider ${provider.name} failed for ${mine.length} number(s): ${describeErrorSafely(error)}`);
      continue;
    }
    for (const n of mine) {
      for (const event of answer.get(n.number) ?? []) {
        let written: ReturnType<typeof collectOutboxEvents> = [];
        try {
          const recorded = await db.$transaction((tx) => {
            written = collectOutboxEvents(tx);
            return recordTrackingEvent(tx, { ...event, trackingNumber: n.number, carrierCode: n.carrierCode }, { actor: 'system', now: params.now, root: ['poll'] });
          });
          if (recorded.recorded) result.recorded++;
          announceCommitted(written);
        } catch (error) {
          // A business refusal (the order was cancelled meanwhile) is not the provider's fault: skip it.
          if (!(error instanceof DomainError)) throw error;
        }
      }
    }
    await db.trackingNumber.updateMany({ where: { id: { in: mine.map((n) => n.id) } }, data: { lastPolledAt: params.now } });
    result.polled += mine.length;
  }
  return result;
}
