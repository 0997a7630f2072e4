// Out to Ozon, 4: the hand-over act and waybill. When one of our manifests (hand-over acts) closes
// with parcels of Ozon orders, Ozon's act is created for them, one per account: an OzonAct row is
// written (PENDING) and the `ozon.act` job walks it through Ozon's steps — act/create (the act id is
// kept), act/check-status until Ozon has formed it, act/get-pdf (act and waybill, kept) — each step
// saved, so a retry or a restart continues where it stopped. The manifest shows its Ozon acts.
import type { Db, OzonAct } from '@orderly/schema';
import { enqueueJob } from '../../jobs/enqueue.ts';
import { OzonApiError, OzonUnexpectedAnswerError } from './client.ts';
import { clientFor } from './sync.service.ts';

export const ozonActTask = 'ozon.act';

/** Ozon is still forming the act's documents: the job tries again later. */
export class OzonActNotReadyError extends Error {
  constructor() {
    super('Ozon is still forming the act');
    this.name = 'OzonActNotReadyError';
  }
}

/** Closed manifests holding parcels of Ozon orders with no Ozon act yet: one PENDING act per account, each with its job. */
export async function openActsForClosedManifests(db: Db, limit = 50): Promise<number> {
  const rows = await db.$queryRaw<{ manifestId: string; accountId: string; postingNumbers: string[] }[]>`
    SELECT m.id AS "manifestId", p."accountId", array_agg(DISTINCT p."postingNumber" ORDER BY p."postingNumber") AS "postingNumbers"
    FROM "Manifest" m
    JOIN "Parcel" pa ON pa."manifestId" = m.id
    JOIN "OzonPosting" p ON p."orderId" = pa."orderId" AND p.status NOT IN ('cancelled', 'cancelled_from_split_pending')
    JOIN "OzonAccount" a ON a.id = p."accountId" AND a.active
    WHERE m.status = 'CLOSED'
      AND NOT EXISTS (SELECT 1 FROM "OzonAct" x WHERE x."manifestId" = m.id AND x."accountId" = p."accountId")
    GROUP BY m.id, p."accountId"
    ORDER BY m.id LIMIT ${limit}`;
  for (const row of rows) {
    await db.$transaction(async (tx) => {
      const act = await tx.ozonAct.upsert({
        where: { manifestId_accountId: { manifestId: row.manifestId, accountId: row.accountId } },
        create: { manifestId: row.manifestId, accountId: row.accountId, postingNumbers: row.postingNumbers },
        update: {},
      });
      await enqueueJob(tx, ozonActTask, { payload: { actId: act.id }, jobKey: `${ozonActTask}:${act.id}` });
    });
  }
  return rows.length;
}

const summary = (error: unknown) =>
  error instanceof OzonApiError
    ? `${error.status}${error.code !== null ? ` code ${String(error.code)}` : ''}: ${error.ozonMessage}`.slice(0, 300)
    : (error as Error).name;

/** One step further for an act; returns it as saved. Throws OzonActNotReadyError (and Ozon's failures) for the job to retry. */
export async function advanceAct(db: Db, actId: string, departure = new Date()): Promise<OzonAct> {
  let act = await db.ozonAct.findUniqueOrThrow({ where: { id: actId } });
  if (act.status === 'READY') return act;
  const account = await db.ozonAccount.findUniqueOrThrow({ where: { id: act.accountId } });
  const client = clientFor(account);
  try {
    if (!act.ozonActId) {
      // The delivery method of the act's postings (Ozon forms an act per delivery method).
      const posting = await client.getPosting(act.postingNumbers[0]!);
      const deliveryMethodId = (posting.delivery_method as { id?: unknown } | null | undefined)?.id;
      if (typeof deliveryMethodId !== 'number') throw new OzonUnexpectedAnswerError('/v3/posting/fbs/get');
      const created = await client.call<{ result?: { id?: unknown } }>('/v2/posting/fbs/act/create', {
        delivery_method_id: deliveryMethodId,
        departure_date: departure.toISOString(),
      });
      if (typeof created.result?.id !== 'number' && typeof created.result?.id !== 'string') throw new OzonUnexpectedAnswerError('/v2/posting/fbs/act/create');
      act = await db.ozonAct.update({ where: { id: act.id }, data: { ozonActId: String(created.result.id), status: 'CREATED', error: null } });
    }
    const id = Number(act.ozonActId);
    const status = await client.call<{ result?: { status?: unknown } }>('/v2/posting/fbs/act/check-status', { id });
    if (status.result?.status === 'error') throw new OzonUnexpectedAnswerError('/v2/posting/fbs/act/check-status');
    if (status.result?.status !== 'ready') throw new OzonActNotReadyError();
    const file = await client.call<{ file_content?: unknown }>('/v2/posting/fbs/act/get-pdf', { id });
    if (typeof file.file_content !== 'string' || !file.file_content) throw new OzonUnexpectedAnswerError('/v2/posting/fbs/act/get-pdf');
    return await db.ozonAct.update({
      where: { id: act.id },
      data: { pdf: Buffer.from(file.file_content, 'base64'), status: 'READY', error: null },
    });
  } catch (error) {
    if (!(error instanceof OzonActNotReadyError)) await db.ozonAct.update({ where: { id: act.id }, data: { error: summary(error) } });
    throw error;
  }
}
