// Promotions (issue #16): what the seller offers on the channels where Orderly sets the prices
// (manual entry, the own shop's integrators), kept here; applied when an order comes in
// (offerForOrder, called by createOrder); reported per promotion (promotionReport).
import { z } from 'zod';
import { Prisma, type Db, type Promotion, type PromotionKind } from '@orderly/schema';
import { DomainError, type UserErrorShape, userError } from '../../core/errors.ts';
import { isKnownCurrency } from '../../core/money.ts';
import type { Tx } from '../../core/transaction.ts';
import { maxInt32 } from '../common/bounds.ts';
import { productsBySku } from '../catalog/catalog.service.ts';
import { applyPromotions, type OfferLine } from './apply.ts';

const channelCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{1,32}$/, 'Channel must be a short code such as "manual" or "shop"');

const promotionSchema = z.object({
  name: z.string().trim().min(1, 'A name is required').max(200, 'Too long'),
  kind: z.enum(['PERCENT_OFF', 'AMOUNT_OFF', 'THRESHOLD_DISCOUNT', 'GIFT']),
  value: z.number().int().min(0, 'Cannot be negative').max(maxInt32),
  thresholdAmount: z.number().int().min(1, 'At least 1 minor unit').max(maxInt32).nullish(),
  currency: z.string().trim().toUpperCase().refine(isKnownCurrency, 'Unknown currency (ISO 4217, e.g. RUB)').nullish(),
  skus: z.array(z.string().trim().min(1)).max(1000, 'At most 1,000 SKUs; use allProducts').nullish(),
  allProducts: z.boolean().nullish(),
  giftSku: z.string().trim().min(1).nullish(),
  startsAt: z.date(),
  endsAt: z.date().nullish(),
  channels: z.array(channelCode).max(50).nullish(),
  priority: z.number().int().min(-1000).max(1000).nullish(),
  stackable: z.boolean().nullish(),
});
export type PromotionInput = z.input<typeof promotionSchema>;
type ParsedPromotion = z.output<typeof promotionSchema>;

const root = (field: (string | number)[]) => ['input', ...field];

/** The channels whose prices (and discounts) a marketplace sets: promotions never apply there. */
async function marketplaceChannels(db: Db | Tx, channels: readonly string[]): Promise<Set<string>> {
  if (!channels.length) return new Set();
  const accounts = await db.ozonAccount.findMany({ where: { channel: { in: [...channels] } }, select: { channel: true } });
  return new Set(accounts.map((a) => a.channel));
}

/** Whether Orderly sets the prices of this channel's orders (not a marketplace's channel). */
export async function pricesChannel(db: Db | Tx, channel: string): Promise<boolean> {
  return !(await marketplaceChannels(db, [channel])).has(channel);
}

/**
 * Checks a promotion as a whole (every problem at once, nothing written) and resolves its SKUs:
 * the rows to write.
 */
