// Out to Ozon, 4: the hand-over act and waybill. When one of our manifests (hand-over acts) closes
// with parcels of Ozon orders, Ozon's act is created for them, one per account: an OzonAct row is
// written (PENDING) and the `ozon.act` job walks it through Ozon's steps — act/create (the act id is
// kept), act/check-status until Ozon has formed it, act/get-pdf (act and waybill, kept) — each step
// saved, so a retry or a restart continues where it stopped. The manifest shows its Ozon acts.
// act/create is not idempotent on Ozon's side, so it is never sent blindly twice: the intent (with
// the delivery method and departure date it is sent with) is saved before the call, and a run that
// finds an intent without Ozon's act id (the answer was lost, or we stopped before saving it) first
// looks for the act that call made — act/list by creation date and delivery method, then
// act/get-postings for our postings — and keeps it; only when Ozon has none is the act created.
import type { Db, OzonAccount, OzonAct } from '@orderly/schema';
import { enqueueJob } from '../../jobs/enqueue.ts';
import { OzonApiError, type OzonClient, OzonMethodBlockedError, OzonUnexpectedAnswerError } from './client.ts';
import { rescheduleWhileBlocked } from './breaker.ts';
import type { Tx } from '../../../core/transaction.ts';
import { appendOrderEvent } from '../../orders/order.service.ts';
import { clientFor, ozonActor } from './sync.service.ts';

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

/** How far Ozon's clock (an act's created_at) may be behind ours when we look for an act we asked for. */
const clockSkewMs = 5 * 60_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The act an earlier act/create of ours made, if Ozon has one: acts of the delivery method created
 * since the intent (act/list), the first holding one of our postings (act/get-postings) that no
 * other act of ours has claimed. Null: that call never reached Ozon (or Ozon refused it).
 */
async function findCreatedAct(db: Db, client: OzonClient, act: OzonAct): Promise<string | null> {
  const since = act.createRequestedAt!.getTime() - clockSkewMs;
  const list = await client.call<{ result?: unknown }>('/v2/posting/fbs/act/list', {
    filter: { date_from: isoDay(since), date_to: isoDay(Date.now() + 86_400_000) },
    limit: 1000,
  });
  if (!Array.isArray(list.result)) throw new OzonUnexpectedAnswerError('/v2/posting/fbs/act/list');
  const candidates = (list.result as { id?: unknown; delivery_method_id?: unknown; created_at?: unknown }[])
    .filter((a) => (typeof a.id === 'number' || typeof a.id === 'string') && String(a.delivery_method_id) === act.deliveryMethodId)
    .filter((a) => typeof a.created_at !== 'string' || !(Date.parse(a.created_at) < since));
  const ours = new Set(act.postingNumbers);
  for (const candidate of candidates) {
    const id = String(candidate.id);
    const taken = await db.ozonAct.findFirst({ where: { accountId: act.accountId, ozonActId: id, NOT: { id: act.id } }, select: { id: true } });
    if (taken) continue;
    const postings = await client.call<{ result?: unknown }>('/v2/posting/fbs/act/get-postings', { id: Number(id) });
    if (!Array.isArray(postings.result)) throw new OzonUnexpectedAnswerError('/v2/posting/fbs/act/get-postings');
    if ((postings.result as { posting_number?: unknown }[]).some((p) => typeof p.posting_number === 'string' && ours.has(p.posting_number))) return id;
  }
  return null;
}

