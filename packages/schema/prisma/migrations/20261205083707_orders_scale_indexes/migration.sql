-- Hand-written, first: the trigram operator class of "Order_shipName_idx" comes from pg_trgm.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "Order_shipBy_idx";

-- DropIndex
DROP INDEX "Order_status_shipBy_idx";

-- CreateTable
CREATE TABLE "OrderStatusTally" (
    "id" BIGSERIAL NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "OrderStatusTally_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Order_status_shipBy_id_idx" ON "Order"("status", "shipBy", "id");

-- CreateIndex
CREATE INDEX "Order_shipBy_id_idx" ON "Order"("shipBy", "id");

-- CreateIndex
CREATE INDEX "Order_shipName_idx" ON "Order" USING GIN ("shipName" gin_trgm_ops);

-- Hand-written: search keys Prisma cannot express (the search in order-list.ts uses the same
-- expressions, so these indexes answer it).
-- External ids (Ozon posting numbers), case-insensitive, whole or by prefix.
CREATE INDEX "Order_externalId_lower_idx" ON "Order" (lower("externalId") text_pattern_ops);
-- SKUs on order lines, case-insensitive; the order id rides along for an index-only scan.
CREATE INDEX "OrderLine_sku_lower_orderId_idx" ON "OrderLine" (lower("sku"), "orderId");
-- Recipient phones by their last ten digits: "+7 (912) 345-67-89", "89123456789" and
-- "9123456789" are one key. Not partial: the planner keeps statistics only for whole expression
-- indexes, and without them it guesses 0.5 % of all orders per phone.
CREATE INDEX "Order_shipPhone_key_idx" ON "Order" (right(regexp_replace("shipPhone", '\D', '', 'g'), 10));

-- Hand-written: OrderStatusTally follows every change of Order.status. Statement triggers append
-- one row per status a statement changed (bulk loads stay set-based, and concurrent writers only
-- insert, so they never wait for each other); about one statement in 500 folds the rows back
-- into one per status, skipping rows a concurrent fold holds.
CREATE FUNCTION "orderly_order_status_tally"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "OrderStatusTally" ("status", "delta")
      SELECT "status", count(*) FROM new_rows GROUP BY "status";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "OrderStatusTally" ("status", "delta")
      SELECT "status", -count(*) FROM old_rows GROUP BY "status";
  ELSE
    INSERT INTO "OrderStatusTally" ("status", "delta")
      SELECT "status", sum("delta") FROM (
        SELECT "status", 1 AS "delta" FROM new_rows
        UNION ALL
        SELECT "status", -1 FROM old_rows
      ) AS "changes"
      GROUP BY "status" HAVING sum("delta") <> 0;
  END IF;
  IF random() < 0.002 THEN
    PERFORM "orderly_fold_order_status_tally"();
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION "orderly_fold_order_status_tally"() RETURNS void
LANGUAGE sql AS $$
  WITH "folded" AS (
    DELETE FROM "OrderStatusTally"
    WHERE "id" IN (SELECT "id" FROM "OrderStatusTally" FOR UPDATE SKIP LOCKED)
    RETURNING "status", "delta"
  )
  INSERT INTO "OrderStatusTally" ("status", "delta")
    SELECT "status", sum("delta") FROM "folded" GROUP BY "status" HAVING sum("delta") <> 0;
$$;

CREATE TRIGGER "Order_status_tally_insert" AFTER INSERT ON "Order"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "orderly_order_status_tally"();
CREATE TRIGGER "Order_status_tally_update" AFTER UPDATE ON "Order"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "orderly_order_status_tally"();
CREATE TRIGGER "Order_status_tally_delete" AFTER DELETE ON "Order"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "orderly_order_status_tally"();

-- The orders that exist already.
INSERT INTO "OrderStatusTally" ("status", "delta") SELECT "status", count(*) FROM "Order" GROUP BY "status";
