-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
-- Existing shipments last changed when they were delivered or tracked, else when they left.
UPDATE "Shipment" SET "updatedAt" = GREATEST("shippedAt", "deliveredAt", "lastTrackedAt");

-- CreateIndex
CREATE INDEX "InventoryLevel_updatedAt_id_idx" ON "InventoryLevel"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Order_updatedAt_id_idx" ON "Order"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Product_updatedAt_id_idx" ON "Product"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Return_updatedAt_id_idx" ON "Return"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Shipment_updatedAt_id_idx" ON "Shipment"("updatedAt", "id");

-- The change feed (apps/api/src/modules/changes) reads rows by ("updatedAt", id): every write bumps
-- "updatedAt", raw SQL included, to the moment of the write (clock_timestamp(), never earlier than
-- the writing transaction's start, which the feed's horizon relies on). A value an UPDATE moves
-- more than a day into the past is kept: backfills and tests backdate rows on purpose, while the
-- application's own @updatedAt (its clock, maybe a little off) is replaced.
CREATE FUNCTION "orderly_touch_updated_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."updatedAt" < OLD."updatedAt" - interval '1 day' THEN
    RETURN NEW;
  END IF;
  NEW."updatedAt" := clock_timestamp();
  RETURN NEW;
END $$;

CREATE TRIGGER "Order_touch_updated_at" BEFORE INSERT OR UPDATE ON "Order" FOR EACH ROW EXECUTE FUNCTION "orderly_touch_updated_at"();
CREATE TRIGGER "Shipment_touch_updated_at" BEFORE INSERT OR UPDATE ON "Shipment" FOR EACH ROW EXECUTE FUNCTION "orderly_touch_updated_at"();
CREATE TRIGGER "Return_touch_updated_at" BEFORE INSERT OR UPDATE ON "Return" FOR EACH ROW EXECUTE FUNCTION "orderly_touch_updated_at"();
CREATE TRIGGER "Product_touch_updated_at" BEFORE INSERT OR UPDATE ON "Product" FOR EACH ROW EXECUTE FUNCTION "orderly_touch_updated_at"();
CREATE TRIGGER "InventoryLevel_touch_updated_at" BEFORE INSERT OR UPDATE ON "InventoryLevel" FOR EACH ROW EXECUTE FUNCTION "orderly_touch_updated_at"();
