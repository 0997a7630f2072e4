-- CreateEnum
CREATE TYPE "ProductRevisionKind" AS ENUM ('CREATED', 'UPDATED', 'ARCHIVED', 'RESTORED');

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "archivedAt" TIMESTAMPTZ(3),
ADD COLUMN     "contentIssues" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "photoCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "translations" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "ProductPhoto" (
    "id" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "filePath" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProductPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductRevision" (
    "id" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "ProductRevisionKind" NOT NULL,
    "changes" JSONB NOT NULL,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProductRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProductPhoto_productId_position_idx" ON "ProductPhoto"("productId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ProductRevision_productId_number_key" ON "ProductRevision"("productId", "number");

-- AddForeignKey
ALTER TABLE "ProductPhoto" ADD CONSTRAINT "ProductPhoto_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductRevision" ADD CONSTRAINT "ProductRevision_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The content check (Product.contentIssues): computed from the product's own row on every write, so
-- products written by any path (mutations, imports, demo data, SQL) are checked the same way and
-- products(filter: { hasContentIssues }) is a plain column test. Titles shorter than 10 characters
-- (4 in Chinese) and descriptions shorter than 60 (20 in Chinese) are too short for a marketplace card.
CREATE FUNCTION "orderly_product_content_issues"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  issues text[] := '{}';
  loc text;
  title text;
  body text;
  chinese boolean;
BEGIN
  FOREACH loc IN ARRAY ARRAY['ru', 'zh-CN', 'en'] LOOP
    title := btrim(coalesce(NEW."translations" -> loc ->> 'name', ''));
    body := btrim(coalesce(NEW."translations" -> loc ->> 'description', ''));
    chinese := loc = 'zh-CN';
    IF title = '' THEN
      issues := issues || ('MISSING_TRANSLATION:' || loc);
    ELSE
      IF (chinese AND char_length(title) < 4) OR (NOT chinese AND char_length(title) < 10) THEN
        issues := issues || ('SHORT_TITLE:' || loc);
      END IF;
      IF (chinese AND char_length(body) < 20) OR (NOT chinese AND char_length(body) < 60) THEN
        issues := issues || ('SHORT_DESCRIPTION:' || loc);
      END IF;
    END IF;
  END LOOP;
  IF NEW."photoCount" + coalesce(cardinality(NEW."imageUrls"), 0) = 0 THEN issues := issues || 'MISSING_PHOTOS'::text; END IF;
  IF NEW."weightGrams" IS NULL THEN issues := issues || 'MISSING_WEIGHT'::text; END IF;
  IF NEW."lengthMm" IS NULL OR NEW."widthMm" IS NULL OR NEW."heightMm" IS NULL THEN issues := issues || 'MISSING_DIMENSIONS'::text; END IF;
  NEW."contentIssues" := issues;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Product_content_issues" BEFORE INSERT OR UPDATE ON "Product"
  FOR EACH ROW EXECUTE FUNCTION "orderly_product_content_issues"();

-- The products that exist already.
UPDATE "Product" SET "photoCount" = "photoCount";
