-- DropIndex
DROP INDEX "OzonPosting_orderId_key";

-- AlterTable
ALTER TABLE "OzonPosting" ADD COLUMN     "parentPostingNumber" TEXT,
ADD COLUMN     "shipError" TEXT,
ADD COLUMN     "shippedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "OzonStockState" (
    "accountId" UUID NOT NULL,
    "ozonWarehouseId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "stock" INTEGER NOT NULL,
    "pushedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OzonStockState_pkey" PRIMARY KEY ("accountId","ozonWarehouseId","offerId")
);

-- CreateIndex
CREATE INDEX "OzonPosting_orderId_idx" ON "OzonPosting"("orderId");

-- AddForeignKey
ALTER TABLE "OzonStockState" ADD CONSTRAINT "OzonStockState_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "OzonAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
