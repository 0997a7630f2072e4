-- AlterTable
ALTER TABLE "OzonAct" ADD COLUMN     "createRequestedAt" TIMESTAMPTZ(3),
ADD COLUMN     "deliveryMethodId" TEXT,
ADD COLUMN     "departureDate" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "OzonPosting" ADD COLUMN     "parcelId" UUID;

-- CreateTable
CREATE TABLE "OzonMethodBlock" (
    "accountId" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "blockedUntil" TIMESTAMPTZ(3) NOT NULL,
    "probeUntil" TIMESTAMPTZ(3),
    "opens" INTEGER NOT NULL DEFAULT 1,
    "message" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OzonMethodBlock_pkey" PRIMARY KEY ("accountId","method")
);

-- CreateTable
CREATE TABLE "OutboundRateLimit" (
    "key" TEXT NOT NULL,
    "nextAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "OutboundRateLimit_pkey" PRIMARY KEY ("key")
);

-- AddForeignKey
ALTER TABLE "OzonMethodBlock" ADD CONSTRAINT "OzonMethodBlock_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "OzonAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
