// Out to Ozon, 3: package labels. Ozon's label for a posting (v2/posting/fbs/package-label) is ready
// only ~45–60 s after ship, takes at most 20 postings a call, and one bad posting fails the whole
// call. The `ozon.labels` job fetches the label of every shipped posting in the background (first
// try 45 s after ship, then on the job's backoff) and caches the PDF on the posting; our label
// printing uses it for Ozon orders (ozonLabelForParcel). A batch of labels (printing many orders at
// once) goes in calls of ≤ 20; a failed call is split in halves down to single postings, so one bad
// posting costs its own label only, and each posting gets its own answer.
import type { Db, OzonAccount } from '@orderly/schema';
import { OzonApiError, type OzonClient, OzonMethodBlockedError, OzonUnexpectedAnswerError } from './client.ts';
import { appendOrderEvent } from '../../orders/order.service.ts';
import { clientFor, ozonActor, sweepAccounts } from './sync.service.ts';

export const labelLimits = { postingsPerCall: 20, readyAfterMs: 45_000 };

export interface LabelBatchResult {
  /** One PDF per successful call, with the postings it holds (in order). */
  files: { postingNumbers: string[]; pdf: Buffer }[];
  /** Postings Ozon refused on their own (Ozon's error code and message; no data of ours). */
  failed: { postingNumber: string; error: string }[];
}

const describe = (error: unknown) =>
  error instanceof OzonApiError
    ? `${error.status}${error.code !== null ? ` code ${String(error.code)}` : ''}: ${error.ozonMessage}`.slice(0, 300)
    : (error as Error).name;

async function labelCall(client: OzonClient, postingNumbers: string[]): Promise<Buffer> {
  const answer = await client.call<{ content_type?: unknown; file_content?: unknown }>('/v2/posting/fbs/package-label', { posting_number: postingNumbers });
  if (typeof answer.file_content !== 'string' || !answer.file_content) throw new OzonUnexpectedAnswerError('/v2/posting/fbs/package-label');
  const pdf = Buffer.from(answer.file_content, 'base64');
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new OzonUnexpectedAnswerError('/v2/posting/fbs/package-label');
  return pdf;
}

/**
 * Labels of `postingNumbers` in calls of ≤ 20. Ozon refusing a call (4xx) is split in halves and
 * retried, down to single postings; a failure that is not about the postings (5xx, timeouts, 429
 * after the client's retries) is thrown: the job tries again later.
 */
