-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "shippingAmount" INTEGER NOT NULL DEFAULT 0;
