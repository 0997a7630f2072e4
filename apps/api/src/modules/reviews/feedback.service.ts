// Feedback next to a product's content: its rating, the latest negative reviews, why its units
// come back (return reasons, from the returns' lines) and the causes staff found for negative
// reviews — for many products at once (a catalogue page), in four grouped statements whatever the
// number of products.
import { Prisma, type Db, type ReturnReason, type ReviewCause } from '@orderly/schema';

/** Latest negative reviews shown per product. */
export const latestNegativePerProduct = 3;

export interface ProductFeedback {
  productId: string;
  /** null: no review yet. */
  averageRating: number | null;
  reviewCount: number;
  /** Ids, newest first. */
  latestNegativeReviewIds: string[];
  returnReasons: { reason: ReturnReason; returns: number; units: number }[];
  causes: { cause: ReviewCause; count: number }[];
}

export async function productFeedback(db: Db, productIds: readonly string[]): Promise<Map<string, ProductFeedback>> {
  const ids = [...new Set(productIds)];
  const result = new Map<string, ProductFeedback>(
    ids.map((productId) => [productId, { productId, averageRating: null, reviewCount: 0, latestNegativeReviewIds: [], returnReasons: [], causes: [] }]),
  );
  if (!ids.length) return result;
  const inIds = Prisma.sql`${ids}::uuid[]`;
  const [ratings, negatives, reasons, causes] = await Promise.all([
    db.$queryRaw<{ productId: string; average: number; count: number }[]>`
      SELECT "productId"::text, avg(rating)::float8 AS average, count(*)::int AS count
      FROM "Review" WHERE "productId" = ANY(${inIds}) GROUP BY "productId"`,
    db.$queryRaw<{ productId: string; id: string }[]>`
      SELECT "productId"::text, id::text FROM (
        SELECT "productId", id, row_number() OVER (PARTITION BY "productId" ORDER BY "publishedAt" DESC, id DESC) AS n
        FROM "Review" WHERE "productId" = ANY(${inIds}) AND rating <= 3
      ) ranked WHERE n <= ${latestNegativePerProduct} ORDER BY "productId", n`,
    db.$queryRaw<{ productId: string; reason: ReturnReason; returns: number; units: number }[]>`
      SELECT ol."productId"::text, l.reason, count(DISTINCT l."returnId")::int AS returns, sum(l.quantity)::int AS units
      FROM "ReturnLine" l JOIN "OrderLine" ol ON ol.id = l."orderLineId"
      WHERE ol."productId" = ANY(${inIds})
      GROUP BY ol."productId", l.reason ORDER BY units DESC, returns DESC, l.reason`,
    db.$queryRaw<{ productId: string; cause: ReviewCause; count: number }[]>`
      SELECT r."productId"::text, f.cause, count(*)::int AS count
      FROM "ReviewFollowUp" f JOIN "Review" r ON r.id = f."reviewId"
      WHERE r."productId" = ANY(${inIds}) AND f.cause IS NOT NULL
      GROUP BY r."productId", f.cause ORDER BY count DESC, f.cause`,
  ]);
  for (const r of ratings) Object.assign(result.get(r.productId)!, { averageRating: Math.round(r.average * 100) / 100, reviewCount: r.count });
  for (const n of negatives) result.get(n.productId)!.latestNegativeReviewIds.push(n.id);
  for (const { productId, ...reason } of reasons) result.get(productId)!.returnReasons.push(reason);
  for (const { productId, ...cause } of causes) result.get(productId)!.causes.push(cause);
  return result;
}
