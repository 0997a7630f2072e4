/*
  Warnings:

  - The values [RESALABLE] on the enum `ItemCondition` will be removed. If these variants are still used in the database, this will fail.
  - The values [DAMAGED,PARTIAL_REFUSAL] on the enum `ReturnReason` will be removed. If these variants are still used in the database, this will fail.
  - The values [OPEN,CANCELED] on the enum `ReturnStatus` will be removed. If these variants are still used in the database, this will fail.
  - You are about to drop the column `condition` on the `ReturnLine` table. All the data in the column will be lost.
  - You are about to drop the column `restocked` on the `ReturnLine` table. All the data in the column will be lost.
  - A unique constraint covering the columns `[channel,externalId]` on the table `Return` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[returnId,position]` on the table `ReturnLine` will be added. If there are existing duplicate values, this will fail.
  - Added the required column `channel` to the `Return` table without a default value. This is not possible if the table is not empty.
  - Added the required column `reason` to the `Return` table without a default value. This is not possible if the table is not empty.
  - Added the required column `requestedBy` to the `Return` table without a default value. This is not possible if the table is not empty.
  - Added the required column `requestedOutcome` to the `Return` table without a default value. This is not possible if the table is not empty.
  - Added the required column `position` to the `ReturnLine` table without a default value. This is not possible if the table is not empty.

*/
-- CreateEnum
CREATE TYPE "ReturnOutcome" AS ENUM ('REFUND', 'EXCHANGE');

-- AlterTable (hand-ordered: the old per-line condition goes before its enum is replaced; no code
-- ever wrote returns before this migration)
ALTER TABLE "ReturnLine" DROP COLUMN "condition",
DROP COLUMN "restocked",
ADD COLUMN     "position" INTEGER NOT NULL;

-- AlterEnum (RESALABLE → RESELLABLE; no column uses the type any more)
DROP TYPE "ItemCondition";
CREATE TYPE "ItemCondition" AS ENUM ('RESELLABLE', 'DAMAGED', 'MISSING');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderEventType" ADD VALUE 'RETURN_UPDATED';
ALTER TYPE "OrderEventType" ADD VALUE 'RETURN_CLOSED';

-- AlterEnum
BEGIN;
CREATE TYPE "ReturnReason_new" AS ENUM ('DEFECTIVE', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM', 'NOT_AS_DESCRIBED', 'SIZE_OR_FIT', 'CHANGED_MIND', 'PARTIAL_REFUSAL_AT_DELIVERY', 'OTHER');
ALTER TABLE "ReturnLine" ALTER COLUMN "reason" TYPE "ReturnReason_new" USING ("reason"::text::"ReturnReason_new");
ALTER TYPE "ReturnReason" RENAME TO "ReturnReason_old";
ALTER TYPE "ReturnReason_new" RENAME TO "ReturnReason";
DROP TYPE "public"."ReturnReason_old";
COMMIT;

-- AlterEnum
BEGIN;
CREATE TYPE "ReturnStatus_new" AS ENUM ('REQUESTED', 'APPROVED', 'DECLINED', 'IN_TRANSIT', 'RECEIVED', 'INSPECTED', 'CLOSED', 'CANCELLED');
ALTER TABLE "public"."Return" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Return" ALTER COLUMN "status" TYPE "ReturnStatus_new" USING ("status"::text::"ReturnStatus_new");
ALTER TYPE "ReturnStatus" RENAME TO "ReturnStatus_old";
ALTER TYPE "ReturnStatus_new" RENAME TO "ReturnStatus";
DROP TYPE "public"."ReturnStatus_old";
ALTER TABLE "Return" ALTER COLUMN "status" SET DEFAULT 'REQUESTED';
COMMIT;

-- DropIndex
DROP INDEX "Return_status_idx";

-- DropIndex
DROP INDEX "ReturnLine_returnId_idx";

-- AlterTable
ALTER TABLE "Return" ADD COLUMN     "approvedAt" TIMESTAMPTZ(3),
ADD COLUMN     "buyerComment" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "cancelledAt" TIMESTAMPTZ(3),
ADD COLUMN     "channel" TEXT NOT NULL,
ADD COLUMN     "declineReason" TEXT,
ADD COLUMN     "declinedAt" TIMESTAMPTZ(3),
ADD COLUMN     "inTransitAt" TIMESTAMPTZ(3),
ADD COLUMN     "inspectedAt" TIMESTAMPTZ(3),
ADD COLUMN     "orderStatusBefore" "OrderStatus",
ADD COLUMN     "outcome" "ReturnOutcome",
ADD COLUMN     "overriddenBy" TEXT,
ADD COLUMN     "overrideReason" TEXT,
ADD COLUMN     "reason" "ReturnReason" NOT NULL,
ADD COLUMN     "requestedBy" TEXT NOT NULL,
ADD COLUMN     "requestedOutcome" "ReturnOutcome" NOT NULL,
ADD COLUMN     "returnCarrier" TEXT,
ADD COLUMN     "returnTrackingNumber" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;


-- CreateTable
CREATE TABLE "ReturnInspection" (
    "id" UUID NOT NULL,
    "returnLineId" UUID NOT NULL,
    "condition" "ItemCondition" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "locationId" UUID,
    "note" TEXT NOT NULL DEFAULT '',
    "actor" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReturnInspection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReturnInspection_returnLineId_idx" ON "ReturnInspection"("returnLineId");

-- CreateIndex
CREATE INDEX "ReturnInspection_locationId_idx" ON "ReturnInspection"("locationId");

-- CreateIndex
CREATE INDEX "Return_status_createdAt_idx" ON "Return"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Return_createdAt_id_idx" ON "Return"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Return_returnTrackingNumber_idx" ON "Return"("returnTrackingNumber");

-- CreateIndex
CREATE INDEX "Return_exchangeOrderId_idx" ON "Return"("exchangeOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "Return_channel_externalId_key" ON "Return"("channel", "externalId");

-- CreateIndex
CREATE INDEX "ReturnLine_orderLineId_idx" ON "ReturnLine"("orderLineId");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnLine_returnId_position_key" ON "ReturnLine"("returnId", "position");

-- AddForeignKey
ALTER TABLE "ReturnInspection" ADD CONSTRAINT "ReturnInspection_returnLineId_fkey" FOREIGN KEY ("returnLineId") REFERENCES "ReturnLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReturnInspection" ADD CONSTRAINT "ReturnInspection_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: quantities are positive, a refund is never negative.
ALTER TABLE "ReturnLine" ADD CONSTRAINT "ReturnLine_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "ReturnInspection" ADD CONSTRAINT "ReturnInspection_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "Return" ADD CONSTRAINT "Return_refundAmount_check" CHECK ("refundAmount" IS NULL OR "refundAmount" >= 0);
