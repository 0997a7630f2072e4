-- CreateEnum
CREATE TYPE "ReviewReplyStatus" AS ENUM ('DRAFT', 'QUEUED', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "ReviewFollowUpStatus" AS ENUM ('OPEN', 'CONTACTED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "ReviewCause" AS ENUM ('PRODUCT_QUALITY', 'DESCRIPTION_MISMATCH', 'PACKAGING', 'DELIVERY', 'SERVICE', 'OTHER');

-- AlterTable
ALTER TABLE "Review" ADD COLUMN     "photoUrls" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "recordedBy" TEXT NOT NULL DEFAULT 'system',
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "ReviewReply" ADD COLUMN     "actor" TEXT NOT NULL DEFAULT 'system',
ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "failureReason" TEXT,
ADD COLUMN     "status" "ReviewReplyStatus" NOT NULL DEFAULT 'DRAFT',
ADD COLUMN     "templateId" UUID,
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "ReviewPhoto" (
    "id" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "filePath" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "addedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewFollowUp" (
    "id" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "status" "ReviewFollowUpStatus" NOT NULL DEFAULT 'OPEN',
    "cause" "ReviewCause",
    "exceptionId" UUID,
    "returnId" UUID,
    "note" TEXT NOT NULL DEFAULT '',
    "notificationId" UUID,
    "contactedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReviewFollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewReplyTemplate" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReviewReplyTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReviewPhoto_reviewId_idx" ON "ReviewPhoto"("reviewId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewFollowUp_reviewId_key" ON "ReviewFollowUp"("reviewId");

-- CreateIndex
CREATE INDEX "ReviewFollowUp_cause_idx" ON "ReviewFollowUp"("cause");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewReplyTemplate_name_locale_key" ON "ReviewReplyTemplate"("name", "locale");

-- CreateIndex
CREATE INDEX "Review_publishedAt_id_idx" ON "Review"("publishedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ReviewReply_status_idx" ON "ReviewReply"("status");

-- AddForeignKey
ALTER TABLE "ReviewPhoto" ADD CONSTRAINT "ReviewPhoto_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewFollowUp" ADD CONSTRAINT "ReviewFollowUp_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewFollowUp" ADD CONSTRAINT "ReviewFollowUp_exceptionId_fkey" FOREIGN KEY ("exceptionId") REFERENCES "ExceptionCase"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewFollowUp" ADD CONSTRAINT "ReviewFollowUp_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "Return"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewReply" ADD CONSTRAINT "ReviewReply_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ReviewReplyTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: the reply templates every shop starts with (modules/reviews), in the three
-- languages of the product content; staff edit or delete them like their own.
INSERT INTO "ReviewReplyTemplate" (id, name, locale, body, "updatedAt") VALUES
  (gen_random_uuid(), 'thanks', 'ru', 'Здравствуйте, {buyerFirstName}! Спасибо за отзыв о товаре «{productName}». Рады, что покупка вам понравилась!', CURRENT_TIMESTAMP),
  (gen_random_uuid(), 'thanks', 'zh-CN', '{buyerFirstName}，您好！感谢您对「{productName}」的评价，很高兴您喜欢这件商品！', CURRENT_TIMESTAMP),
  (gen_random_uuid(), 'thanks', 'en', 'Hello {buyerFirstName}, thank you for reviewing {productName}. We are glad you like it!', CURRENT_TIMESTAMP),
  (gen_random_uuid(), 'sorry', 'ru', 'Здравствуйте, {buyerFirstName}! Нам очень жаль, что товар «{productName}» вас разочаровал. Мы уже разбираемся и свяжемся с вами.', CURRENT_TIMESTAMP),
  (gen_random_uuid(), 'sorry', 'zh-CN', '{buyerFirstName}，您好！很抱歉「{productName}」没有让您满意。我们正在处理，并会尽快与您联系。', CURRENT_TIMESTAMP),
  (gen_random_uuid(), 'sorry', 'en', 'Hello {buyerFirstName}, we are sorry {productName} disappointed you. We are looking into it and will get in touch.', CURRENT_TIMESTAMP);
