// Ozon and reviews: the reply port for Ozon channels (v1/review/comment/create with
// mark_review_as_processed; at most 1,000 characters; Premium only — Ozon's 403 makes the reply
// FAILED with the reason) and the `ozon.reviews` pull (v1/review/list, newest first) feeding the
// reviews module's import (idempotent on channel + Ozon's review id). Ozon's list names the
// product by its Ozon SKU: v3/product/info/list gives the offer id, which is our SKU.
import type { Db, OzonAccount } from '@orderly/schema';
import { DomainError } from '../../../core/errors.ts';
import { registerReviewReplyChannels, type ReviewReplyChannelProvider } from '../../reviews/reply-channel.ts';
import { recordReview } from '../../reviews/reviews.service.ts';
import { OzonApiError, OzonMethodBlockedError, OzonUnexpectedAnswerError } from './client.ts';
import { clientFor, ozonActor, sweepAccounts } from './sync.service.ts';

export const ozonReplyMaxLength = 1000;
const listMethod = '/v1/review/list';
/** Pages read per pull at most (100 reviews each); the next pull goes on where new reviews are. */
const maxPagesPerPull = 20;

export const ozonReviewReplies: ReviewReplyChannelProvider = {
  async forChannel(db, channel) {
    const account = await db.ozonAccount.findFirst({ where: { channel, active: true } });
    if (!account) return null;
    return {
      maxLength: ozonReplyMaxLength,
      async send(jobDb, reply) {
        try {
          const answer = await clientFor(account, jobDb).call<{ comment_id?: unknown }>(
            '/v1/review/comment/create',
            { review_id: reply.reviewExternalId, text: reply.text, mark_review_as_processed: true },
            // A comment is not idempotent: retried only when Ozon surely did not take it.
            { idempotent: false },
          );
          return { ok: true, externalId: typeof answer.comment_id === 'string' ? answer.comment_id : null };
        } catch (error) {
          if (!(error instanceof OzonApiError) || error instanceof OzonMethodBlockedError || error.retryable) throw error;
          const code = `${error.status}${error.code !== null ? ` code ${String(error.code)}` : ''}`;
          const reason =
            error.status === 403
              ? `Ozon refused (${code}): replying to reviews needs an Ozon Premium subscription for this account. ${error.ozonMessage}`
              : `Ozon refused (${code}): ${error.ozonMessage}`;
          return { ok: false, reason: reason.slice(0, 500) };
        }
      },
    };
  },
};
registerReviewReplyChannels(ozonReviewReplies);

interface OzonReviewItem {
  id?: unknown;
  sku?: unknown;
  rating?: unknown;
  text?: unknown;
  published_at?: unknown;
}

export interface ReviewsPullReport {
  listed: number;
  imported: number;
  /** Ozon refused the list (403: no Premium subscription). */
  unavailable: boolean;
}

/** One account's pull: newest first, page by page, until a page brings nothing new. */
export async function pullReviews(db: Db, account: OzonAccount, now = new Date()): Promise<ReviewsPullReport> {
  const report: ReviewsPullReport = { listed: 0, imported: 0, unavailable: false };
  const client = clientFor(account, db);
  let lastId = '';
  try {
    for (let page = 0; page < maxPagesPerPull; page++) {
      const answer = await client.call<{ reviews?: unknown; has_next?: unknown; last_id?: unknown }>(listMethod, {
        limit: 100,
        sort_dir: 'DESC',
        status: 'ALL',
        ...(lastId ? { last_id: lastId } : {}),
      });
      if (!Array.isArray(answer.reviews)) throw new OzonUnexpectedAnswerError(listMethod);
      const items = (answer.reviews as OzonReviewItem[]).filter((r) => typeof r.id === 'string' && Number.isInteger(r.rating));
      report.listed += items.length;
      const known = new Set(
        (await db.review.findMany({ where: { channel: account.channel, externalId: { in: items.map((r) => r.id as string) } }, select: { externalId: true } })).map(
          (r) => r.externalId,
        ),
      );
      const fresh = items.filter((r) => !known.has(r.id as string));
      const skus = [...new Set(fresh.map((r) => String(r.sku)))];
      const info = skus.length ? await client.call<{ items?: { sku?: unknown; offer_id?: unknown }[] }>('/v3/product/info/list', { sku: skus }) : { items: [] };
      const offerOf = new Map((info.items ?? []).map((i) => [String(i.sku), String(i.offer_id)]));
      const products = await db.product.findMany({ where: { sku: { in: [...offerOf.values()] } }, select: { id: true, sku: true } });
      const productOf = new Map(products.map((p) => [p.sku, p.id]));
      for (const item of fresh) {
        const publishedAt = typeof item.published_at === 'string' ? new Date(item.published_at) : now;
        try {
          const { outcome } = await db.$transaction((tx) =>
            recordReview(
              tx,
              {
                channel: account.channel,
                externalId: item.id as string,
                productId: productOf.get(offerOf.get(String(item.sku)) ?? '') ?? null,
                rating: item.rating as number,
                body: typeof item.text === 'string' ? item.text : '',
                publishedAt: Number.isNaN(publishedAt.getTime()) || publishedAt > now ? now : publishedAt,
              },
              { actor: ozonActor(account), now },
            ),
          );
          if (outcome === 'CREATED') report.imported++;
        } catch (error) {
          // A review Ozon sends that our rules refuse (a rating outside 1–5) is skipped, not retried forever.
          if (!(error instanceof DomainError)) throw error;
        }
      }
      const next = typeof answer.last_id === 'string' ? answer.last_id : '';
      if (!fresh.length || answer.has_next !== true || !next || next === lastId) break;
      lastId = next;
    }
  } catch (error) {
    if (error instanceof OzonApiError && !(error instanceof OzonMethodBlockedError) && error.status === 403) return { ...report, unavailable: true };
    throw error;
  }
  return report;
}

export async function pullReviewsAllAccounts(db: Db, now = new Date()) {
  await sweepAccounts(db, async (account) => {
    await pullReviews(db, account, now);
  });
}
