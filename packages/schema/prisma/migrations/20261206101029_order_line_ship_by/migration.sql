-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "shipBy" TIMESTAMPTZ(3);

-- Hand-written: OrderLine."shipBy" is its order's shipBy, so the SKU search (order-list.ts) reads
-- a page of one SKU's orders in ship-by order from one index range instead of fetching every order
-- that ever sold the SKU (about a thousand at a million orders) to sort them. Triggers keep the
-- copy: a line takes its order's value whenever it is written, an order's change reaches its lines.
UPDATE "OrderLine" l SET "shipBy" = o."shipBy" FROM "Order" o WHERE o.id = l."orderId";

CREATE FUNCTION "orderly_order_line_ship_by"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."shipBy" := (SELECT "shipBy" FROM "Order" WHERE "id" = NEW."orderId");
  RETURN NEW;
END;
$$;

CREATE FUNCTION "orderly_order_ship_by_to_lines"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "OrderLine" SET "shipBy" = NEW."shipBy" WHERE "orderId" = NEW."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "OrderLine_ship_by" BEFORE INSERT OR UPDATE OF "orderId", "shipBy" ON "OrderLine"
  FOR EACH ROW EXECUTE FUNCTION "orderly_order_line_ship_by"();
CREATE TRIGGER "Order_ship_by_to_lines" AFTER UPDATE OF "shipBy" ON "Order"
  FOR EACH ROW WHEN (OLD."shipBy" IS DISTINCT FROM NEW."shipBy") EXECUTE FUNCTION "orderly_order_ship_by_to_lines"();

-- Replaces (lower(sku), orderId): the same equality lookups, and pages in (shipBy, orderId) order,
-- the queue's keyset. sku is included because PostgreSQL plans an index-only scan (the search's
-- count of a SKU's orders) only when the index holds the column under lower(), not just the result.
DROP INDEX "OrderLine_sku_lower_orderId_idx";
CREATE INDEX "OrderLine_sku_lower_shipBy_orderId_idx" ON "OrderLine" (lower("sku"), "shipBy", "orderId") INCLUDE ("sku");
