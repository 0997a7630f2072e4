-- AlterTable
ALTER TABLE "OzonPosting" ADD COLUMN     "cancelError" TEXT,
ADD COLUMN     "cancelReasonId" INTEGER,
ADD COLUMN     "cancelSentAt" TIMESTAMPTZ(3),
ADD COLUMN     "labelError" TEXT,
ADD COLUMN     "labelFetchedAt" TIMESTAMPTZ(3),
ADD COLUMN     "labelPdf" BYTEA,
ADD COLUMN     "trackingError" TEXT,
ADD COLUMN     "trackingNumber" TEXT,
ADD COLUMN     "trackingSentAt" TIMESTAMPTZ(3);

-- AlterTable (hand-edited: the secrets are kept; the API seals the ones still in clear at start-up,
-- sealLegacyWebhookSecrets in modules/webhooks/webhooks.service.ts: the key lives in the environment)
ALTER TABLE "WebhookSubscription" RENAME COLUMN "secret" TO "secretSealed";

-- CreateTable
CREATE TABLE "OzonAct" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "manifestId" UUID NOT NULL,
    "postingNumbers" TEXT[],
    "ozonActId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "pdf" BYTEA,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OzonAct_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OzonAct_manifestId_accountId_key" ON "OzonAct"("manifestId", "accountId");

-- AddForeignKey
ALTER TABLE "OzonAct" ADD CONSTRAINT "OzonAct_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "OzonAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
