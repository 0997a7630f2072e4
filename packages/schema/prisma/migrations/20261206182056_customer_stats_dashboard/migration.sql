-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "firstOrderAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastOrderAt" TIMESTAMPTZ(3),
ADD COLUMN     "marketingConsentAt" TIMESTAMPTZ(3),
ADD COLUMN     "marketingConsentSource" TEXT,
ADD COLUMN     "orderCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "spentAmount" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Customer_orderCount_id_idx" ON "Customer"("orderCount", "id");

-- CreateIndex
CREATE INDEX "Customer_spentAmount_id_idx" ON "Customer"("spentAmount", "id");

-- CreateIndex
CREATE INDEX "Customer_lastOrderAt_id_idx" ON "Customer"("lastOrderAt", "id");

-- CreateIndex
CREATE INDEX "Order_placedAt_idx" ON "Order"("placedAt");

-- CreateIndex
CREATE INDEX "Review_publishedAt_idx" ON "Review"("publishedAt");

-- CreateIndex
CREATE INDEX "Review_orderId_idx" ON "Review"("orderId");

-- Hand-written: the Customer order statistics (orderCount, spentAmount, firstOrderAt, lastOrderAt)
-- follow the orders: statement triggers recompute them for the customers a statement touched
-- (bulk loads stay set-based). The customers are locked first, in id order, and recomputed in a
-- second statement that sees what concurrent writers committed meanwhile, so two orders of one
-- buyer placed at once are both counted. Cancelled orders do not count.
CREATE FUNCTION "orderly_refresh_customer_stats"(ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "Customer" WHERE "id" = ANY(ids) ORDER BY "id" FOR UPDATE;
  UPDATE "Customer" c
     SET "orderCount" = s."n", "spentAmount" = s."spent", "firstOrderAt" = s."first", "lastOrderAt" = s."last"
    FROM (
      SELECT i."id", count(o."id")::int AS "n", coalesce(sum(o."totalAmount"), 0)::bigint AS "spent",
             min(o."placedAt") AS "first", max(o."placedAt") AS "last"
        FROM unnest(ids) AS i("id")
        LEFT JOIN "Order" o ON o."customerId" = i."id" AND o."status" <> 'CANCELLED'
       GROUP BY i."id"
    ) AS s
   WHERE c."id" = s."id"
     AND (c."orderCount", c."spentAmount", c."firstOrderAt", c."lastOrderAt") IS DISTINCT FROM (s."n", s."spent", s."first", s."last");
END;
$$;

CREATE FUNCTION "orderly_order_customer_stats"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT "customerId") INTO ids FROM new_rows WHERE "customerId" IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT "customerId") INTO ids FROM old_rows WHERE "customerId" IS NOT NULL;
  ELSE
    -- Only rows whose buyer, cancellation, total or placedAt changed (most updates are status moves).
    SELECT array_agg(DISTINCT x."customerId") INTO ids FROM (
      SELECT n."customerId" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
       WHERE n."customerId" IS DISTINCT FROM o."customerId" OR n."totalAmount" <> o."totalAmount" OR n."placedAt" <> o."placedAt"
          OR (n."status" = 'CANCELLED') <> (o."status" = 'CANCELLED')
      UNION ALL
      SELECT o."customerId" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
       WHERE n."customerId" IS DISTINCT FROM o."customerId"
    ) AS x WHERE x."customerId" IS NOT NULL;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM "orderly_refresh_customer_stats"(ids);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Order_customer_stats_insert" AFTER INSERT ON "Order"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "orderly_order_customer_stats"();
CREATE TRIGGER "Order_customer_stats_update" AFTER UPDATE ON "Order"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "orderly_order_customer_stats"();
CREATE TRIGGER "Order_customer_stats_delete" AFTER DELETE ON "Order"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "orderly_order_customer_stats"();

-- Existing customers: their statistics as the trigger would have kept them.
UPDATE "Customer" c
   SET "orderCount" = s."n", "spentAmount" = s."spent", "firstOrderAt" = s."first", "lastOrderAt" = s."last"
  FROM (
    SELECT "customerId", count(*)::int AS "n", sum("totalAmount")::bigint AS "spent", min("placedAt") AS "first", max("placedAt") AS "last"
      FROM "Order" WHERE "customerId" IS NOT NULL AND "status" <> 'CANCELLED' GROUP BY "customerId"
  ) AS s
 WHERE c."id" = s."customerId";

-- Hand-written: recognising a buyer at intake by phone or e-mail (modules/customers/customer-link.ts
-- computes the same keys). A phone's key is its digits with a Russian trunk 8 read as 7, null when
-- too short to mean anyone (Ozon sends ""); an e-mail's is trimmed and lower-cased.
CREATE FUNCTION "orderly_phone_key"(phone text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN d ~ '^8[0-9]{10}$' THEN '7' || substr(d, 2) WHEN length(d) >= 7 THEN d END
    FROM (SELECT regexp_replace(phone, '\D', '', 'g') AS d) AS x
$$;
CREATE FUNCTION "orderly_email_key"(email text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN position('@' IN btrim(email)) > 1 THEN lower(btrim(email)) END
$$;
CREATE INDEX "Customer_phone_key_idx" ON "Customer" ("orderly_phone_key"("phone")) WHERE "anonymizedAt" IS NULL;
CREATE INDEX "Customer_email_key_idx" ON "Customer" ("orderly_email_key"("email")) WHERE "anonymizedAt" IS NULL;
