-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "notificationAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "notificationRetryAt" TIMESTAMPTZ(3);