async function validPromotion(tx: Tx, raw: PromotionInput) {
  const parsed = promotionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError(
      parsed.error.issues.map((i) => userError(i.path[0] === 'currency' ? 'UNKNOWN_CURRENCY' : 'INVALID_INPUT', i.message, root(i.path.map(String)))),
    );
  }
  const p: ParsedPromotion = parsed.data;
  const errors: UserErrorShape[] = [];
  const skus = [...new Set(p.skus ?? [])];
  const products = await productsBySku(tx, [...skus, ...(p.giftSku ? [p.giftSku] : [])]);
  (p.skus ?? []).forEach((sku, i) => {
    if (!products.has(sku.trim())) errors.push(userError('UNKNOWN_SKU', `No product with SKU "${sku}"`, root(['skus', i])));
  });
  if (p.endsAt && p.endsAt <= p.startsAt) errors.push(userError('INVALID_DATE_RANGE', 'The promotion must end after it starts', root(['endsAt'])));

  const lineKind = p.kind === 'PERCENT_OFF' || p.kind === 'AMOUNT_OFF' || p.kind === 'GIFT';
  if (lineKind && !skus.length && !p.allProducts) errors.push(userError('INVALID_INPUT', 'Name the SKUs it applies to, or set allProducts', root(['skus'])));
  if (skus.length && p.allProducts) errors.push(userError('INVALID_INPUT', 'Either SKUs or allProducts, not both', root(['allProducts'])));
  if (!lineKind && (skus.length || p.allProducts)) errors.push(userError('INVALID_INPUT', 'A spend-threshold discount applies to the whole order', root(['skus'])));
  const amounts = p.kind === 'AMOUNT_OFF' || p.kind === 'THRESHOLD_DISCOUNT' || p.thresholdAmount != null;
  if (amounts && !p.currency) errors.push(userError('INVALID_INPUT', 'Amounts need their currency', root(['currency'])));

  switch (p.kind) {
    case 'PERCENT_OFF':
      if (p.value > 100) errors.push(userError('DISCOUNT_TOO_LARGE', 'A percentage discount is at most 100 %', root(['value'])));
      else if (p.value < 1) errors.push(userError('INVALID_INPUT', 'A percentage discount is at least 1 %', root(['value'])));
      break;
    case 'AMOUNT_OFF':
      if (p.value < 1) errors.push(userError('INVALID_INPUT', 'A discount is at least 1 minor unit', root(['value'])));
      for (const sku of skus) {
        const product = products.get(sku);
        if (product && product.currency === p.currency && p.value > product.priceAmount) {
          errors.push(userError('DISCOUNT_ABOVE_PRICE', `The discount is above the price of ${sku} (${product.priceAmount} minor units)`, root(['value'])));
        }
      }
      break;
    case 'THRESHOLD_DISCOUNT':
      if (p.thresholdAmount == null) errors.push(userError('INVALID_INPUT', 'A spend-threshold discount needs its threshold', root(['thresholdAmount'])));
      if (p.value < 1) errors.push(userError('INVALID_INPUT', 'A discount is at least 1 minor unit', root(['value'])));
      else if (p.thresholdAmount != null && p.value > p.thresholdAmount) {
        errors.push(userError('DISCOUNT_ABOVE_PRICE', 'The discount is above the spend that earns it', root(['value'])));
      }
      break;
    case 'GIFT':
      if (!p.giftSku) errors.push(userError('INVALID_INPUT', 'A gift promotion names its gift', root(['giftSku'])));
      else if (!products.has(p.giftSku)) errors.push(userError('UNKNOWN_SKU', `No product with SKU "${p.giftSku}"`, root(['giftSku'])));
      else if (products.get(p.giftSku)!.archivedAt) errors.push(userError('PRODUCT_ARCHIVED', `Product ${p.giftSku} is archived`, root(['giftSku'])));
      if (p.value !== 0) errors.push(userError('INVALID_INPUT', 'A gift has no discount value (0)', root(['value'])));
      break;
  }
  if (p.kind !== 'GIFT' && p.giftSku) errors.push(userError('INVALID_INPUT', 'Only a GIFT promotion names a gift', root(['giftSku'])));

  const channels = [...new Set(p.channels ?? [])];
  const marketplaces = await marketplaceChannels(tx, channels);
  (p.channels ?? []).forEach((c, i) => {
    if (marketplaces.has(c)) {
      errors.push(userError('MARKETPLACE_CHANNEL', `Channel "${c}" is a marketplace's: it sets its own prices and discounts`, root(['channels', i])));
    }
  });
  if (errors.length) throw new DomainError(errors);

  return {
    data: {
      name: p.name,
      kind: p.kind,
      value: p.value,
      thresholdAmount: p.thresholdAmount ?? null,
      currency: p.currency ?? null,
      allProducts: p.allProducts ?? false,
      giftProductId: p.giftSku ? products.get(p.giftSku)!.id : null,
      startsAt: p.startsAt,
      endsAt: p.endsAt ?? null,
      channels,
      priority: p.priority ?? 0,
      stackable: p.stackable ?? false,
    },
    productIds: skus.map((s) => products.get(s)!.id),
  };
}

