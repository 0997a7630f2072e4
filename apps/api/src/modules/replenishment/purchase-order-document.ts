// The printable purchase order: gathers its data; rendering lives in the documents module.
import type { Db } from '@orderly/schema';
import { binaryDocument, type DocumentShape } from '../../core/document.ts';
import { currencyDigits } from '../../core/money.ts';
import { renderPurchaseOrderPdf } from '../documents/index.ts';
import { purchaseOrderNumber } from './purchase-orders.service.ts';

export async function renderPurchaseOrderDocument(db: Db, purchaseOrderId: string): Promise<DocumentShape> {
  const po = await db.purchaseOrder.findUniqueOrThrow({
    where: { id: purchaseOrderId },
    include: {
      supplier: { include: { products: { select: { productId: true, supplierSku: true } } } },
      warehouse: true,
      lines: { orderBy: { position: 'asc' }, include: { product: { select: { sku: true, name: true, translations: true } } } },
    },
  });
  const skuOf = new Map(po.supplier.products.map((p) => [p.productId, p.supplierSku]));
  const number = purchaseOrderNumber(po.number);
  const bytes = await renderPurchaseOrderPdf({
    number,
    status: po.status,
    supplierName: po.supplier.name,
    supplierContact: [po.supplier.contactName, po.supplier.contactPhone, po.supplier.contactEmail].filter(Boolean).join(', ') || null,
    warehouseName: po.warehouse.name,
    warehouseAddress: po.warehouse.address,
    currency: po.currency,
    currencyDigits: currencyDigits(po.currency),
    createdAt: po.sentAt ?? po.createdAt,
    expectedAt: po.expectedAt,
    note: po.note,
    lines: po.lines.map((l) => ({
      sku: l.product.sku,
      supplierSku: skuOf.get(l.productId) ?? null,
      name: productName(l.product),
      quantity: l.quantity,
      unitPrice: l.unitPrice,
    })),
  });
  return binaryDocument(`${number}.pdf`, 'application/pdf', bytes);
}

/** The product's Chinese name for the supplier, with the catalogue (Russian) name when they differ. */
function productName(product: { name: string; translations: unknown }): string {
  const zh = (product.translations as Record<string, { name?: string } | undefined>)?.['zh-CN']?.name?.trim();
  return zh && zh !== product.name ? `${zh} / ${product.name}` : product.name;
}
