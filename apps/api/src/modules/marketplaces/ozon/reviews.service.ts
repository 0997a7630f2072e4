// Ozon and reviews: the reply port for Ozon channels (v1/review/comment/create with
// mark_review_as_processed; at most 1,000 characters; Premium only — Ozon's 403 makes the reply
// FAILED with the reason) and the `ozon.reviews` pull (v1/review/list, newest first) feeding the
// reviews module's import (idempotent on channel + Ozon's review id; a review whose rating or text
// the buyer edited is updated). Ozon's list names the product by its Ozon SKU: v3/product/info/list
// gives the offer id, which is our SKU. A comment is not idempotent: when an earlier attempt may
// have reached Ozon (its answer lost), the reply is first looked for among the review's comments
// (v1/review/comment/list) and not posted twice.
import type { Db, OzonAccount } from '@orderly/schema';
import { DomainError } from '../../../core/errors.ts';
import { registerReviewReplyChannels, type ReviewReplyChannelProvider } from '../../reviews/reply-channel.ts';
import { recordReview } from '../../reviews/reviews.service.ts';
import { notCarriedOut, OzonApiError, OzonMethodBlockedError, type OzonClient, OzonUnexpectedAnswerError } from './client.ts';
import { clientFor, ozonActor, sweepAccounts } from './sync.service.ts';

/** The longest review comment Orderly sends to Ozon, in characters (Review.replyMaxLength; longer replies are refused with REPLY_TOO_LONG). No limit is documented for v1/review/comment/create as far as we know; 1000 is our chosen, conservative limit. */
export const ozonReplyMaxLength = 1000;
const listMethod = '/v1/review/list';
const commentListMethod = '/v1/review/comment/list';
/** Pages read per pull at most (100 reviews each); the next pull goes on where new reviews are. */
const maxPagesPerPull = 20;
/** Pages of a review's comments read when looking for a reply that may have reached Ozon. */
const maxCommentPages = 10;

/** Our own comment with `text` under the review (its id), or null when Ozon does not have it. */
async function findOwnComment(client: OzonClient, reviewId: string, text: string): Promise<string | null> {
  const limit = 100;
  for (let page = 0; page < maxCommentPages; page++) {
    const answer = await client.call<{ comments?: unknown }>(commentListMethod, { review_id: reviewId, limit, offset: page * limit, sort_dir: 'DESC' });
    if (!Array.isArray(answer.comments)) throw new OzonUnexpectedAnswerError(commentListMethod);
    const comments = answer.comments as { id?: unknown; text?: unknown; is_owner?: unknown }[];
    const own = comments.find((c) => c.is_owner === true && typeof c.text === 'string' && c.text.trim() === text.trim() && c.id != null);
    if (own) return String(own.id);
    if (comments.length < limit) return null;
  }
  return null;
}

export const ozonReviewReplies: ReviewReplyChannelProvider = {
  async forChannel(db, channel) {
    const account = await db.ozonAccount.findFirst({ where: { channel, active: true } });
    if (!account) return null;
    return {
      maxLength: ozonReplyMaxLength,
      async send(jobDb, reply) {
        const client = clientFor(account, jobDb);
        try {
          if (reply.maybeDelivered) {
            const commentId = await findOwnComment(client, reply.reviewExternalId, reply.text);
            if (commentId !== null) return { ok: true, externalId: commentId };
          }
          const answer = await client.call<{ comment_id?: unknown }>(
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
      notDelivered: (error) => error instanceof OzonMethodBlockedError || notCarriedOut(error),
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
  /** Known reviews the buyer edited (rating or text changed). */
  updated: number;
  /** Ozon refused the list (403: no Premium subscription). */
  unavailable: boolean;
}

/**
 * One account's pull: newest first, page by page, until a page brings nothing new. Ozon's list says
 * nothing of edits (no updated_at): a known review on the pages read whose rating or text differs is
 * recorded again (updated); an edit of an older review is seen when it reaches a page read.
 */
export async function pullReviews(db: Db, account: OzonAccount, now = new Date()): Promise<ReviewsPullReport> {
  const report: ReviewsPullReport = { listed: 0, imported: 0, updated: 0, unavailable: false };
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
      const known = new Map(
        (
          await db.review.findMany({
            where: { channel: account.channel, externalId: { in: items.map((r) => r.id as string) } },
            select: { externalId: true, rating: true, body: true },
          })
        ).map((r) => [r.externalId, r]),
      );
      const fresh = items.filter((r) => !known.has(r.id as string));
      const edited = items.filter((r) => {
        const was = known.get(r.id as string);
        return was && (was.rating !== r.rating || was.body !== (typeof r.text === 'string' ? r.text.trim() : ''));
      });
      const skus = [...new Set(fresh.map((r) => String(r.sku)))];
      const info = skus.length ? await client.call<{ items?: { sku?: unknown; offer_id?: unknown }[] }>('/v3/product/info/list', { sku: skus }) : { items: [] };
      const offerOf = new Map((info.items ?? []).map((i) => [String(i.sku), String(i.offer_id)]));
      const products = await db.product.findMany({ where: { sku: { in: [...offerOf.values()] } }, select: { id: true, sku: true } });
      const productOf = new Map(products.map((p) => [p.sku, p.id]));
      for (const item of [...fresh, ...edited]) {
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
          if (outcome === 'UPDATED') report.updated++;
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
