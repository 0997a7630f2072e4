-- AlterTable
ALTER TABLE "OzonPosting" ADD COLUMN     "contentHash" TEXT;

-- AlterTable
ALTER TABLE "PurchaseOrder" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
