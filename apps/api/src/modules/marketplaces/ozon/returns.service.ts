// In from Ozon: returns. The `ozon.returns` job pulls each account's FBS returns from Ozon's list
// (v1/returns/list: one date filter — the status-change moment, since the last pull less an
// overlap —, ≤ 500 a page, paged by last_id) and turns each return of units we shipped into an
// Orderly return through the returns module (requestReturn, idempotent on channel + external id
// `ozon-return:<id>`; Ozon, not our policy, decides what the buyer may return, so a return outside
// our window or reasons goes through with the policy override recorded):
// - ClientReturn: the buyer sent units back after delivery;
// - PartialReturn: the buyer refused some units at delivery — the posting stays delivered and the
//   refused units come back (reason PARTIAL_REFUSAL_AT_DELIVERY).
// FullReturn (the whole posting refused) and Cancellation never reached the buyer: the posting's
// own state (cancelled after hand-over) brings the parcel back through tracking (sync.service.ts).
// Every return Ozon reported is kept (OzonReturn) with the Orderly return it became or why not yet
// (e.g. the order is not delivered here yet) and tried again on each pull, without asking Ozon.
// Ozon answers 403 when the account's key may not read returns (no Premium subscription, or no
// role): the account is marked (the health view says so) and not asked again for a day — no storm.
import type { Db, OzonAccount, OzonReturn, ReturnReason } from '@orderly/schema';
import { DomainError } from '../../../core/errors.ts';
import { requestReturn } from '../../returns/returns.service.ts';
import { OzonApiError, OzonMethodBlockedError, OzonUnexpectedAnswerError } from './client.ts';
import { clientFor, ozonActor, sweepAccounts } from './sync.service.ts';

const returnsMethod = '/v1/returns/list';

export const returnsPolicy = {
  pageSize: 500,
  /** The first pull reads this far back. */
  firstPullMs: 30 * 86_400_000,
  /** Each pull reads back this far before the cursor (Ozon's clock and ours may differ). */
  overlapMs: 10 * 60_000,
  /** After a 403, how long before Ozon is asked again. */
  unavailableForMs: 24 * 3_600_000,
};

/** Ozon's return types that are returns of delivered units. */
const importedTypes = new Set(['ClientReturn', 'PartialReturn']);

interface OzonReturnItem {
  id?: unknown;
  type?: unknown;
  schema?: unknown;
  posting_number?: unknown;
  return_reason_name?: unknown;
  product?: { sku?: unknown; offer_id?: unknown; quantity?: unknown } | null;
}

