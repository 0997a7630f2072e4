-- AlterTable
ALTER TABLE "InventoryLevel" ADD COLUMN     "damaged" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "StockMovement" ADD COLUMN     "damagedDelta" INTEGER NOT NULL DEFAULT 0;

-- Damaged stock never goes below zero (writeOffDamagedStock takes only what is there).
ALTER TABLE "InventoryLevel" ADD CONSTRAINT "InventoryLevel_damaged_nonnegative" CHECK ("damaged" >= 0);
