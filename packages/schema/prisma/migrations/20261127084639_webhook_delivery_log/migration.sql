-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "webhooksFannedOutAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "lastAttemptAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastDurationMs" INTEGER,
ADD COLUMN     "manualAttempt" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "WebhookSubscription" ADD COLUMN     "createdBy" TEXT,
ADD COLUMN     "deactivatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "description" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "WebhookDeliveryAttempt" (
    "id" UUID NOT NULL,
    "deliveryId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "manual" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "statusCode" INTEGER,
    "succeeded" BOOLEAN NOT NULL,
    "error" TEXT,
    "responseSnippet" TEXT,

    CONSTRAINT "WebhookDeliveryAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookDeliveryAttempt_deliveryId_startedAt_idx" ON "WebhookDeliveryAttempt"("deliveryId", "startedAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_webhooksFannedOutAt_createdAt_idx" ON "OutboxEvent"("webhooksFannedOutAt", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_subscriptionId_createdAt_idx" ON "WebhookDelivery"("subscriptionId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookSubscription_apiKeyId_idx" ON "WebhookSubscription"("apiKeyId");

-- AddForeignKey
ALTER TABLE "WebhookDeliveryAttempt" ADD CONSTRAINT "WebhookDeliveryAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "WebhookDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: events written before the webhook dispatcher existed had no subscriber to go to.
UPDATE "OutboxEvent" SET "webhooksFannedOutAt" = "createdAt" WHERE "webhooksFannedOutAt" IS NULL;

-- Hand-written: counters and durations are never negative.
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_attempts_check" CHECK ("attempts" >= 0);
ALTER TABLE "WebhookDeliveryAttempt" ADD CONSTRAINT "WebhookDeliveryAttempt_number_check" CHECK ("number" >= 1 AND "durationMs" >= 0);
