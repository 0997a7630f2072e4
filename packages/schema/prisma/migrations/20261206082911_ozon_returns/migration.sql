-- AlterTable
ALTER TABLE "OzonAccount" ADD COLUMN     "returnsCursor" TIMESTAMPTZ(3),
ADD COLUMN     "returnsUnavailable" TEXT,
ADD COLUMN     "returnsUnavailableAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "OzonReturn" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "ozonReturnId" TEXT NOT NULL,
    "postingNumber" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "reasonName" TEXT NOT NULL DEFAULT '',
    "returnId" UUID,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OzonReturn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OzonReturn_accountId_returnId_idx" ON "OzonReturn"("accountId", "returnId");

-- CreateIndex
CREATE UNIQUE INDEX "OzonReturn_accountId_ozonReturnId_key" ON "OzonReturn"("accountId", "ozonReturnId");

-- AddForeignKey
ALTER TABLE "OzonReturn" ADD CONSTRAINT "OzonReturn_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "OzonAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
