-- AlterTable
ALTER TABLE "Review" ADD COLUMN     "editedAt" TIMESTAMPTZ(3),
ADD COLUMN     "previousRating" INTEGER;

-- AlterTable
ALTER TABLE "ReviewReply" ADD COLUMN     "maybeDelivered" BOOLEAN NOT NULL DEFAULT false;
