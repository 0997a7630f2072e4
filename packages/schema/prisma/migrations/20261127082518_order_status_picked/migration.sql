-- AlterEnum (placed after PICKING so that status order follows the floor's workflow)
ALTER TYPE "OrderStatus" ADD VALUE 'PICKED' AFTER 'PICKING';