export async function createPromotion(tx: Tx, input: PromotionInput): Promise<{ promotionId: string }> {
  const { data, productIds } = await validPromotion(tx, input);
  const created = await tx.promotion.create({ data: { ...data, products: { connect: productIds.map((id) => ({ id })) } }, select: { id: true } });
  return { promotionId: created.id };
}

/** The promotion as an input again: what an update changes is merged over it. */
async function inputOf(tx: Tx, promotion: Promotion): Promise<PromotionInput> {
  const products = await tx.product.findMany({ where: { promotions: { some: { id: promotion.id } } }, select: { sku: true }, orderBy: { sku: 'asc' } });
  const gift = promotion.giftProductId ? await tx.product.findUnique({ where: { id: promotion.giftProductId }, select: { sku: true } }) : null;
  return {
    name: promotion.name,
    kind: promotion.kind,
    value: promotion.value,
    thresholdAmount: promotion.thresholdAmount,
    currency: promotion.currency,
    skus: products.map((p) => p.sku),
    allProducts: promotion.allProducts,
    giftSku: gift?.sku ?? null,
    startsAt: promotion.startsAt,
    endsAt: promotion.endsAt,
    channels: promotion.channels,
    priority: promotion.priority,
    stackable: promotion.stackable,
  };
}

async function lockPromotion(tx: Tx, id: string): Promise<Promotion> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Promotion" WHERE id = ${id}::uuid FOR UPDATE`;
  if (!row) throw new DomainError(userError('NOT_FOUND', 'No such promotion', ['id']));
  return tx.promotion.findUniqueOrThrow({ where: { id } });
}

/**
 * Changes a promotion not yet ended: the fields given replace the current ones and the result is
 * checked as a whole. Orders already taken in keep the discounts they were given.
 */
export async function updatePromotion(tx: Tx, id: string, changes: Partial<PromotionInput>): Promise<{ promotionId: string }> {
  const promotion = await lockPromotion(tx, id);
  if (promotion.endedAt) throw new DomainError(userError('PROMOTION_ENDED', `"${promotion.name}" has ended; create a new promotion`, ['id']));
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const { data, productIds } = await validPromotion(tx, { ...(await inputOf(tx, promotion)), ...defined });
  await tx.promotion.update({ where: { id }, data: { ...data, products: { set: productIds.map((p) => ({ id: p })) } } });
  return { promotionId: id };
}

/** Ends a promotion now: no order taken in from now on gets it. Ending an ended one changes nothing. */
export async function endPromotion(tx: Tx, id: string, now: Date): Promise<{ promotionId: string }> {
  const promotion = await lockPromotion(tx, id);
  if (!promotion.endedAt) await tx.promotion.update({ where: { id }, data: { endedAt: now, active: false } });
  return { promotionId: id };
}

// ─── At intake ──────────────────────────────────────────────────────────────────────────────────

export interface OrderOffer {
  /** Per line of the order: each promotion's discount on it. */
  lines: { promotionId: string; amount: number }[][];
  /** Gift lines to add: one unit each, priced at the catalogue and given in full. */
  gifts: { promotionId: string; productId: string; sku: string; name: string; unitPrice: number }[];
  /** Gifts earned but not added, and why (for the order's timeline). */
  skippedGifts: { promotionId: string; sku: string; reason: 'OUT_OF_STOCK' | 'ALREADY_ORDERED' | 'ARCHIVED' }[];
}

/**
 * The promotions an order coming in on `channel` gets (core rules in apply.ts): the ones running
 * at `placedAt`, not ended, on that channel (or on every channel), never on a marketplace's
 * channel. A gift is added only when a unit is available in the order's warehouse: an order is
 * never held for a gift (confirmOrder also drops a gift that ran out meanwhile).
 */