/** Ozon's act for `act`: the one an earlier attempt made, else a new one (the intent saved first). */
async function createOnOzon(db: Db, client: OzonClient, act: OzonAct, departure: Date): Promise<string> {
  if (act.createRequestedAt && act.deliveryMethodId) {
    const found = await findCreatedAct(db, client, act);
    if (found) return found;
  }
  let deliveryMethodId = act.deliveryMethodId;
  if (!deliveryMethodId) {
    // The delivery method of the act's postings (Ozon forms an act per delivery method).
    const posting = await client.getPosting(act.postingNumbers[0]!);
    const id = posting.delivery_method?.id;
    if (typeof id !== 'number') throw new OzonUnexpectedAnswerError('/v3/posting/fbs/get');
    deliveryMethodId = String(id);
  }
  const departureDate = act.departureDate ?? departure;
  await db.ozonAct.update({ where: { id: act.id }, data: { createRequestedAt: new Date(), deliveryMethodId, departureDate } });
  const created = await client.call<{ result?: { id?: unknown } }>(
    '/v2/posting/fbs/act/create',
    { delivery_method_id: Number(deliveryMethodId), departure_date: departureDate.toISOString() },
    { idempotent: false },
  );
  if (typeof created.result?.id !== 'number' && typeof created.result?.id !== 'string') throw new OzonUnexpectedAnswerError('/v2/posting/fbs/act/create');
  return String(created.result.id);
}

/**
 * One step further for an act; returns it as saved. Throws OzonActNotReadyError (and Ozon's
 * failures) for the job to retry; while Ozon blocks one of the act's methods the job is put off
 * until the block ends (rescheduled with its attempts untouched, and the act returned as it is).
 */
export async function advanceAct(db: Db, actId: string, departure = new Date()): Promise<OzonAct> {
  let act = await db.ozonAct.findUniqueOrThrow({ where: { id: actId } });
  if (act.status === 'READY') return act;
  const account = await db.ozonAccount.findUniqueOrThrow({ where: { id: act.accountId } });
  const client = clientFor(account, db);
  try {
    if (!act.ozonActId) {
      const ozonActId = await createOnOzon(db, client, act, departure);
      act = await db.$transaction(async (tx) => {
        const saved = await tx.ozonAct.update({ where: { id: act.id }, data: { ozonActId, status: 'CREATED', error: null } });
        await noteActOnOrders(tx, saved, account, 'act_created');
        return saved;
      });
    }
    const id = Number(act.ozonActId);
    const status = await client.call<{ result?: { status?: unknown } }>('/v2/posting/fbs/act/check-status', { id });
    if (status.result?.status === 'error') throw new OzonUnexpectedAnswerError('/v2/posting/fbs/act/check-status');
    if (status.result?.status !== 'ready') throw new OzonActNotReadyError();
    const file = await client.call<{ file_content?: unknown }>('/v2/posting/fbs/act/get-pdf', { id });
    if (typeof file.file_content !== 'string' || !file.file_content) throw new OzonUnexpectedAnswerError('/v2/posting/fbs/act/get-pdf');
    const pdf = Buffer.from(file.file_content, 'base64');
    return await db.$transaction(async (tx) => {
      const saved = await tx.ozonAct.update({ where: { id: act.id }, data: { pdf, status: 'READY', error: null } });
      await noteActOnOrders(tx, saved, account, 'act_ready');
      return saved;
    });
  } catch (error) {
    if (!(error instanceof OzonActNotReadyError)) await db.ozonAct.update({ where: { id: act.id }, data: { error: summary(error) } });
    if (error instanceof OzonMethodBlockedError) {
      await rescheduleWhileBlocked(db, error, ozonActTask, { actId: act.id }, `${ozonActTask}:${act.id}`);
      return await db.ozonAct.findUniqueOrThrow({ where: { id: act.id } });
    }
    throw error;
  }
}

/** Sync history: each order on the act gets a timeline entry (Ozon's act id, the act's postings of that order). */
async function noteActOnOrders(tx: Tx, act: OzonAct, account: OzonAccount, change: 'act_created' | 'act_ready') {
  const postings = await tx.ozonPosting.findMany({
    where: { accountId: act.accountId, postingNumber: { in: act.postingNumbers }, orderId: { not: null } },
    select: { orderId: true, postingNumber: true },
  });
  const byOrder = new Map<string, string[]>();
  for (const p of postings) byOrder.set(p.orderId!, [...(byOrder.get(p.orderId!) ?? []), p.postingNumber]);
  for (const [orderId, postingNumbers] of byOrder)
    await appendOrderEvent(tx, orderId, { type: 'NOTE_ADDED', actor: ozonActor(account), data: { source: 'ozon', change, ozonActId: act.ozonActId, postingNumbers } });
}
