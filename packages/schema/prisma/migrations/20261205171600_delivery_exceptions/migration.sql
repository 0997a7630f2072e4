/*
  Warnings:

  - The values [DELAY] on the enum `ExceptionKind` will be removed. If these variants are still used in the database, this will fail.
  - The values [CLAIM,RESHIP,REFUND,NONE] on the enum `ExceptionResolution` will be removed. If these variants are still used in the database, this will fail.
  - The values [CLAIM_FILED,RESHIPPED] on the enum `ExceptionStatus` will be removed. If these variants are still used in the database, this will fail.

*/
-- AlterEnum
BEGIN;
CREATE TYPE "ExceptionKind_new" AS ENUM ('DELAYED', 'LOST', 'DAMAGED', 'FAILED_DELIVERY', 'ADDRESS_PROBLEM', 'RETURNED_TO_SENDER', 'OTHER');
ALTER TABLE "ExceptionCase" ALTER COLUMN "kind" TYPE "ExceptionKind_new" USING ("kind"::text::"ExceptionKind_new");
ALTER TYPE "ExceptionKind" RENAME TO "ExceptionKind_old";
ALTER TYPE "ExceptionKind_new" RENAME TO "ExceptionKind";
DROP TYPE "public"."ExceptionKind_old";
COMMIT;

-- AlterEnum
BEGIN;
CREATE TYPE "ExceptionResolution_new" AS ENUM ('DELIVERED_LATE', 'RESHIPPED', 'REFUNDED', 'CLAIM_PAID', 'CLAIM_REJECTED', 'OTHER');
ALTER TABLE "ExceptionCase" ALTER COLUMN "resolution" TYPE "ExceptionResolution_new" USING ("resolution"::text::"ExceptionResolution_new");
ALTER TYPE "ExceptionResolution" RENAME TO "ExceptionResolution_old";
ALTER TYPE "ExceptionResolution_new" RENAME TO "ExceptionResolution";
DROP TYPE "public"."ExceptionResolution_old";
COMMIT;

-- AlterEnum
BEGIN;
CREATE TYPE "ExceptionStatus_new" AS ENUM ('OPEN', 'WAITING_FOR_CARRIER', 'WAITING_FOR_BUYER', 'RESOLVED', 'CLOSED');
ALTER TABLE "public"."ExceptionCase" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "ExceptionCase" ALTER COLUMN "status" TYPE "ExceptionStatus_new" USING ("status"::text::"ExceptionStatus_new");
ALTER TYPE "ExceptionStatus" RENAME TO "ExceptionStatus_old";
ALTER TYPE "ExceptionStatus_new" RENAME TO "ExceptionStatus";
DROP TYPE "public"."ExceptionStatus_old";
ALTER TABLE "ExceptionCase" ALTER COLUMN "status" SET DEFAULT 'OPEN';
COMMIT;

-- AlterTable
ALTER TABLE "ExceptionCase" ADD COLUMN     "openedBy" TEXT NOT NULL DEFAULT 'system',
ADD COLUMN     "orderStatusBefore" "OrderStatus",
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'manual',
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
