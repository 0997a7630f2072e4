-- CreateEnum
CREATE TYPE "DiscountSource" AS ENUM ('PROMOTION', 'MARKETPLACE', 'ORDER');

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "discountAmount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "giftOfPromotionId" UUID;

-- AlterTable
ALTER TABLE "Promotion" ADD COLUMN     "allProducts" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "endedAt" TIMESTAMPTZ(3),
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "stackable" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "OrderDiscount" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "lineId" UUID,
    "promotionId" UUID,
    "source" "DiscountSource" NOT NULL,
    "amount" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderDiscount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrderDiscount_orderId_idx" ON "OrderDiscount"("orderId");

-- CreateIndex
CREATE INDEX "OrderDiscount_promotionId_orderId_idx" ON "OrderDiscount"("promotionId", "orderId");

-- CreateIndex
CREATE INDEX "Promotion_startsAt_idx" ON "Promotion"("startsAt");

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_giftOfPromotionId_fkey" FOREIGN KEY ("giftOfPromotionId") REFERENCES "Promotion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderDiscount" ADD CONSTRAINT "OrderDiscount_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderDiscount" ADD CONSTRAINT "OrderDiscount_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "OrderLine"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderDiscount" ADD CONSTRAINT "OrderDiscount_promotionId_fkey" FOREIGN KEY ("promotionId") REFERENCES "Promotion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: what core/money.ts relies on.
ALTER TABLE "OrderDiscount" ADD CONSTRAINT "OrderDiscount_amount_nonnegative" CHECK ("amount" >= 0);
ALTER TABLE "OrderDiscount" ADD CONSTRAINT "OrderDiscount_promotion_named" CHECK (("source" = 'PROMOTION') = ("promotionId" IS NOT NULL));
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_discount_within_total" CHECK ("discountAmount" >= 0 AND "discountAmount" <= "totalAmount");
ALTER TABLE "Promotion" ADD CONSTRAINT "Promotion_dates" CHECK ("endsAt" IS NULL OR "endsAt" > "startsAt");

-- Orders taken in with a discount before OrderDiscount existed: the discount they came with.
INSERT INTO "OrderDiscount" ("id", "orderId", "source", "amount")
SELECT gen_random_uuid(), "id", 'ORDER', "discountAmount" FROM "Order" WHERE "discountAmount" > 0;