export async function requestLabels(client: OzonClient, postingNumbers: string[]): Promise<LabelBatchResult> {
  const result: LabelBatchResult = { files: [], failed: [] };
  const run = async (batch: string[]): Promise<void> => {
    try {
      result.files.push({ postingNumbers: batch, pdf: await labelCall(client, batch) });
    } catch (error) {
      // A block is not about the postings: thrown, the job waits for it to end.
      if (!(error instanceof OzonApiError) || error.retryable || error instanceof OzonMethodBlockedError) throw error;
      if (batch.length === 1) {
        result.failed.push({ postingNumber: batch[0]!, error: describe(error) });
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await run(batch.slice(0, half));
      await run(batch.slice(half));
    }
  };
  for (let i = 0; i < postingNumbers.length; i += labelLimits.postingsPerCall) await run(postingNumbers.slice(i, i + labelLimits.postingsPerCall));
  return result;
}

/** Shipped postings of `account` whose label is not cached yet and should be ready by `now`. */
async function postingsDue(db: Db, account: OzonAccount, now: Date, limit: number) {
  const rows = await db.ozonPosting.findMany({
    where: {
      accountId: account.id,
      orderId: { not: null },
      labelFetchedAt: null,
      status: { notIn: ['cancelled', 'cancelled_from_split_pending', 'awaiting_packaging'] },
      OR: [{ shippedAt: { lte: new Date(now.getTime() - labelLimits.readyAfterMs) } }, { parentPostingNumber: { not: null } }],
    },
    select: { postingNumber: true, parentPostingNumber: true },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  if (!rows.length) return [];
  // The parts of a split posting share their parent's ship time.
  const parents = await db.ozonPosting.findMany({
    where: { accountId: account.id, postingNumber: { in: rows.map((r) => r.parentPostingNumber).filter((n): n is string => !!n) } },
    select: { postingNumber: true, shippedAt: true },
  });
  const shippedAt = new Map(parents.map((p) => [p.postingNumber, p.shippedAt]));
  return rows
    .filter((r) => !r.parentPostingNumber || (shippedAt.get(r.parentPostingNumber)?.getTime() ?? Infinity) <= now.getTime() - labelLimits.readyAfterMs)
    .map((r) => r.postingNumber);
}

export interface LabelFetchReport {
  fetched: number;
  /** Per posting: Ozon's refusal (kept on the posting; tried again on the next run). */
  failed: { postingNumber: string; error: string }[];
}

/**
 * Fetches and caches the labels due for one account: one posting a call (each parcel prints its own
 * label, and Ozon's PDF for several postings is one file), per-posting errors recorded.
 */
export async function fetchDueLabels(db: Db, account: OzonAccount, now = new Date(), limit = 200): Promise<LabelFetchReport> {
  const due = await postingsDue(db, account, now, limit);
  const client = clientFor(account, db);
  const report: LabelFetchReport = { fetched: 0, failed: [] };
  for (const postingNumber of due) {
    const { files, failed } = await requestLabels(client, [postingNumber]);
    const where = { accountId_postingNumber: { accountId: account.id, postingNumber } };
    if (files[0]) {
      const pdf = new Uint8Array(files[0].pdf);
      await db.$transaction(async (tx) => {
        const row = await tx.ozonPosting.update({ where, data: { labelPdf: pdf, labelFetchedAt: new Date(), labelError: null }, select: { orderId: true } });
        // Sync history: the label is here (the order's timeline says so).
        if (row.orderId)
          await appendOrderEvent(tx, row.orderId, { type: 'NOTE_ADDED', actor: ozonActor(account), data: { source: 'ozon', change: 'label_fetched', postingNumber } });
      });
      report.fetched++;
    } else {
      await db.ozonPosting.update({ where, data: { labelError: failed[0]!.error } });
      report.failed.push(failed[0]!);
    }
  }
  return report;
}

/**
 * Every active account; throws (so the job retries with backoff) when some label could not be
 * fetched. An account whose label call Ozon blocks waits: the after-ship job is put off until the
 * block ends (the minute sweep would find the labels too).
 */
export async function fetchDueLabelsAllAccounts(db: Db, now = new Date()) {
  let failed = 0;
  await sweepAccounts(
    db,
    async (account) => {
      failed += (await fetchDueLabels(db, account, now)).failed.length;
    },
    { task: 'ozon.labels', jobKey: 'ozon.labels:after-ship' },
  );
  if (failed) throw new Error(`${failed} Ozon label(s) not ready or refused (see OzonPosting.labelError)`);
}

/**
 * Ozon's label for one of our parcels, when the order is an Ozon posting and the label is cached:
 * one parcel → the posting's label; several (the posting was split on ship) → the parcel's part,
 * in order (parcel sequence ↔ part number).
 */
export async function ozonLabelForParcel(db: Pick<Db, 'ozonPosting' | 'parcel'>, parcel: { id: string; orderId: string; sequence: number }): Promise<Buffer | null> {
  const postings = await db.ozonPosting.findMany({
    where: { orderId: parcel.orderId },
    select: { postingNumber: true, parentPostingNumber: true, labelPdf: true, parcelId: true },
  });
  if (!postings.length) return null;
  // The posting this parcel was shipped as (ship.service.ts keeps it): its label, whatever the order of parts.
  const own = postings.find((p) => p.parcelId === parcel.id);
  if (own) return own.labelPdf ? Buffer.from(own.labelPdf) : null;
  const parts = postings.filter((p) => p.parentPostingNumber).sort((a, b) => a.postingNumber.localeCompare(b.postingNumber, 'en', { numeric: true }));
  if (!parts.length) return postings[0]!.labelPdf ? Buffer.from(postings[0]!.labelPdf) : null;
  const sequences = (
    await db.parcel.findMany({ where: { orderId: parcel.orderId, status: { not: 'OPEN' } }, select: { sequence: true }, orderBy: { sequence: 'asc' } })
  ).map((p) => p.sequence);
  const part = parts[sequences.indexOf(parcel.sequence)];
  return part?.labelPdf ? Buffer.from(part.labelPdf) : null;
}
