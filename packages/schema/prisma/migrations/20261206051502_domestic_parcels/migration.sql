-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderEventType" ADD VALUE 'DOMESTIC_TRACKING_ADDED';
ALTER TYPE "OrderEventType" ADD VALUE 'DOMESTIC_TRACKING_REMOVED';
ALTER TYPE "OrderEventType" ADD VALUE 'DOMESTIC_PARCEL_RECEIVED';

-- CreateTable
CREATE TABLE "DomesticParcel" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "carrier" TEXT NOT NULL,
    "trackingNumber" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3),
    "receivedBy" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DomesticParcel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DomesticParcel_orderId_idx" ON "DomesticParcel"("orderId");

-- CreateIndex
CREATE INDEX "DomesticParcel_trackingNumber_idx" ON "DomesticParcel"("trackingNumber");

-- CreateIndex
CREATE INDEX "DomesticParcel_receivedAt_sentAt_idx" ON "DomesticParcel"("receivedAt", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "DomesticParcel_carrier_trackingNumber_key" ON "DomesticParcel"("carrier", "trackingNumber");

-- AddForeignKey
ALTER TABLE "DomesticParcel" ADD CONSTRAINT "DomesticParcel_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the carrier code and tracking number as the service normalises them.
ALTER TABLE "DomesticParcel" ADD CONSTRAINT "DomesticParcel_carrier_check" CHECK ("carrier" ~ '^[a-z0-9_-]{1,32}$');
ALTER TABLE "DomesticParcel" ADD CONSTRAINT "DomesticParcel_trackingNumber_check" CHECK ("trackingNumber" ~ '^[A-Za-z0-9-]{4,40}$');
