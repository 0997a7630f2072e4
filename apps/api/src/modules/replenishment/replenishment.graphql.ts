// Purchasing in GraphQL: suppliers and what they carry, currency rates, purchase orders (create,
// update a draft, send, cancel, print), receiving against them on the floor, incoming stock on
// InventoryLevel, and replenishment suggestions turned into draft purchase orders.
import { PurchaseOrderStatus as PurchaseOrderStatusValues, type Prisma } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { DocumentRef as Document, documentCost } from '../common/document.ts';
import { Money, money } from '../common/money.ts';
import { Product } from '../catalog/product.type.ts';
import { StockMovement, Warehouse } from '../inventory/inventory.graphql.ts';
import { resolveWarehouse } from '../inventory/inventory.service.ts';
import { baseCurrency, setCurrencyRate } from './currency.service.ts';
import {
  cancelPurchaseOrder,
  createPurchaseOrder,
  openPurchaseOrderStatuses,
  parsePurchaseOrderNumber,
  purchaseOrderNumber,
  receivePurchaseOrderItems,
  sendPurchaseOrder,
  updatePurchaseOrder,
} from './purchase-orders.service.ts';
import { renderPurchaseOrderDocument } from './purchase-order-document.ts';
import { createPurchaseOrdersFromSuggestions, replenishmentSuggestions, type ReplenishmentSuggestionRow, salesWindowDays } from './suggestions.service.ts';
import { createSupplier, removeProductSupplier, setProductSupplier, updateSupplier } from './suppliers.service.ts';

const read = { permission: 'purchasing:read' } as const;
const manage = { permission: 'purchasing:manage' } as const;
/**
 * Purchase orders are incoming stock: whoever reads stock reads them (the Receive station), but
 * their prices, currency, supplier (and its contacts) and printout need purchasing:read, field by field.
 */
const readIncoming = { permission: 'inventory:read' } as const;

