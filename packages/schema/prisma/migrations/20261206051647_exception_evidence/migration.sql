-- The Prisma diff at creation also held other engineers' pending schema changes (Ozon marking codes,
-- product details, exemplar status), which later migrations assume; they stay here, first.
-- AlterTable
ALTER TABLE "OzonPosting" ADD COLUMN     "exemplarError" TEXT,
ADD COLUMN     "exemplarStatus" TEXT,
ADD COLUMN     "exemplarsSentAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "MarkingCode" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "orderLineId" UUID NOT NULL,
    "identity" TEXT NOT NULL,
    "gtin" TEXT NOT NULL,
    "serial" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "ozonStatus" TEXT,
    "ozonErrors" TEXT[],
    "scannedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MarkingCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OzonPostingProductDetail" (
    "id" UUID NOT NULL,
    "postingId" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "ozonSku" TEXT NOT NULL,
    "customsDeclaration" TEXT,
    "noCustomsDeclaration" BOOLEAN NOT NULL DEFAULT false,
    "countryOfOrigin" TEXT,
    "updatedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OzonPostingProductDetail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MarkingCode_identity_key" ON "MarkingCode"("identity");

-- CreateIndex
CREATE INDEX "MarkingCode_orderId_idx" ON "MarkingCode"("orderId");

-- CreateIndex
CREATE INDEX "MarkingCode_orderLineId_idx" ON "MarkingCode"("orderLineId");

-- CreateIndex
CREATE UNIQUE INDEX "OzonPostingProductDetail_postingId_sku_key" ON "OzonPostingProductDetail"("postingId", "sku");

-- AddForeignKey
ALTER TABLE "MarkingCode" ADD CONSTRAINT "MarkingCode_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarkingCode" ADD CONSTRAINT "MarkingCode_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OzonPostingProductDetail" ADD CONSTRAINT "OzonPostingProductDetail_postingId_fkey" FOREIGN KEY ("postingId") REFERENCES "OzonPosting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "ExceptionEvidenceKind" AS ENUM ('PHOTO', 'DOCUMENT', 'NOTE');

-- CreateTable
CREATE TABLE "ExceptionEvidenceItem" (
    "id" UUID NOT NULL,
    "exceptionId" UUID NOT NULL,
    "kind" "ExceptionEvidenceKind" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "filePath" TEXT,
    "fileName" TEXT,
    "contentType" TEXT,
    "byteSize" INTEGER,
    "addedBy" TEXT NOT NULL,
    "addedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExceptionEvidenceItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExceptionEvidenceItem_exceptionId_createdAt_idx" ON "ExceptionEvidenceItem"("exceptionId", "createdAt");

-- AddForeignKey
ALTER TABLE "ExceptionEvidenceItem" ADD CONSTRAINT "ExceptionEvidenceItem_exceptionId_fkey" FOREIGN KEY ("exceptionId") REFERENCES "ExceptionCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExceptionEvidenceItem" ADD CONSTRAINT "ExceptionEvidenceItem_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: a note carries no file and has text; a photo or document has its file.
ALTER TABLE "ExceptionEvidenceItem" ADD CONSTRAINT "ExceptionEvidenceItem_kind_file_check" CHECK (
  CASE "kind"
    WHEN 'NOTE' THEN "filePath" IS NULL AND "byteSize" IS NULL AND length(btrim("note")) > 0
    ELSE "filePath" IS NOT NULL AND "contentType" IS NOT NULL AND "byteSize" > 0
  END
);
