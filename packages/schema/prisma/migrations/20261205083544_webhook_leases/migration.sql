-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "leaseUntil" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "WebhookDeliveryAttempt" ADD COLUMN     "duplicate" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "WebhookDelivery_subscriptionId_status_nextAttemptAt_idx" ON "WebhookDelivery"("subscriptionId", "status", "nextAttemptAt");

-- Hand-written: only a success can be a duplicate.
ALTER TABLE "WebhookDeliveryAttempt" ADD CONSTRAINT "WebhookDeliveryAttempt_duplicate_check" CHECK (NOT "duplicate" OR "succeeded");