export const Supplier = builder.prismaNode('Supplier', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: read,
  description: 'Who the seller buys from: contact, currency of its prices and purchase orders, lead time.',
  fields: (t) => ({
    name: t.exposeString('name'),
    contactName: t.exposeString('contactName', { nullable: true }),
    contactPhone: t.exposeString('contactPhone', { nullable: true }),
    contactEmail: t.exposeString('contactEmail', { nullable: true }),
    currency: t.exposeString('currency'),
    leadTimeDays: t.exposeInt('leadTimeDays', { description: 'Days from sending a purchase order to the goods arriving.' }),
    active: t.exposeBoolean('active'),
    products: t.relation('products', { description: 'What it carries, by product SKU.', query: { orderBy: { product: { sku: 'asc' } } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const ProductSupplier = builder.prismaObject('ProductSupplier', {
  authScopes: read,
  description: "A product as a supplier sells it: its SKU there, price (minor units of the supplier's currency), minimum order quantity.",
  fields: (t) => ({
    supplier: t.relation('supplier'),
    product: t.relation('product'),
    supplierSku: t.exposeString('supplierSku', { nullable: true }),
    purchasePrice: t.exposeInt('purchasePrice', { description: "Minor units of the supplier's currency." }),
    currency: t.string({ select: { supplier: { select: { currency: true } } }, resolve: (ps) => ps.supplier.currency }),
    minOrderQuantity: t.exposeInt('minOrderQuantity'),
    preferred: t.exposeBoolean('preferred', { description: 'Suggestions order from the preferred supplier, else the cheapest.' }),
  }),
});

const CurrencyRate = builder.prismaObject('CurrencyRate', {
  authScopes: read,
  description: `Units of the base currency (BASE_CURRENCY, ${baseCurrency}) one unit of this currency buys.`,
  fields: (t) => ({
    currency: t.exposeString('currency'),
    baseCurrency: t.string({ resolve: () => baseCurrency }),
    rate: t.string({ description: 'A decimal with up to 8 places, e.g. "12.85000000".', resolve: (r) => r.rate.toFixed(8) }),
    updatedBy: t.exposeString('updatedBy'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const PurchaseOrderStatusEnum = builder.enumType(PurchaseOrderStatusValues, {
  name: 'PurchaseOrderStatus',
  description: 'DRAFT → SENT → PARTIALLY_RECEIVED → RECEIVED; CANCELLED from any but RECEIVED.',
});

export const PurchaseOrderLine = builder.prismaNode('PurchaseOrderLine', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: readIncoming,
  description: 'A product ordered on a purchase order: quantities for inventory:read, its price for purchasing:read.',
  fields: (t) => ({
    product: t.relation('product', { nullable: true, description: 'Its barcodes are what the Receive station matches scans against (needs products:read).' }),
    position: t.exposeInt('position'),
    quantity: t.exposeInt('quantity'),
    receivedQuantity: t.exposeInt('receivedQuantity'),
    remainingQuantity: t.int({
      description: 'Still expected (never below 0, even after an over-receipt).',
      select: { quantity: true, receivedQuantity: true },
      resolve: (l) => Math.max(l.quantity - l.receivedQuantity, 0),
    }),
    unitPrice: t.exposeInt('unitPrice', { nullable: true, authScopes: read, description: "Minor units of the purchase order's currency (needs purchasing:read)." }),
    supplierSku: t.string({
      nullable: true,
      description: "The supplier's code for the product (printed on its boxes: the Receive station matches scans against it too).",
      select: { productId: true, purchaseOrder: { select: { supplier: { select: { products: { select: { productId: true, supplierSku: true } } } } } } },
      resolve: (l) => l.purchaseOrder.supplier.products.find((p) => p.productId === l.productId)?.supplierSku ?? null,
    }),
  }),
});

const UnexpectedItem = builder.objectRef<{ code: string; productId: string | null; quantity: number; note: string | null }>('UnexpectedReceiptItem').implement({
  description: 'A scanned item that was not on the purchase order: recorded on the receipt, not put in stock.',
  fields: (t) => ({
    code: t.exposeString('code'),
    quantity: t.exposeInt('quantity'),
    note: t.exposeString('note', { nullable: true }),
    knownProduct: t.boolean({ description: 'The code is a product of the catalogue.', resolve: (i) => i.productId !== null }),
  }),
});

export const PurchaseReceipt = builder.prismaNode('PurchaseReceipt', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: readIncoming,
  description: 'One delivery counted in against a purchase order (its currency and rate, the purchase cost, need purchasing:read).',
  fields: (t) => ({
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    actor: t.exposeString('actor'),
    location: t.relation('location', { description: 'The bin it was put away in.' }),
    currency: t.exposeString('currency', { nullable: true, authScopes: read, description: 'Needs purchasing:read.' }),
    baseCurrency: t.exposeString('baseCurrency', { nullable: true, authScopes: read, description: 'Needs purchasing:read.' }),
    rate: t.string({
      nullable: true,
      authScopes: read,
      description: 'The rate used for the purchase cost (1 when the PO is in the base currency; needs purchasing:read).',
      resolve: (r) => r.rate.toFixed(8),
    }),
    unexpectedItems: t.field({
      type: [UnexpectedItem],
      resolve: (r) => r.unexpectedItems as { code: string; productId: string | null; quantity: number; note: string | null }[],
    }),
    movements: t.relation('stockMovements', { type: StockMovement, description: 'Its RECEIPT stock movements.', query: { orderBy: { productId: 'asc' } } }),
  }),
});

export const PurchaseOrder = builder.prismaNode('PurchaseOrder', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: readIncoming,
  description:
    'An order to a supplier for goods delivered to one warehouse. Read as incoming stock (inventory:read: what, how many, when, from whom by name); ' +
    'its prices, currency, note, supplier and printout need purchasing:read.',
  fields: (t) => ({
    number: t.string({
      description: 'What people and scanners read: "PO-000042" (the printed PO carries it as a barcode).',
      select: { number: true },
      resolve: (po) => purchaseOrderNumber(po.number),
    }),
    status: t.expose('status', { type: PurchaseOrderStatusEnum }),
    supplierName: t.string({
      description: 'Whom the delivery comes from (the supplier itself needs purchasing:read).',
      select: { supplier: { select: { name: true } } },
      resolve: (po) => po.supplier.name,
    }),
    supplier: t.relation('supplier', { nullable: true, authScopes: read, description: 'Needs purchasing:read.' }),
    warehouse: t.relation('warehouse', { type: Warehouse }),
    currency: t.exposeString('currency', { nullable: true, authScopes: read, description: 'Of its prices (needs purchasing:read).' }),
    note: t.exposeString('note', { nullable: true, authScopes: read, description: 'Printed on the PO for the supplier (needs purchasing:read).' }),
    expectedAt: t.expose('expectedAt', { type: 'DateTime', nullable: true, description: 'Given, or sentAt + the supplier lead time.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', nullable: true }),
    cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true }),
    lines: t.relation('lines', { query: { orderBy: { position: 'asc' } } }),
    totalQuantity: t.int({ select: { lines: { select: { quantity: true } } }, resolve: (po) => po.lines.reduce((s, l) => s + l.quantity, 0) }),
    receivedQuantity: t.int({ select: { lines: { select: { receivedQuantity: true } } }, resolve: (po) => po.lines.reduce((s, l) => s + l.receivedQuantity, 0) }),
    totalAmount: t.field({
      type: Money,
      nullable: true,
      authScopes: read,
      description: 'Needs purchasing:read.',
      select: { currency: true, lines: { select: { quantity: true, unitPrice: true } } },
      resolve: (po) =>
        money(
          po.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
          po.currency,
        ),
    }),
    receipts: t.relation('receipts', { query: { orderBy: { createdAt: 'asc' } } }),
    document: t.field({
      type: Document,
      nullable: true,
      authScopes: read,
      complexity: documentCost,
      description: 'The printable PO (PDF, Chinese and Russian, PO number as a Code 128 barcode; it carries the prices: needs purchasing:read).',
      resolve: (po, _args, ctx) => renderPurchaseOrderDocument(ctx.db, po.id),
    }),
    documentUrl: t.string({
      nullable: true,
      authScopes: read,
      complexity: documentCost,
      description: 'The same PDF as a data: URL (application/pdf, base64) to open or print directly (needs purchasing:read).',
      resolve: async (po, _args, ctx) => {
        const document = await renderPurchaseOrderDocument(ctx.db, po.id);
        return `data:${document.contentType};base64,${document.content}`;
      },
    }),
  }),
});

const ReplenishmentSuggestion = builder.objectRef<ReplenishmentSuggestionRow>('ReplenishmentSuggestion').implement({
  description:
    `What to re-order for one product in one warehouse: suggestedQuantity = max(need, the supplier's minimum order quantity), ` +
    `need = shortForHeldOrders + belowThreshold + expectedSales − incoming (only products with need > 0 are listed).`,
  fields: (t) => ({
    product: t.prismaField({
      type: Product,
      resolve: (query, s, _args, ctx) => ctx.db.product.findUniqueOrThrow({ ...query, where: { id: s.productId } }),
    }),
    warehouse: t.prismaField({
      type: Warehouse,
      resolve: (query, s, _args, ctx) => ctx.db.warehouse.findUniqueOrThrow({ ...query, where: { id: s.warehouseId } }),
    }),
    supplier: t.prismaField({
      type: Supplier,
      nullable: true,
      description: 'The preferred supplier, else the cheapest; null when none carries the product.',
      resolve: (query, s, _args, ctx) => (s.supplierId ? ctx.db.supplier.findUnique({ ...query, where: { id: s.supplierId } }) : null),
    }),
    available: t.exposeInt('available'),
    heldUnits: t.exposeInt('heldUnits', { description: 'Units on orders ON_HOLD for OUT_OF_STOCK.' }),
    lowStockThreshold: t.exposeInt('lowStockThreshold'),
    salesLastDays: t.exposeInt('salesLastWindow', { description: `Units on orders confirmed in the last ${salesWindowDays} days (not cancelled).` }),
    leadTimeDays: t.exposeInt('leadTimeDays'),
    incoming: t.exposeInt('incoming', { description: 'Still to come on open purchase orders to this warehouse.' }),
    shortForHeldOrders: t.exposeInt('shortForHeldOrders', { description: 'max(heldUnits − available, 0).' }),
    belowThreshold: t.exposeInt('belowThreshold', { description: 'max(lowStockThreshold − max(available − heldUnits, 0), 0).' }),
    expectedSales: t.exposeInt('expectedSales', { description: `⌈salesLastDays × leadTimeDays / ${salesWindowDays}⌉.` }),
    need: t.exposeInt('need'),
    minOrderQuantity: t.exposeInt('minOrderQuantity'),
    suggestedQuantity: t.exposeInt('suggestedQuantity'),
    unitPrice: t.field({
      type: Money,
      nullable: true,
      description: "The supplier's purchase price.",
      resolve: (s) => (s.unitPrice !== null && s.currency ? money(s.unitPrice, s.currency) : null),
    }),
  }),
});

builder.prismaObjectFields('InventoryLevel', (t) => ({
  incoming: t.int({
    description: 'Units still to come on open purchase orders (SENT, PARTIALLY_RECEIVED) to this warehouse.',
    select: {
      productId: true,
      warehouseId: true,
      product: {
        select: {
          purchaseOrderLines: {
            where: { purchaseOrder: { status: { in: openPurchaseOrderStatuses } } },
            select: { quantity: true, receivedQuantity: true, purchaseOrder: { select: { warehouseId: true } } },
          },
        },
      },
    },
    resolve: (l) =>
      l.product.purchaseOrderLines
        .filter((pl) => pl.purchaseOrder.warehouseId === l.warehouseId)
        .reduce((s, pl) => s + Math.max(pl.quantity - pl.receivedQuantity, 0), 0),
  }),
}));

builder.prismaObjectFields('Product', (t) => ({
  suppliers: t.relation('suppliers', {
    type: ProductSupplier,
    nullable: true,
    description: 'Who sells it to the seller, preferred first (needs purchasing:read).',
    query: { orderBy: [{ preferred: 'desc' }, { purchasePrice: 'asc' }] },
  }),
  averageCost: t.field({
    type: Money,
    nullable: true,
    authScopes: read,
    description: `Moving-average purchase cost per unit in the base currency (${baseCurrency}) over purchase-order receipts; null before the first (needs purchasing:read).`,
    select: { averageCost: true },
    resolve: (p) => (p.averageCost === null ? null : money(p.averageCost, baseCurrency)),
  }),
}));

// ─── Queries ────────────────────────────────────────────────────────────────────────────────────

/** Where a search word matches: the PO number ("PO-000042", "42") or the supplier's name. */
function purchaseOrderSearch(search: string): Prisma.PurchaseOrderWhereInput {
  const number = parsePurchaseOrderNumber(search);
  return { OR: [...(number !== null ? [{ number }] : []), { supplier: { name: { contains: search.trim(), mode: 'insensitive' } } }] };
}

builder.queryFields((t) => ({
  purchaseOrders: t.prismaConnection({
    type: PurchaseOrder,
    cursor: 'id',
    authScopes: readIncoming,
    description: 'Purchase orders by expected date. Without status or search: the open ones (SENT, PARTIALLY_RECEIVED), the Receive station list.',
    args: {
      status: t.arg({ type: [PurchaseOrderStatusEnum], required: false }),
      warehouseCode: t.arg.string({ required: false }),
      search: t.arg.string({ required: false, description: 'A PO number or part of a supplier name.', validate: z.string().max(100) }),
    },
    resolve: (query, _root, args, ctx) => {
      const search = args.search?.trim();
      const statuses = args.status?.length ? args.status : search ? null : openPurchaseOrderStatuses;
      return ctx.db.purchaseOrder.findMany({
        ...query,
        where: {
          ...(statuses ? { status: { in: statuses } } : {}),
          ...(args.warehouseCode ? { warehouse: { code: args.warehouseCode } } : {}),
          ...(search ? purchaseOrderSearch(search) : {}),
        },
        orderBy: [{ expectedAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
      });
    },
  }),
  purchaseOrder: t.prismaField({
    type: PurchaseOrder,
    nullable: true,
    authScopes: readIncoming,
    args: { id: t.arg.globalID({ for: PurchaseOrder }) },
    resolve: (query, _root, args, ctx) => ctx.db.purchaseOrder.findUnique({ ...query, where: { id: args.id.id } }),
  }),
  purchaseOrderByNumber: t.prismaField({
    type: PurchaseOrder,
    nullable: true,
    authScopes: readIncoming,
    description: 'The PO a scanned barcode names ("PO-000042"; "42" works too).',
    args: { number: t.arg.string({ validate: z.string().min(1).max(40) }) },
    resolve: (query, _root, args, ctx) => {
      const number = parsePurchaseOrderNumber(args.number);
      return number === null ? null : ctx.db.purchaseOrder.findUnique({ ...query, where: { number } });
    },
  }),
  suppliers: t.prismaConnection({
    type: Supplier,
    cursor: 'id',
    authScopes: read,
    description: 'Suppliers by name (inactive ones too).',
    args: { search: t.arg.string({ required: false, validate: z.string().max(100) }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.supplier.findMany({
        ...query,
        where: args.search?.trim() ? { name: { contains: args.search.trim(), mode: 'insensitive' } } : {},
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
  }),
  currencyRates: t.prismaField({
    type: [CurrencyRate],
    authScopes: read,
    description: `Rates to the base currency (${baseCurrency}) purchase orders in other currencies need.`,
    resolve: (query, _root, _args, ctx) => ctx.db.currencyRate.findMany({ ...query, orderBy: { currency: 'asc' } }),
  }),
  replenishmentSuggestions: t.field({
    type: [ReplenishmentSuggestion],
    authScopes: { permission: ['purchasing:read', 'inventory:read'] },
    description: 'What to re-order per product in a warehouse (the first one when omitted), held orders first.',
    args: { warehouseCode: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const warehouse = await resolveWarehouse(ctx.db, args.warehouseCode).catch(() => null);
      return warehouse ? replenishmentSuggestions(ctx.db, { warehouseId: warehouse.id, now: ctx.now }) : [];
    },
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const SupplierPayload = payloadType<{ supplierId: string }>('SupplierPayload', {
  fields: (t) => ({
    supplier: t.prismaField({
      type: Supplier,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.supplierId ? ctx.db.supplier.findUnique({ ...q, where: { id: p.supplierId } }) : null),
    }),
  }),
});

const ProductSuppliersPayload = payloadType<{ productId: string }>('ProductSuppliersPayload', {
  fields: (t) => ({
    product: t.prismaField({
      type: Product,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.productId ? ctx.db.product.findUnique({ ...q, where: { id: p.productId } }) : null),
    }),
  }),
});

const CurrencyRatePayload = payloadType<{ currency: string }>('CurrencyRatePayload', {
  fields: (t) => ({
    currencyRate: t.prismaField({
      type: CurrencyRate,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.currency ? ctx.db.currencyRate.findUnique({ ...q, where: { currency: p.currency } }) : null),
    }),
  }),
});

const PurchaseOrderPayload = payloadType<{ purchaseOrderId: string }>('PurchaseOrderPayload', {
  fields: (t) => ({
    purchaseOrder: t.prismaField({
      type: PurchaseOrder,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.purchaseOrderId ? ctx.db.purchaseOrder.findUnique({ ...q, where: { id: p.purchaseOrderId } }) : null),
    }),
  }),
});

const PurchaseOrdersPayload = payloadType<{ purchaseOrderIds: string[] }>('PurchaseOrdersPayload', {
  fields: (t) => ({
    purchaseOrders: t.prismaField({
      type: [PurchaseOrder],
      nullable: true,
      resolve: (q, p, _a, ctx) =>
        p.purchaseOrderIds ? ctx.db.purchaseOrder.findMany({ ...q, where: { id: { in: p.purchaseOrderIds } }, orderBy: { number: 'asc' } }) : null,
    }),
  }),
});

const ReceivePayload = payloadType<{ purchaseOrderId: string; receiptId: string }>('ReceivePurchaseOrderItemsPayload', {
  fields: (t) => ({
    purchaseOrder: t.prismaField({
      type: PurchaseOrder,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.purchaseOrderId ? ctx.db.purchaseOrder.findUnique({ ...q, where: { id: p.purchaseOrderId } }) : null),
    }),
    receipt: t.prismaField({
      type: PurchaseReceipt,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.receiptId ? ctx.db.purchaseReceipt.findUnique({ ...q, where: { id: p.receiptId } }) : null),
    }),
  }),
});

const SupplierFields = {
  name: 'Required when creating.',
  currency: 'ISO 4217 code of its prices and purchase orders (CNY, RUB…). Required when creating.',
};

const CreateSupplierInput = builder.inputType('CreateSupplierInput', {
  fields: (t) => ({
    name: t.string({ description: SupplierFields.name, validate: z.string().max(200) }),
    contactName: t.string({ required: false, validate: z.string().max(200) }),
    contactPhone: t.string({ required: false, validate: z.string().max(50) }),
    contactEmail: t.string({ required: false, validate: z.string().max(200) }),
    currency: t.string({ description: SupplierFields.currency, validate: z.string().max(3) }),
    leadTimeDays: t.int({ required: false, description: 'Default 14.' }),
  }),
});

const UpdateSupplierInput = builder.inputType('UpdateSupplierInput', {
  fields: (t) => ({
    name: t.string({ required: false, validate: z.string().max(200) }),
    contactName: t.string({ required: false, validate: z.string().max(200) }),
    contactPhone: t.string({ required: false, validate: z.string().max(50) }),
    contactEmail: t.string({ required: false, validate: z.string().max(200) }),
    currency: t.string({ required: false, validate: z.string().max(3) }),
    leadTimeDays: t.int({ required: false }),
    active: t.boolean({ required: false }),
  }),
});

const SetProductSupplierInput = builder.inputType('SetProductSupplierInput', {
  fields: (t) => ({
    productId: t.globalID({ for: Product }),
    supplierId: t.globalID({ for: Supplier }),
    supplierSku: t.string({ required: false, validate: z.string().max(100) }),
    purchasePrice: t.int({ description: "Minor units of the supplier's currency." }),
    minOrderQuantity: t.int({ required: false, description: 'Default 1.' }),
    preferred: t.boolean({ required: false, description: "true makes it the product's preferred supplier (the others stop being preferred)." }),
  }),
});

const PurchaseOrderLineInput = builder.inputType('PurchaseOrderLineInput', {
  fields: (t) => ({
    productId: t.globalID({ for: Product }),
    quantity: t.int(),
    unitPrice: t.int({ required: false, description: "Minor units of the supplier's currency; its purchase price when omitted." }),
  }),
});

const CreatePurchaseOrderInput = builder.inputType('CreatePurchaseOrderInput', {
  fields: (t) => ({
    supplierId: t.globalID({ for: Supplier }),
    warehouseCode: t.string({ required: false, description: 'Where the goods go; the first warehouse when omitted.' }),
    lines: t.field({ type: [PurchaseOrderLineInput], validate: z.array(z.unknown()).max(500) }),
    expectedAt: t.field({ type: 'DateTime', required: false, description: 'Default: sentAt + the supplier lead time.' }),
    note: t.string({ required: false, validate: z.string().max(1000) }),
  }),
});

const UpdatePurchaseOrderInput = builder.inputType('UpdatePurchaseOrderInput', {
  fields: (t) => ({
    purchaseOrderId: t.globalID({ for: PurchaseOrder }),
    lines: t.field({ type: [PurchaseOrderLineInput], required: false, description: 'Replaces every line.', validate: z.array(z.unknown()).max(500) }),
    expectedAt: t.field({ type: 'DateTime', required: false }),
    note: t.string({ required: false, validate: z.string().max(1000) }),
  }),
});

const ReceiveItemInput = builder.inputType('ReceivePurchaseOrderItemInput', {
  fields: (t) => ({
    lineId: t.globalID({ for: PurchaseOrderLine }),
    quantity: t.int(),
  }),
});

const UnexpectedItemInput = builder.inputType('UnexpectedReceiptItemInput', {
  fields: (t) => ({
    code: t.string({ description: 'The scanned code (barcode, SKU or anything on the box).', validate: z.string().max(200) }),
    quantity: t.int(),
    note: t.string({ required: false, validate: z.string().max(500) }),
  }),
});

const ReceivePurchaseOrderItemsInput = builder.inputType('ReceivePurchaseOrderItemsInput', {
  fields: (t) => ({
    purchaseOrderId: t.globalID({ for: PurchaseOrder }),
    locationCode: t.string({ description: 'The bin scanned for put-away.', validate: z.string().max(64) }),
    items: t.field({ type: [ReceiveItemInput], validate: z.array(z.unknown()).max(500) }),
    unexpectedItems: t.field({ type: [UnexpectedItemInput], required: false, validate: z.array(z.unknown()).max(200) }),
    allowOverReceipt: t.boolean({ required: false, defaultValue: false, description: 'Take more units than a line still expects (else OVER_RECEIPT, nothing written).' }),
    idempotencyKey: t.string({
      description: 'Required: the station retries a receipt through its offline outbox, and a receipt must never count twice.',
      validate: z.string().min(8).max(200),
    }),
  }),
});

const SuggestionSelectionInput = builder.inputType('ReplenishmentSelectionInput', {
  fields: (t) => ({
    productId: t.globalID({ for: Product }),
    quantity: t.int({ required: false, description: "The suggestion's need when omitted; raised to the supplier's minimum order quantity." }),
    supplierId: t.globalID({ for: Supplier, required: false, description: 'The preferred (else cheapest) supplier when omitted.' }),
  }),
});

const CreatePurchaseOrdersFromSuggestionsInput = builder.inputType('CreatePurchaseOrdersFromSuggestionsInput', {
  fields: (t) => ({
    warehouseCode: t.string({ required: false }),
    items: t.field({ type: [SuggestionSelectionInput], validate: z.array(z.unknown()).max(500) }),
  }),
});

builder.mutationFields((t) => ({
  createSupplier: t.field({
    type: SupplierPayload,
    authScopes: manage,
    args: { input: t.arg({ type: CreateSupplierInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'createSupplier', args, async (tx) => ({ supplierId: (await createSupplier(tx, args.input)).id })),
  }),
  updateSupplier: t.field({
    type: SupplierPayload,
    authScopes: manage,
    args: { id: t.arg.globalID({ for: Supplier }), input: t.arg({ type: UpdateSupplierInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'updateSupplier', args, async (tx) => ({ supplierId: (await updateSupplier(tx, args.id.id, args.input)).id })),
  }),
  setProductSupplier: t.field({
    type: ProductSuppliersPayload,
    authScopes: manage,
    description: "Sets (or changes) a supplier's SKU, price and minimum order quantity for a product.",
    args: { input: t.arg({ type: SetProductSupplierInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'setProductSupplier', args, async (tx) => {
        await setProductSupplier(tx, { ...args.input, productId: args.input.productId.id, supplierId: args.input.supplierId.id });
        return { productId: args.input.productId.id };
      }),
  }),
  removeProductSupplier: t.field({
    type: ProductSuppliersPayload,
    authScopes: manage,
    args: { productId: t.arg.globalID({ for: Product }), supplierId: t.arg.globalID({ for: Supplier }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'removeProductSupplier', args, async (tx) => {
        await removeProductSupplier(tx, { productId: args.productId.id, supplierId: args.supplierId.id });
        return { productId: args.productId.id };
      }),
  }),
  setCurrencyRate: t.field({
    type: CurrencyRatePayload,
    authScopes: manage,
    description: `Units of ${baseCurrency} (BASE_CURRENCY) one unit of the currency buys, e.g. "12.85" for CNY.`,
    args: { currency: t.arg.string({ validate: z.string().max(3) }), rate: t.arg.string({ validate: z.string().max(30) }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'setCurrencyRate', args, async (tx, actor) => ({
        currency: (await setCurrencyRate(tx, { currency: args.currency, rate: args.rate, actor })).currency,
      })),
  }),
  createPurchaseOrder: t.field({
    type: PurchaseOrderPayload,
    authScopes: manage,
    description: "A DRAFT purchase order in the supplier's currency; every product must be one the supplier carries (PRODUCT_NOT_SUPPLIED).",
    args: { input: t.arg({ type: CreatePurchaseOrderInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'createPurchaseOrder', args, async (tx, actor) => {
        const warehouse = await resolveWarehouse(tx, args.input.warehouseCode, ['input', 'warehouseCode']);
        const po = await createPurchaseOrder(tx, {
          supplierId: args.input.supplierId.id,
          warehouseId: warehouse.id,
          lines: args.input.lines.map((l) => ({ productId: l.productId.id, quantity: l.quantity, unitPrice: l.unitPrice })),
          expectedAt: args.input.expectedAt,
          note: args.input.note,
          actor,
        });
        return { purchaseOrderId: po.id };
      }),
  }),
  updatePurchaseOrder: t.field({
    type: PurchaseOrderPayload,
    authScopes: manage,
    description: 'Changes a DRAFT: its lines (all replaced), expected date or note.',
    args: { input: t.arg({ type: UpdatePurchaseOrderInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'updatePurchaseOrder', args, async (tx) => {
        const po = await updatePurchaseOrder(tx, {
          purchaseOrderId: args.input.purchaseOrderId.id,
          lines: args.input.lines?.map((l) => ({ productId: l.productId.id, quantity: l.quantity, unitPrice: l.unitPrice })),
          ...(args.input.expectedAt !== undefined ? { expectedAt: args.input.expectedAt } : {}),
          ...(args.input.note !== undefined ? { note: args.input.note } : {}),
        });
        return { purchaseOrderId: po.id };
      }),
  }),
  sendPurchaseOrder: t.field({
    type: PurchaseOrderPayload,
    authScopes: manage,
    description: 'DRAFT → SENT: its remaining quantities now count as incoming; expected at the date given, else now + the supplier lead time.',
    args: { purchaseOrderId: t.arg.globalID({ for: PurchaseOrder }), expectedAt: t.arg({ type: 'DateTime', required: false }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'sendPurchaseOrder', args, async (tx) => ({
        purchaseOrderId: (await sendPurchaseOrder(tx, { purchaseOrderId: args.purchaseOrderId.id, expectedAt: args.expectedAt, now: ctx.now })).id,
      })),
  }),
  cancelPurchaseOrder: t.field({
    type: PurchaseOrderPayload,
    authScopes: manage,
    description: 'Nothing more will come (what was received stays).',
    args: { purchaseOrderId: t.arg.globalID({ for: PurchaseOrder }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'cancelPurchaseOrder', args, async (tx) => ({
        purchaseOrderId: (await cancelPurchaseOrder(tx, { purchaseOrderId: args.purchaseOrderId.id, now: ctx.now })).id,
      })),
  }),
  receivePurchaseOrderItems: t.field({
    type: ReceivePayload,
    authScopes: { permission: 'receiving' },
    description:
      'The Receive station (needs receiving). Goods counted in against a purchase order and put away in one bin, all or nothing: RECEIPT stock movements linked to the PO lines, ' +
      'the moving-average cost, the PO PARTIALLY_RECEIVED or RECEIVED, and orders held for these products released.',
    args: { input: t.arg({ type: ReceivePurchaseOrderItemsInput }) },
    resolve: (_root, args, ctx) => {
      const { idempotencyKey, ...input } = args.input;
      return runMutation(ctx, 'receivePurchaseOrderItems', { input, idempotencyKey }, async (tx, actor) => {
        const result = await receivePurchaseOrderItems(tx, {
          purchaseOrderId: input.purchaseOrderId.id,
          locationCode: input.locationCode,
          items: input.items.map((i) => ({ lineId: i.lineId.id, quantity: i.quantity })),
          unexpectedItems: input.unexpectedItems,
          allowOverReceipt: input.allowOverReceipt,
          actor,
          now: ctx.now,
        });
        return { purchaseOrderId: result.purchaseOrderId, receiptId: result.receiptId };
      });
    },
  }),
  createPurchaseOrdersFromSuggestions: t.field({
    type: PurchaseOrdersPayload,
    authScopes: manage,
    description: "Turns selected suggestions into DRAFT purchase orders, one per supplier, each line at least the supplier's minimum order quantity.",
    args: { input: t.arg({ type: CreatePurchaseOrdersFromSuggestionsInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'createPurchaseOrdersFromSuggestions', args, async (tx, actor) => {
        const warehouse = await resolveWarehouse(tx, args.input.warehouseCode, ['input', 'warehouseCode']);
        const purchaseOrderIds = await createPurchaseOrdersFromSuggestions(tx, {
          warehouseId: warehouse.id,
          items: args.input.items.map((i) => ({ productId: i.productId.id, quantity: i.quantity, supplierId: i.supplierId?.id })),
          actor,
          now: ctx.now,
        });
        return { purchaseOrderIds };
      }),
  }),
}));