export async function offerForOrder(
  tx: Tx,
  order: { channel: string; currency: string; placedAt: Date; warehouseId: string; lines: readonly OfferLine[] },
): Promise<OrderOffer> {
  const none: OrderOffer = { lines: order.lines.map(() => []), gifts: [], skippedGifts: [] };
  if (!(await pricesChannel(tx, order.channel))) return none;
  const productIds = order.lines.map((l) => l.productId);
  const promotions = await tx.promotion.findMany({
    where: {
      active: true,
      endedAt: null,
      startsAt: { lte: order.placedAt },
      OR: [{ endsAt: null }, { endsAt: { gt: order.placedAt } }],
      AND: [{ OR: [{ channels: { isEmpty: true } }, { channels: { has: order.channel } }] }],
    },
    include: { products: { where: { id: { in: productIds } }, select: { id: true } }, giftProduct: true },
  });
  if (!promotions.length) return none;
  const offer = applyPromotions(
    order.lines,
    promotions.map((p) => ({ ...p, productIds: new Set(p.products.map((x) => x.id)) })),
    order.currency,
  );

  const gifts: OrderOffer['gifts'] = [];
  const skippedGifts: OrderOffer['skippedGifts'] = [];
  for (const g of offer.gifts) {
    const product = promotions.find((p) => p.id === g.promotionId)!.giftProduct!;
    const skip = (reason: OrderOffer['skippedGifts'][number]['reason']) => skippedGifts.push({ promotionId: g.promotionId, sku: product.sku, reason });
    if (product.archivedAt) skip('ARCHIVED');
    // One line per product on an order: a gift of a product the buyer orders is not added.
    else if (productIds.includes(product.id)) skip('ALREADY_ORDERED');
    else if (!(await unitAvailable(tx, product.id, order.warehouseId))) skip('OUT_OF_STOCK');
    else gifts.push({ promotionId: g.promotionId, productId: product.id, sku: product.sku, name: product.name, unitPrice: product.priceAmount });
  }
  return { lines: offer.lines, gifts, skippedGifts };
}

async function unitAvailable(tx: Tx, productId: string, warehouseId: string): Promise<boolean> {
  const level = await tx.inventoryLevel.findUnique({
    where: { productId_warehouseId: { productId, warehouseId } },
    select: { onHand: true, reserved: true, picked: true },
  });
  return !!level && level.onHand - level.reserved - level.picked >= 1;
}

// ─── Report ─────────────────────────────────────────────────────────────────────────────────────

export interface PromotionResult {
  promotionId: string;
  name: string;
  kind: PromotionKind;
  currency: string;
  /** Orders placed in the range that got the promotion (cancelled ones excluded). */
  orders: number;
  /** Units of the lines it discounted or gave (gift units included), cancelled units excluded. */
  units: number;
  /** What those orders came to (their totals, after every discount). */
  revenue: number;
  /** What the promotion gave on them. */
  discount: number;
}

/**
 * Per promotion and currency, over the orders placed in [from, to): one SQL aggregation over the
 * promotion's OrderDiscount rows (index promotionId, orderId) and their orders. For the promotions
 * screen and the manager dashboard.
 */
export async function promotionReport(db: Db | Tx, range: { from: Date; to: Date }): Promise<PromotionResult[]> {
  const rows = await db.$queryRaw<PromotionResult[]>(Prisma.sql`
    WITH per_order AS (
      SELECT d."promotionId", d."orderId", sum(d.amount) AS discount, sum(coalesce(l.quantity - l."quantityCancelled", 0)) AS units
      FROM "OrderDiscount" d
      JOIN "Order" o ON o.id = d."orderId"
      LEFT JOIN "OrderLine" l ON l.id = d."lineId"
      WHERE d.source = 'PROMOTION' AND o."placedAt" >= ${range.from} AND o."placedAt" < ${range.to} AND o.status <> 'CANCELLED'
      GROUP BY d."promotionId", d."orderId"
    )
    SELECT p.id AS "promotionId", p.name, p.kind, o.currency,
      count(*)::int AS orders, sum(po.units)::int AS units,
      sum(o."totalAmount")::float8 AS revenue, sum(po.discount)::float8 AS discount
    FROM per_order po
    JOIN "Promotion" p ON p.id = po."promotionId"
    JOIN "Order" o ON o.id = po."orderId"
    GROUP BY p.id, o.currency
    ORDER BY discount DESC, p.name, o.currency`);
  return rows;
}
