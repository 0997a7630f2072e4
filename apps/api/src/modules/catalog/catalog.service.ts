import type { Db } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';

/** A product by SKU or by any of its barcodes (scanners send either). */
export function findProductByCode(db: Db | Tx, code: string) {
  return db.product.findFirst({ where: { OR: [{ sku: code }, { barcodes: { some: { code } } }] } });
}

/** Products for a set of SKUs, keyed by SKU (one query for a whole order). */
export async function productsBySku(db: Db | Tx, skus: string[]) {
  const products = await db.product.findMany({ where: { sku: { in: [...new Set(skus)] } } });
  return new Map(products.map((p) => [p.sku, p]));
}

export function setLowStockThreshold(tx: Tx, productId: string, threshold: number) {
  return tx.product.update({ where: { id: productId }, data: { lowStockThreshold: threshold } });
}
