/*
  Warnings:

  - The values [INFO,FAILURE,RETURNED] on the enum `TrackingEventStatus` will be removed. If these variants are still used in the database, this will fail.
  - You are about to drop the column `description` on the `TrackingEvent` table. All the data in the column will be lost.
  - You are about to drop the column `raw` on the `TrackingEvent` table. All the data in the column will be lost.
  - A unique constraint covering the columns `[carrierId,externalId]` on the table `TrackingEvent` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[trackingNumberId,status,occurredAt]` on the table `TrackingEvent` will be added. If there are existing duplicate values, this will fail.
  - Added the required column `actor` to the `TrackingEvent` table without a default value. This is not possible if the table is not empty.
  - Added the required column `carrierId` to the `TrackingEvent` table without a default value. This is not possible if the table is not empty.
  - Made the column `trackingNumberId` on table `TrackingEvent` required. This step will fail if there are existing NULL values in that column.

*/
-- AlterEnum
BEGIN;
CREATE TYPE "TrackingEventStatus_new" AS ENUM ('IN_TRANSIT', 'DELAYED', 'ARRIVED_AT_PICKUP_POINT', 'OUT_FOR_DELIVERY', 'FAILED_ATTEMPT', 'DAMAGED', 'LOST', 'RETURNING_TO_SENDER', 'RETURNED_TO_SENDER', 'DELIVERED');
ALTER TABLE "TrackingEvent" ALTER COLUMN "status" TYPE "TrackingEventStatus_new" USING ("status"::text::"TrackingEventStatus_new");
ALTER TYPE "TrackingEventStatus" RENAME TO "TrackingEventStatus_old";
ALTER TYPE "TrackingEventStatus_new" RENAME TO "TrackingEventStatus";
DROP TYPE "public"."TrackingEventStatus_old";
COMMIT;

-- DropForeignKey
ALTER TABLE "TrackingEvent" DROP CONSTRAINT "TrackingEvent_trackingNumberId_fkey";

-- DropIndex
DROP INDEX "TrackingEvent_shipmentId_externalId_key";

-- AlterTable
ALTER TABLE "Carrier" ADD COLUMN     "trackingPollMinutes" INTEGER NOT NULL DEFAULT 60;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "expectedDeliveryAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastTrackingAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "TrackingEvent" DROP COLUMN "description",
DROP COLUMN "raw",
ADD COLUMN     "actor" TEXT NOT NULL,
ADD COLUMN     "carrierId" UUID NOT NULL,
ADD COLUMN     "expectedDeliveryAt" TIMESTAMPTZ(3),
ADD COLUMN     "message" TEXT,
ALTER COLUMN "trackingNumberId" SET NOT NULL;

-- AlterTable
ALTER TABLE "TrackingNumber" ADD COLUMN     "closedAt" TIMESTAMPTZ(3),
ADD COLUMN     "deliveredAt" TIMESTAMPTZ(3),
ADD COLUMN     "expectedDeliveryAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastEventAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastPolledAt" TIMESTAMPTZ(3),
ADD COLUMN     "trackingStatus" "TrackingEventStatus";

-- CreateIndex
CREATE UNIQUE INDEX "TrackingEvent_carrierId_externalId_key" ON "TrackingEvent"("carrierId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "TrackingEvent_trackingNumberId_status_occurredAt_key" ON "TrackingEvent"("trackingNumberId", "status", "occurredAt");

-- CreateIndex
CREATE INDEX "TrackingNumber_closedAt_lastPolledAt_idx" ON "TrackingNumber"("closedAt", "lastPolledAt");

-- AddForeignKey
ALTER TABLE "TrackingEvent" ADD CONSTRAINT "TrackingEvent_trackingNumberId_fkey" FOREIGN KEY ("trackingNumberId") REFERENCES "TrackingNumber"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrackingEvent" ADD CONSTRAINT "TrackingEvent_carrierId_fkey" FOREIGN KEY ("carrierId") REFERENCES "Carrier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
