-- CreateEnum
CREATE TYPE "PrintStation" AS ENUM ('PICK', 'PACK', 'SHIP');

-- CreateTable
CREATE TABLE "Printer" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 9100,
    "language" "LabelFormat" NOT NULL,
    "labelWidthMm" INTEGER NOT NULL DEFAULT 100,
    "labelHeightMm" INTEGER NOT NULL DEFAULT 150,
    "dpi" INTEGER NOT NULL DEFAULT 203,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Printer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StationPrinter" (
    "station" "PrintStation" NOT NULL,
    "printerId" UUID NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StationPrinter_pkey" PRIMARY KEY ("station")
);

-- CreateIndex
CREATE UNIQUE INDEX "Printer_name_key" ON "Printer"("name");

-- CreateIndex
CREATE INDEX "StationPrinter_printerId_idx" ON "StationPrinter"("printerId");

-- AddForeignKey
ALTER TABLE "StationPrinter" ADD CONSTRAINT "StationPrinter_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: what Prisma cannot express.
ALTER TABLE "Printer" ADD CONSTRAINT "Printer_port_range" CHECK ("port" BETWEEN 1 AND 65535);
ALTER TABLE "Printer" ADD CONSTRAINT "Printer_dpi_known" CHECK ("dpi" IN (203, 300));
ALTER TABLE "Printer" ADD CONSTRAINT "Printer_label_size" CHECK ("labelWidthMm" BETWEEN 10 AND 300 AND "labelHeightMm" BETWEEN 10 AND 1000);
