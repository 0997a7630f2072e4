-- CreateTable
CREATE TABLE "OzonAccount" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "apiKeySealed" TEXT NOT NULL,
    "apiBaseUrl" TEXT NOT NULL DEFAULT 'https://api-seller.ozon.ru',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastSyncAt" TIMESTAMPTZ(3),
    "syncCursor" TIMESTAMPTZ(3),
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OzonAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OzonWarehouseMapping" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "ozonWarehouseId" TEXT NOT NULL,
    "warehouseId" UUID NOT NULL,

    CONSTRAINT "OzonWarehouseMapping_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OzonPosting" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "postingNumber" TEXT NOT NULL,
    "orderId" UUID,
    "status" TEXT NOT NULL,
    "substatus" TEXT,
    "shipmentDate" TIMESTAMPTZ(3),
    "ozonWarehouseId" TEXT,
    "blockedReason" TEXT,
    "requirements" JSONB NOT NULL DEFAULT '{}',
    "availableActions" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OzonPosting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OzonAccount_channel_key" ON "OzonAccount"("channel");

-- CreateIndex
CREATE UNIQUE INDEX "OzonAccount_clientId_key" ON "OzonAccount"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "OzonWarehouseMapping_accountId_ozonWarehouseId_key" ON "OzonWarehouseMapping"("accountId", "ozonWarehouseId");

-- CreateIndex
CREATE UNIQUE INDEX "OzonPosting_orderId_key" ON "OzonPosting"("orderId");

-- CreateIndex
CREATE INDEX "OzonPosting_accountId_blockedReason_idx" ON "OzonPosting"("accountId", "blockedReason");

-- CreateIndex
CREATE UNIQUE INDEX "OzonPosting_accountId_postingNumber_key" ON "OzonPosting"("accountId", "postingNumber");

-- AddForeignKey
ALTER TABLE "OzonWarehouseMapping" ADD CONSTRAINT "OzonWarehouseMapping_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "OzonAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OzonPosting" ADD CONSTRAINT "OzonPosting_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "OzonAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
