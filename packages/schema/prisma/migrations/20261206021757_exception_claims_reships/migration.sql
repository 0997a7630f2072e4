/*
  Warnings:

  - You are about to drop the column `claimAmount` on the `ExceptionCase` table. All the data in the column will be lost.
  - You are about to drop the column `claimReference` on the `ExceptionCase` table. All the data in the column will be lost.
  - You are about to drop the column `currency` on the `ExceptionCase` table. All the data in the column will be lost.

*/
-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('FILED', 'ACCEPTED', 'REJECTED', 'PAID');

-- AlterTable
ALTER TABLE "ExceptionCase" DROP COLUMN "claimAmount",
DROP COLUMN "claimReference",
DROP COLUMN "currency",
ADD COLUMN     "disputeDeadlineAt" TIMESTAMPTZ(3),
ADD COLUMN     "nextDeadlineAt" TIMESTAMPTZ(3),
ADD COLUMN     "ownerId" UUID,
ADD COLUMN     "reshipCost" INTEGER;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "reshipOfId" UUID;

-- CreateTable
CREATE TABLE "Claim" (
    "id" UUID NOT NULL,
    "exceptionId" UUID NOT NULL,
    "status" "ClaimStatus" NOT NULL DEFAULT 'FILED',
    "amountClaimed" INTEGER NOT NULL,
    "amountPaid" INTEGER,
    "currency" CHAR(3) NOT NULL,
    "reference" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "filedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "paidAt" TIMESTAMPTZ(3),

    CONSTRAINT "Claim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Claim_exceptionId_idx" ON "Claim"("exceptionId");

-- CreateIndex
CREATE INDEX "ExceptionCase_status_nextDeadlineAt_createdAt_idx" ON "ExceptionCase"("status", "nextDeadlineAt", "createdAt");

-- CreateIndex
CREATE INDEX "Order_reshipOfId_idx" ON "Order"("reshipOfId");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_reshipOfId_fkey" FOREIGN KEY ("reshipOfId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExceptionCase" ADD CONSTRAINT "ExceptionCase_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_exceptionId_fkey" FOREIGN KEY ("exceptionId") REFERENCES "ExceptionCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: a claim asks for something, and a carrier never pays less than nothing.
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_amounts_check" CHECK ("amountClaimed" > 0 AND ("amountPaid" IS NULL OR "amountPaid" >= 0));