/** Ozon's reason text (Russian, free) as one of our reasons, by a few telling words. */
export function reasonOf(type: string, reasonName: string): ReturnReason {
  if (type === 'PartialReturn') return 'PARTIAL_REFUSAL_AT_DELIVERY';
  const text = reasonName.toLowerCase();
  if (/брак|дефект|не работает|defect|broken/.test(text)) return 'DEFECTIVE';
  if (/поврежд|damage/.test(text)) return 'DAMAGED_IN_TRANSIT';
  if (/не тот|другой товар|пересорт|wrong/.test(text)) return 'WRONG_ITEM';
  if (/не соответств|описани|not as described/.test(text)) return 'NOT_AS_DESCRIBED';
  if (/размер|не подош|size|fit/.test(text)) return 'SIZE_OR_FIT';
  if (/передумал|больше не нужен|changed.*mind/.test(text)) return 'CHANGED_MIND';
  return 'OTHER';
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** Keeps the returns of one page we import (FBS, delivered units), new ones only; the rest are left out. */
async function keep(db: Db, account: OzonAccount, items: OzonReturnItem[]) {
  for (const item of items) {
    const id = text(item.id);
    const type = text(item.type);
    const quantity = Number(item.product?.quantity ?? 0);
    if (!id || !importedTypes.has(type) || text(item.schema).toLowerCase() !== 'fbs' || !text(item.posting_number)) continue;
    await db.ozonReturn.upsert({
      where: { accountId_ozonReturnId: { accountId: account.id, ozonReturnId: id } },
      create: {
        accountId: account.id,
        ozonReturnId: id,
        postingNumber: text(item.posting_number).slice(0, 100),
        type,
        offerId: text(item.product?.offer_id).slice(0, 200),
        sku: text(item.product?.sku).slice(0, 40),
        quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 1,
        reasonName: text(item.return_reason_name).slice(0, 300),
      },
      update: {},
    });
  }
}

/** One kept return into an Orderly return; returns the error code when it cannot be (yet). */
async function importReturn(db: Db, account: OzonAccount, row: OzonReturn, now: Date): Promise<string | null> {
  const posting = await db.ozonPosting.findUnique({
    where: { accountId_postingNumber: { accountId: account.id, postingNumber: row.postingNumber } },
    select: { orderId: true },
  });
  if (!posting?.orderId) return 'UNKNOWN_POSTING';
  const lines = await db.orderLine.findMany({ where: { orderId: posting.orderId }, select: { id: true, sku: true }, orderBy: { position: 'asc' } });
  const line = lines.find((l) => l.sku === row.offerId) ?? lines.find((l) => l.sku === row.sku);
  if (!line) return 'UNKNOWN_PRODUCT';
  try {
    const { returnId } = await db.$transaction((tx) =>
      requestReturn(
        tx,
        {
          orderId: posting.orderId!,
          externalId: `ozon-return:${row.ozonReturnId}`,
          reason: reasonOf(row.type, row.reasonName),
          requestedOutcome: 'REFUND',
          buyerComment: row.reasonName,
          lines: [{ orderLineId: line.id, quantity: row.quantity }],
          override: { reason: 'Accepted by Ozon' },
        },
        { actor: ozonActor(account), now, canOverride: true },
      ),
    );
    await db.ozonReturn.update({ where: { id: row.id }, data: { returnId, error: null } });
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.errors.map((e) => e.code).join(', ');
    throw error;
  }
}

export interface ReturnsPullReport {
  /** Returns Ozon listed in this pull (all types). */
  listed: number;
  imported: number;
  /** Kept returns not imported yet (tried again next pull). */
  waiting: number;
  /** Ozon refused the list (403): the account cannot read returns. */
  unavailable: boolean;
}

/** One account's pull: Ozon's returns since the cursor, then every kept return not imported yet. */
export async function pullReturns(db: Db, account: OzonAccount, now = new Date()): Promise<ReturnsPullReport> {
  const report: ReturnsPullReport = { listed: 0, imported: 0, waiting: 0, unavailable: false };
  if (account.returnsUnavailableAt && now.getTime() - account.returnsUnavailableAt.getTime() < returnsPolicy.unavailableForMs) {
    return { ...report, unavailable: true };
  }
  const client = clientFor(account, db);
  const from = account.returnsCursor ? new Date(account.returnsCursor.getTime() - returnsPolicy.overlapMs) : new Date(now.getTime() - returnsPolicy.firstPullMs);
  let lastId: string | null = null;
  try {
    for (;;) {
      const answer: { returns?: unknown; has_next?: unknown } = await client.call(returnsMethod, {
        filter: { visual_status_change_moment: { time_from: from.toISOString(), time_to: now.toISOString() }, return_schema: 'FBS' },
        limit: returnsPolicy.pageSize,
        ...(lastId ? { last_id: Number(lastId) } : {}),
      });
      if (!Array.isArray(answer.returns)) throw new OzonUnexpectedAnswerError(returnsMethod);
      const items = answer.returns as OzonReturnItem[];
      report.listed += items.length;
      await keep(db, account, items);
      const next = text(items.at(-1)?.id);
      if (answer.has_next !== true || !next || next === lastId) break;
      lastId = next;
    }
  } catch (error) {
    if (error instanceof OzonApiError && !(error instanceof OzonMethodBlockedError) && error.status === 403) {
      const why = `403${error.code !== null ? ` code ${String(error.code)}` : ''}: ${error.ozonMessage}`.slice(0, 300);
      await db.ozonAccount.update({ where: { id: account.id }, data: { returnsUnavailableAt: now, returnsUnavailable: why } });
      return { ...report, unavailable: true };
    }
    throw error;
  }
  await db.ozonAccount.update({ where: { id: account.id }, data: { returnsCursor: now, returnsUnavailableAt: null, returnsUnavailable: null } });

  const pending = await db.ozonReturn.findMany({ where: { accountId: account.id, returnId: null }, orderBy: { createdAt: 'asc' }, take: 500 });
  for (const row of pending) {
    const error = await importReturn(db, account, row, now);
    if (error === null) report.imported++;
    else {
      report.waiting++;
      if (error !== row.error) await db.ozonReturn.update({ where: { id: row.id }, data: { error: error.slice(0, 300) } });
    }
  }
  return report;
}

/** Every active account (one whose returns call Ozon blocks waits for the next run). */
export async function pullReturnsAllAccounts(db: Db, now = new Date()) {
  await sweepAccounts(db, async (account) => {
    await pullReturns(db, account, now);
  });
}
