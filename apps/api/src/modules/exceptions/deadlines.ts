// Deadlines of a delivery exception: the carrier's claim deadline (days after the shipment left,
// per carrier) and the marketplace's dispute window (hours after the exception opened, per channel
// — Ozon gives two days to send packing evidence). Both are set when the exception opens; the
// earlier one is the queue's sort key. `deadlineState` reads them against the request's clock.
import { config, type Config } from '../../core/config.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type DeadlineState = 'OK' | 'DUE_SOON' | 'OVERDUE';
type DeadlineSettings = Pick<Config, 'CLAIM_DEADLINE_DAYS' | 'CLAIM_DEADLINE_DAYS_BY_CARRIER' | 'DISPUTE_WINDOW_HOURS_BY_CHANNEL' | 'EXCEPTION_DEADLINE_WARNING_HOURS'>;

/** `key=number` pairs (validated by config.ts) as a map. */
const pairs = (list: readonly string[]) => new Map(list.map((p) => [p.slice(0, p.indexOf('=')), Number(p.slice(p.indexOf('=') + 1))]));

/** The deadlines of an exception opened `now` on an order of `channel` shipped by `carrierCode` at `shippedAt`. */
export function exceptionDeadlines(
  params: { channel: string; carrierCode: string | null; shippedAt: Date | null; now: Date },
  settings: DeadlineSettings = config,
): { deadlineAt: Date; disputeDeadlineAt: Date | null; nextDeadlineAt: Date } {
  const claimDays = (params.carrierCode ? pairs(settings.CLAIM_DEADLINE_DAYS_BY_CARRIER).get(params.carrierCode) : undefined) ?? settings.CLAIM_DEADLINE_DAYS;
  const deadlineAt = new Date((params.shippedAt ?? params.now).getTime() + claimDays * DAY);
  const disputeHours = pairs(settings.DISPUTE_WINDOW_HOURS_BY_CHANNEL).get(params.channel);
  const disputeDeadlineAt = disputeHours === undefined ? null : new Date(params.now.getTime() + disputeHours * HOUR);
  return { deadlineAt, disputeDeadlineAt, nextDeadlineAt: disputeDeadlineAt && disputeDeadlineAt < deadlineAt ? disputeDeadlineAt : deadlineAt };
}

/**
 * OVERDUE once the nearest deadline has passed, DUE_SOON within the warning window before it, OK
 * otherwise — and OK for an exception that has ended or has no deadline (nothing left to miss).
 */
export function deadlineState(
  exception: { nextDeadlineAt: Date | null; open: boolean },
  now: Date,
  settings: Pick<Config, 'EXCEPTION_DEADLINE_WARNING_HOURS'> = config,
): DeadlineState {
  if (!exception.open || !exception.nextDeadlineAt) return 'OK';
  const left = exception.nextDeadlineAt.getTime() - now.getTime();
  if (left <= 0) return 'OVERDUE';
  return left <= settings.EXCEPTION_DEADLINE_WARNING_HOURS * HOUR ? 'DUE_SOON' : 'OK';
}
