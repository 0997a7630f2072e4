import { z } from 'zod';
import { type CancelReason, type Db, type HoldReason, type Order, type OrderEventType, type OrderLine, type OrderStatus, Prisma } from '@orderly/schema';
import { maxInt32, maxUnitsPerOperation } from '../common/bounds.ts';
import { DomainError, type UserErrorShape, userError } from '../../core/errors.ts';
import { productsBySku } from '../catalog/catalog.service.ts';
import { lockRow } from '../common/locks.ts';
import { isUuid } from '../common/uuid.ts';
import type { Tx } from '../../core/transaction.ts';
import { releaseStock, resolveWarehouse, type StockShortage, stockReservationCtes } from '../inventory/inventory.service.ts';
import { openPickTaskCount, trimOpenPickTasks } from '../picking/pick-tasks.ts';
import { orderReference, outboxEventsWritten, outboxInsertSql, recordOutboxEvent, webhookWantedSql } from '../webhooks/outbox.service.ts';
import { linkCustomer } from '../customers/customer-link.ts';
import { canTransition } from './order-transitions.ts';
import { config } from '../../core/config.ts';
import {
  amountsAfterCancelling,
  formatMoney,
  isKnownCurrency,
  lineTotal,
  orderAmounts,
  type OrderAmounts,
  type OrderCharges,
  type PricedLine,
  pricedOrder,
} from '../../core/money.ts';
import { type NewDiscount, recordOrderDiscounts, syncOrderDiscounts } from '../promotions/order-discounts.ts';
import { offerForOrder } from '../promotions/promotions.service.ts';

/** Handling time given to manual orders entered without a ship-by deadline. */
export const defaultHandlingHours = config.DEFAULT_HANDLING_HOURS;

const required = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(300, `${what} is too long`);
const optionalText = z
  .string()
  .trim()
  .max(500, 'Too long')
  .nullish()
  .transform((v) => (v ? v : null));

/** Postal codes the floor can check locally; other countries only need a non-empty code. */
const postalCodePatterns: Record<string, RegExp> = { RU: /^\d{6}$/, CN: /^\d{6}$/, KZ: /^\d{6}$/, BY: /^\d{6}$/ };

const addressSchema = z
  .object({
    name: required('Recipient name'),
    phone: optionalText,
    address1: required('Street address'),
    address2: optionalText,
    city: required('City'),
    region: optionalText,
    postalCode: required('Postal code'),
    countryCode: z
      .string({ error: 'Country code is required (ISO 3166 two letters, e.g. RU)' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'Country must be an ISO 3166 two-letter code'),
  })
  .superRefine(
    (a, ctx) => {
      const pattern = typeof a.countryCode === 'string' ? postalCodePatterns[a.countryCode.toUpperCase()] : undefined;
      if (pattern && typeof a.postalCode === 'string' && a.postalCode && !pattern.test(a.postalCode.trim())) {
        ctx.addIssue({ code: 'custom', path: ['postalCode'], message: `Postal code "${a.postalCode}" is not valid for ${a.countryCode}` });
      }
    },
    // Check the postal code even when other address fields are missing: report every gap at once.
    { when: () => true },
  );

const orderInputSchema = z.object({
  channel: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_-]{1,32}$/, 'Channel must be a short code such as "ozon" or "manual"'),
  externalId: optionalText,
  placedAt: z.date().nullish(),
  shipBy: z.date().nullish(),
  currency: z.string().trim().toUpperCase().refine(isKnownCurrency, { message: 'Unknown currency (use an ISO 4217 code such as RUB, CNY, USD)' }),
  shippingAmount: z.number().int().min(0, 'Shipping cannot be negative').nullish(),
  discountAmount: z.number().int().min(0, 'Discount cannot be negative').nullish(),
  warehouseCode: optionalText,
  buyer: z
    .object({ name: required('Buyer name'), email: optionalText, phone: optionalText, externalId: optionalText, marketingConsent: z.boolean().nullish() })
    .nullish(),
  shippingAddress: addressSchema,
  lines: z
    .array(
      z.object({
        sku: required('SKU'),
        quantity: z
          .number()
          .int()
          .positive('Quantity must be at least 1')
          .max(maxUnitsPerOperation, `At most ${maxUnitsPerOperation.toLocaleString('en')} units per line`),
        // Named as in the GraphQL input (OrderLineInput.unitPrice), so error paths name the field sent.
        unitPrice: z.number().int().min(0, 'Price cannot be negative').nullish(),
        // A marketplace's price before its own discount (Ozon's old price): recorded as its discount.
        listPrice: z.number().int().min(0).nullish(),
      }),
    )
    .min(1, 'An order needs at least one line')
    .max(200, 'An order has at most 200 lines'),
});

export type CreateOrderInput = z.input<typeof orderInputSchema>;

/** Maps schema violations to typed user errors; the first issue's kind picks the code. */
function validationErrors(error: z.ZodError, root: string): UserErrorShape[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const code =
      path[0] === 'shippingAddress'
        ? 'INCOMPLETE_ADDRESS'
        : path[0] === 'currency'
          ? 'UNKNOWN_CURRENCY'
          : path.at(-1) === 'quantity'
            ? 'INVALID_QUANTITY'
            : 'INVALID_INPUT';
    return userError(code, issue.message, [root, ...path]);
  });
}

/** Unknown, archived and repeated SKUs of an order's lines (null: a line whose SKU could not be read). */
function lineSkuErrors(lines: readonly ({ sku: string } | null)[], products: Awaited<ReturnType<typeof productsBySku>>, root: string): UserErrorShape[] {
  const errors: UserErrorShape[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (!line) return;
    if (!products.has(line.sku)) errors.push(userError('UNKNOWN_SKU', `No product with SKU "${line.sku}"`, [root, 'lines', i, 'sku']));
    else if (products.get(line.sku)!.archivedAt)
      errors.push(userError('PRODUCT_ARCHIVED', `Product ${line.sku} is archived: not offered for new orders`, [root, 'lines', i, 'sku']));
    if (seen.has(line.sku)) errors.push(userError('DUPLICATE_LINE', `SKU "${line.sku}" appears twice; put the total quantity on one line`, [root, 'lines', i, 'sku']));
    seen.add(line.sku);
  });
  return errors;
}

export type ParsedOrderInput = z.output<typeof orderInputSchema>;

export interface OrderResult {
  orderId: string;
  created: boolean;
  /** Sent again (same channel + externalId): the input, for order-reimport.ts to compare. */
  resent?: ParsedOrderInput;
}

/**
 * Takes an order in (manual entry, integrators, marketplace imports). Idempotent on
 * (channel, externalId): the same order again returns the existing one, changing nothing here
 * (takeOrderIn in order-reimport.ts reports and applies the differences).
 * Invalid input writes nothing and throws DomainError with every problem found.
 */
export async function createOrder(tx: Tx, rawInput: CreateOrderInput, actor: string, root = 'input'): Promise<OrderResult> {
  const parsed = orderInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    // Every problem of the input at once: also the lines' SKUs, as far as they can be read.
    const lines = Array.isArray(rawInput.lines) ? rawInput.lines.map((l) => (typeof l?.sku === 'string' && l.sku.trim() ? { sku: l.sku.trim() } : null)) : [];
    const products = await productsBySku(
      tx,
      lines.flatMap((l) => (l ? [l.sku] : [])),
    );
    throw new DomainError([...validationErrors(parsed.error, root), ...lineSkuErrors(lines, products, root)]);
  }
  const input = parsed.data;

  if (input.externalId) {
    const existing = await tx.order.findUnique({ where: { channel_externalId: { channel: input.channel, externalId: input.externalId } }, select: { id: true } });
    if (existing) return { orderId: existing.id, created: false, resent: input };
  }

  const products = await productsBySku(
    tx,
    input.lines.map((l) => l.sku),
  );
  const errors = lineSkuErrors(input.lines, products, root);
  const warehouse = await resolveWarehouse(tx, input.warehouseCode, [root, 'warehouseCode']).catch((e: DomainError) => {
    errors.push(...e.errors);
    return null;
  });
  if (errors.length || !warehouse) throw new DomainError(errors);

  const placedAt = input.placedAt ?? new Date();
  const ordered = input.lines.map((line) => ({
    productId: products.get(line.sku)!.id,
    unitPrice: line.unitPrice ?? products.get(line.sku)!.priceAmount,
    units: line.quantity,
  }));
  // Promotions (on channels Orderly prices): discounts on the lines, gift lines given in full.
  const offer = await offerForOrder(tx, { channel: input.channel, currency: input.currency, placedAt, warehouseId: warehouse.id, lines: ordered });
  const priced: PricedLine[] = [
    ...ordered.map((l, i) => ({ ...l, discount: offer.lines[i]!.reduce((sum, d) => sum + d.amount, 0) })),
    ...offer.gifts.map((g) => ({ unitPrice: g.unitPrice, units: 1, discount: g.unitPrice })),
  ];
  const charges = { shipping: input.shippingAmount ?? 0, discount: input.discountAmount ?? 0 };
  const amounts = orderAmountsOrRefuse(priced, charges, root);
  const lines = [
    ...input.lines.map((line) => ({ product: products.get(line.sku)!, quantity: line.quantity, giftOfPromotionId: null })),
    ...offer.gifts.map((g) => ({ product: { id: g.productId, sku: g.sku, name: g.name }, quantity: 1, giftOfPromotionId: g.promotionId })),
  ].map(({ product, quantity, giftOfPromotionId }, i) => ({
    productId: product.id,
    position: i + 1,
    sku: product.sku,
    name: product.name,
    quantity,
    unitPriceAmount: priced[i]!.unitPrice,
    totalAmount: amounts.lineTotals[i]!,
    discountAmount: amounts.lineDiscounts[i]!,
    giftOfPromotionId,
  }));
  const discounts: NewDiscount[] = [
    ...offer.lines.flatMap((given, i) => given.map((d) => ({ position: i + 1, promotionId: d.promotionId, source: 'PROMOTION' as const, amount: d.amount }))),
    ...offer.gifts.map((g, k) => ({ position: input.lines.length + k + 1, promotionId: g.promotionId, source: 'PROMOTION' as const, amount: g.unitPrice })),
    ...input.lines.flatMap((l, i) =>
      l.listPrice != null && l.listPrice > ordered[i]!.unitPrice
        ? [{ position: i + 1, promotionId: null, source: 'MARKETPLACE' as const, amount: (l.listPrice - ordered[i]!.unitPrice) * l.quantity }]
        : [],
    ),
    ...(amounts.orderDiscount ? [{ position: null, promotionId: null, source: 'ORDER' as const, amount: amounts.orderDiscount }] : []),
  ];

  const customer = input.buyer ? await linkCustomer(tx, input.channel, input.buyer, new Date()) : null;
  const address = input.shippingAddress;
  const order = await tx.order.create({
    data: {
      channel: input.channel,
      externalId: input.externalId,
      placedAt,
      shipBy: input.shipBy ?? new Date(placedAt.getTime() + defaultHandlingHours * 3_600_000),
      currency: input.currency,
      ...orderAmountColumns(amounts),
      customerId: customer?.id,
      warehouseId: warehouse.id,
      shipName: address.name,
      shipPhone: address.phone,
      shipAddress1: address.address1,
      shipAddress2: address.address2,
      shipCity: address.city,
      shipRegion: address.region,
      shipPostalCode: address.postalCode,
      shipCountryCode: address.countryCode,
      lines: { create: lines },
    },
  });
  await recordOrderDiscounts(tx, order.id, discounts);
  const type: OrderEventType = input.channel === 'manual' ? 'CREATED' : 'IMPORTED';
  const promotions = [...new Set(discounts.flatMap((d) => (d.promotionId ? [d.promotionId] : [])))];
  await appendOrderEvent(tx, order.id, {
    type,
    actor,
    to: order.status,
    data: { channel: order.channel, externalId: order.externalId, lineCount: lines.length, ...(promotions.length ? { promotions } : {}) },
  });
  // Never held for a gift: one that cannot be given is left out, and the timeline says why.
  for (const g of offer.skippedGifts) {
    await appendOrderEvent(tx, order.id, { type: 'NOTE_ADDED', actor, data: { giftSkipped: { promotionId: g.promotionId, sku: g.sku, reason: g.reason } } });
  }
  await recordOutboxEvent(tx, {
    type: 'order.created',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: orderReference(order),
  });
  return { orderId: order.id, created: true };
}

/**
 * The amounts of a new order (core/money.ts), or the userError saying why not. Amounts are 32-bit
 * columns (common/bounds.ts): a line or an order worth more is refused, never overflowed; a
 * discount above the order's value is refused too.
 */
function orderAmountsOrRefuse(lines: PricedLine[], charges: OrderCharges, root: string): OrderAmounts {
  const tooLarge = (what: string, field: (string | number)[]) =>
    userError('AMOUNT_TOO_LARGE', `${what} exceeds ${maxInt32.toLocaleString('en')} minor units, the most one amount can hold`, [root, ...field]);
  const lineTotals = lines.map(lineTotal);
  const lineErrors = lineTotals.flatMap((total, i) => (total > maxInt32 ? [tooLarge(`Line ${i + 1} (quantity × unit price)`, ['lines', i])] : []));
  if (lineErrors.length) throw new DomainError(lineErrors);
  const subtotal = lineTotals.reduce((sum, total) => sum + total, 0);
  if (subtotal > maxInt32) throw new DomainError(tooLarge('The order subtotal', ['lines']));
  if (subtotal + charges.shipping > maxInt32) throw new DomainError(tooLarge('The order total with shipping', ['shippingAmount']));
  const own = lines.reduce((sum, l) => sum + (l.discount ?? 0), 0);
  if (charges.discount > subtotal - own + charges.shipping)
    throw new DomainError(userError('INVALID_INPUT', 'Discount exceeds the order value', [root, 'discountAmount']));
  return orderAmounts(lines, charges);
}

/** An order's amount columns from core/money.ts's figures. */
const orderAmountColumns = (amounts: OrderAmounts) => ({
  subtotalAmount: amounts.subtotal,
  shippingAmount: amounts.shipping,
  discountAmount: amounts.discount,
  totalAmount: amounts.total,
});

/** True when a unique-constraint race on (channel, externalId) lost to a concurrent import. */
export function isDuplicateOrderError(error: unknown): boolean {
  const e = error as { code?: string; meta?: { target?: unknown; modelName?: string } };
  return e?.code === 'P2002' && JSON.stringify(e.meta ?? {}).includes('externalId');
}

export async function findOrderIdByExternalId(db: Db, channel: string, externalId: string) {
  const order = await db.order.findUnique({
    where: { channel_externalId: { channel: channel.trim().toLowerCase(), externalId: externalId.trim() } },
    select: { id: true },
  });
  return order?.id ?? null;
}

// ─── Changing an order ──────────────────────────────────────────────────────────────────────────

type OrderWithLines = Order & { lines: OrderLine[] };

export async function appendOrderEvent(
  tx: Tx,
  orderId: string,
  event: { type: OrderEventType; actor: string; from?: OrderStatus | null; to?: OrderStatus | null; data?: Prisma.InputJsonObject },
) {
  await tx.orderEvent.create({
    data: { orderId, type: event.type, actor: event.actor, fromStatus: event.from ?? null, toStatus: event.to ?? null, data: event.data ?? {} },
  });
}

/** Locks the order row for the rest of the transaction (so two handhelds serialise). */
async function lockOrderRow(tx: Tx, orderId: string, field: string[]) {
  if (!(await lockRow(tx, 'Order', orderId))) throw new DomainError(userError('NOT_FOUND', 'No such order', field));
}

function assertVersion(order: Pick<Order, 'number' | 'version'>, expectedVersion: number | null | undefined) {
  if (expectedVersion != null && expectedVersion !== order.version) {
    throw new DomainError(
      userError('STALE_VERSION', `Order #${order.number} changed meanwhile (version ${order.version}, you had ${expectedVersion}); reload it and try again`, [
        'expectedVersion',
      ]),
    );
  }
}

/**
 * Locks the order row for the rest of the transaction (so two handhelds serialise) and checks
 * the caller's expected version.
 */
export async function lockOrder(tx: Tx, orderId: string, expectedVersion?: number | null, field: string[] = ['id']): Promise<OrderWithLines> {
  await lockOrderRow(tx, orderId, field);
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: { orderBy: { position: 'asc' } } } });
  assertVersion(order, expectedVersion);
  return order;
}

export function assertTransition(order: Pick<Order, 'number' | 'status' | 'statusBeforeHold'>, to: OrderStatus) {
  if (!canTransition(order, to)) {
    throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; it cannot become ${to}`, null));
  }
}

/**
 * The one way an order's status changes: checks the transition table, bumps the version, writes
 * the timeline event and the outbox event, all in the caller's transaction.
 */
export async function transitionOrder(
  tx: Tx,
  order: Pick<Order, 'id' | 'number' | 'status' | 'statusBeforeHold'>,
  to: OrderStatus,
  change: {
    actor: string;
    type: OrderEventType;
    data?: Prisma.OrderUpdateInput;
    eventData?: Prisma.InputJsonObject;
    /** Further timeline entries of the same change, written with its own (one insert). */
    alsoEvents?: { type: OrderEventType; data: Prisma.InputJsonObject }[];
    /** What the update returns of the changed order (a GraphQL payload's selection); its id otherwise. */
    returning?: OrderQuery | null;
  },
): Promise<{ id: string }> {
  assertTransition(order, to);
  const updated = await tx.order.update({
    where: { id: order.id },
    data: { ...change.data, status: to, version: { increment: 1 } },
    ...(change.returning ?? { select: { id: true } }),
  });
  const events = [
    { type: change.type, from: order.status, to, data: change.eventData ?? {} },
    ...(change.alsoEvents ?? []).map((e) => ({ type: e.type, from: null, to: null, data: e.data })),
  ];
  await tx.orderEvent.createMany({
    data: events.map((e) => ({ orderId: order.id, type: e.type, actor: change.actor, fromStatus: e.from, toStatus: e.to, data: e.data })),
  });
  await recordOutboxEvent(tx, {
    type: 'order.status_changed',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { orderId: order.id, number: order.number, from: order.status, to },
  });
  return updated;
}

const activeLines = <L extends Pick<OrderLine, 'quantity' | 'quantityCancelled'>>(order: { lines: L[] }) => order.lines.filter((l) => l.quantity > l.quantityCancelled);

export interface PriceMismatch {
  lineId: string;
  orderedAmount: number;
  catalogAmount: number;
}

/** A Prisma query of an order (select/include), e.g. the one a GraphQL payload asks for. */
export type OrderQuery = { select?: Prisma.OrderSelect; include?: Prisma.OrderInclude };

/**
 * The order as the mutation left it, loaded with the query the caller passed (`returning`): the
 * payload answers from it instead of reading the order again after the commit. A symbol key, so
 * it stays out of the JSON an idempotency record stores (a replay reads the order as it is now).
 */
export const orderAfterChange: unique symbol = Symbol('orderAfterChange');

export interface ConfirmResult {
  orderId: string;
  status: OrderStatus;
  shortages: (StockShortage & { lineId: string })[];
  priceMismatches: PriceMismatch[];
  [orderAfterChange]?: unknown;
}

/** An order's columns confirming reads, locked (lockOrderToConfirm). */
interface OrderToConfirm {
  id: string;
  number: number;
  status: OrderStatus;
  holdReason: HoldReason | null;
  statusBeforeHold: OrderStatus | null;
  version: number;
  warehouseId: string | null;
  shipName: string;
  shipPhone: string | null;
  shipAddress1: string;
  shipAddress2: string | null;
  shipCity: string;
  shipRegion: string | null;
  shipPostalCode: string;
  shipCountryCode: string;
  currency: string;
}

/** A line of the order being confirmed with its product's catalogue price, as confirmStatement reads it. */
interface LineToConfirm {
  id: string;
  productId: string;
  position: number;
  sku: string;
  quantity: number;
  quantityCancelled: number;
  unitPriceAmount: number;
  giftOfPromotionId: string | null;
  catalogAmount: number;
}

/** What confirmStatement answers: the lines, the reservation, and when it confirmed the order its id and the `columns` asked for (null otherwise). */
type ConfirmStatementRow = Partial<Order> & {
  _lines: LineToConfirm[];
  _shortages: StockShortage[];
  _wanted: number;
  _reserved: number;
  _events: Prisma.JsonObject[];
  _webhookWanted: boolean;
};

/** Locks the order row for the rest of the transaction and reads what confirming needs of it, in one statement. */
async function lockOrderToConfirm(tx: Tx, orderId: string): Promise<OrderToConfirm> {
  const [order] = isUuid(orderId)
    ? await tx.$queryRaw<OrderToConfirm[]>`
        SELECT id::text AS id, number, status::text AS status, "holdReason"::text AS "holdReason", "statusBeforeHold"::text AS "statusBeforeHold",
          version, "warehouseId"::text AS "warehouseId", "shipName", "shipPhone", "shipAddress1", "shipAddress2", "shipCity", "shipRegion",
          "shipPostalCode", "shipCountryCode", currency
        FROM "Order" WHERE id = ${orderId}::uuid FOR UPDATE`
    : [];
  if (!order) throw new DomainError(userError('NOT_FOUND', 'No such order', ['id']));
  return order;
}

/**
 * Confirming as one set-based statement (after the lock: a row that waited for the lock comes
 * back as committed meanwhile, but a statement's other reads as of before it waited): reads the
 * lines with their catalogue prices, reserves their stock all or nothing (inventory's
 * stockReservationCtes, only when no price differs or differences are accepted) and, when `finish`
 * (a new order, every price matching) and every product was reserved, confirms the order: its
 * status, version and warehouse, the CONFIRMED and STOCK_RESERVED timeline entries (ids ordered
 * as written) and the order.status_changed outbox event — what transitionOrder writes. Otherwise
 * nothing but the reservation is written and confirmOrder goes on from what it answers.
 */
async function confirmStatement(
  tx: Tx,
  params: { order: OrderToConfirm; warehouseId: string; finish: boolean; acceptPriceMismatches: boolean; actor: string; columns: readonly (keyof Order)[] },
): Promise<ConfirmStatementRow> {
  const { order, actor } = params;
  const mismatched = Prisma.sql`EXISTS (SELECT 1 FROM order_lines WHERE active AND "catalogAmount" <> "unitPriceAmount")`;
  const reservation = stockReservationCtes({
    orderId: order.id,
    warehouseId: params.warehouseId,
    actor,
    wanted: Prisma.sql`SELECT "productId", sum(quantity - "quantityCancelled")::int AS quantity FROM order_lines WHERE active GROUP BY "productId"`,
    when: params.acceptPriceMismatches ? undefined : Prisma.sql`NOT ${mismatched}`,
  });
  const payload = Prisma.sql`jsonb_build_object('orderId', c.id, 'number', c.number, 'from', 'NEW', 'to', 'CONFIRMED', 'orderVersion', c.version)`;
  // UUIDv7 ids from one clock reading, counted at the top of their 12 rand_a bits (version 7, then
  // 0xFFE + seq): the entries sort as written, and after those written earlier in the same millisecond.
  const eventId = Prisma.sql`encode(overlay(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(k.ms) FROM 3) FROM 1 FOR 6) PLACING int2send((32766 + e.seq)::int2) FROM 7 FOR 2), 'hex')::uuid`;
  const [row] = await tx.$queryRaw<ConfirmStatementRow[]>`
    WITH order_lines AS MATERIALIZED (
      SELECT l.id::text AS id, l."productId", l.position, l.sku, l.quantity, l."quantityCancelled", l."unitPriceAmount",
        l."giftOfPromotionId"::text AS "giftOfPromotionId", p."priceAmount" AS "catalogAmount", l.quantity > l."quantityCancelled" AS active
      FROM "OrderLine" l JOIN "Product" p ON p.id = l."productId" WHERE l."orderId" = ${order.id}::uuid
    ),
    ${reservation},
    confirmed AS (
      UPDATE "Order" o SET status = 'CONFIRMED', "confirmedAt" = ${new Date()}::timestamptz, "warehouseId" = ${params.warehouseId}::uuid, version = o.version + 1
      WHERE o.id = ${order.id}::uuid AND ${params.finish} AND NOT ${mismatched} AND EXISTS (SELECT 1 FROM stock_wanted)
        AND (SELECT count(*) FROM stock_reserved) = (SELECT count(*) FROM stock_wanted)
      RETURNING o.*
    ),
    clock AS MATERIALIZED (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms),
    timeline AS (
      INSERT INTO "OrderEvent" (id, "orderId", type, actor, "fromStatus", "toStatus", data, "createdAt")
      SELECT ${eventId}, c.id, e.type::"OrderEventType", ${actor}, e."fromStatus"::"OrderStatus", e."toStatus"::"OrderStatus", e.data, to_timestamp(k.ms / 1000.0)
      FROM confirmed c, clock k, (VALUES
        (0, 'CONFIRMED', 'NEW', 'CONFIRMED', '{}'::jsonb),
        (1, 'STOCK_RESERVED', NULL, NULL, (SELECT jsonb_build_object('lines', jsonb_agg(jsonb_build_object('lineId', id, 'sku', sku, 'quantity', quantity - "quantityCancelled") ORDER BY position)) FROM order_lines WHERE active))
      ) e(seq, type, "fromStatus", "toStatus", data)
    ),
    outbox AS (${outboxInsertSql('order.status_changed', 'Order', Prisma.sql`SELECT c.id::text AS "aggregateId", ${payload} AS payload FROM confirmed c`)})
    SELECT ${Prisma.join(['id', ...params.columns].map((column) => Prisma.raw(`c."${column}"`)))},
      (SELECT json_agg(l ORDER BY l.position) FROM order_lines l) AS _lines,
      coalesce((SELECT json_agg(json_build_object('productId', s."productId", 'requested', s.requested, 'available', s.available) ORDER BY s."productId") FROM stock_short s), '[]') AS _shortages,
      (SELECT count(*) FROM stock_wanted)::int AS _wanted,
      (SELECT count(*) FROM stock_reserved)::int AS _reserved,
      coalesce((SELECT json_agg(to_jsonb(x)) FROM outbox x), '[]') AS _events,
      ${webhookWantedSql('order.status_changed')} AS "_webhookWanted"
    FROM (SELECT 1) one LEFT JOIN confirmed c ON true`;
  return row!;
}

/** The columns `returning` (a payload's query) selects when it asks for the order's own columns only, else null (then it is read). */
function returnedColumns(returning: OrderQuery): (keyof Order)[] | null {
  const select = returning.select;
  if (returning.include || !select) return null;
  const keys = Object.keys(select);
  return keys.every((key) => select[key as keyof Prisma.OrderSelect] === true && key in Prisma.OrderScalarFieldEnum) ? (keys as (keyof Order)[]) : null;
}

/**
 * The seller's first step: check the order against the catalogue and reserve its stock, all or
 * nothing. Short stock is a business outcome, not an error: the order goes ON_HOLD with reason
 * OUT_OF_STOCK and the result names the short lines. Prices that differ from the catalogue stop
 * the confirmation unless the caller accepts them explicitly (then they are recorded).
 * A new order whose prices match is confirmed in two statements (the lock, then confirmStatement).
 */
export async function confirmOrder(
  tx: Tx,
  params: { orderId: string; expectedVersion?: number | null; acceptPriceMismatches?: boolean | null; actor: string; returning?: OrderQuery | null },
): Promise<ConfirmResult> {
  const order = await lockOrderToConfirm(tx, params.orderId);
  assertVersion(order, params.expectedVersion);
  // Only new orders reserve stock — and orders held for missing stock before they ever reserved
  // any, which are simply confirmed again once stock has arrived. Anything else would reserve twice.
  const retryAfterShortage = order.status === 'ON_HOLD' && order.holdReason === 'OUT_OF_STOCK' && (order.statusBeforeHold ?? 'NEW') === 'NEW';
  if (order.status !== 'NEW' && !retryAfterShortage) {
    throw new DomainError(
      userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; only new orders (or orders held for missing stock) are confirmed`, null),
    );
  }

  const address = addressSchema.safeParse({
    name: order.shipName,
    phone: order.shipPhone,
    address1: order.shipAddress1,
    address2: order.shipAddress2,
    city: order.shipCity,
    region: order.shipRegion,
    postalCode: order.shipPostalCode,
    countryCode: order.shipCountryCode,
  });
  if (!address.success) throw new DomainError(validationErrors(address.error, 'shippingAddress'));

  const warehouseId = order.warehouseId ?? (await resolveWarehouse(tx, null)).id;
  const statement = await confirmStatement(tx, {
    order,
    warehouseId,
    finish: canTransition(order, 'CONFIRMED'),
    acceptPriceMismatches: Boolean(params.acceptPriceMismatches),
    actor: params.actor,
    columns: (params.returning && returnedColumns(params.returning)) ?? [],
  });
  // Whatever the statement wrote stays only when confirmOrder returns: an error below rolls it back.
  const lines = activeLines({ lines: statement._lines });
  if (!lines.length) throw new DomainError(userError('INVALID_INPUT', `Order #${order.number} has no lines left to confirm`, null));

  const priceMismatches: PriceMismatch[] = lines
    .filter((l) => l.catalogAmount !== l.unitPriceAmount)
    .map((l) => ({ lineId: l.id, orderedAmount: l.unitPriceAmount, catalogAmount: l.catalogAmount }));
  if (priceMismatches.length && !params.acceptPriceMismatches) {
    throw new DomainError(
      priceMismatches.map((m) => {
        const line = lines.find((l) => l.id === m.lineId)!;
        return userError(
          'PRICE_MISMATCH',
          `Line ${line.position} (${line.sku}) is priced ${formatMoney(m.orderedAmount, order.currency)} but the catalogue says ${formatMoney(m.catalogAmount, order.currency)}; check it, then confirm with acceptPriceMismatches`,
          ['acceptPriceMismatches'],
        );
      }),
    );
  }

  const shortages = statement._shortages;
  // Cannot happen under the lock taken in the same statement; if it does, abort rather than oversell.
  if (!shortages.length && statement._reserved !== statement._wanted) throw new Error('Stock changed under a held lock');
  if (statement.id) {
    await outboxEventsWritten(tx, statement._events, statement._webhookWanted);
    const columns = params.returning && returnedColumns(params.returning);
    const confirmed = columns
      ? Object.fromEntries(columns.map((column) => [column, statement[column]]))
      : params.returning && (await tx.order.findUniqueOrThrow({ where: { id: order.id }, ...params.returning }));
    return { orderId: order.id, status: 'CONFIRMED', shortages: [], priceMismatches: [], ...(confirmed ? { [orderAfterChange]: confirmed } : {}) };
  }
  const shortLines = shortages.map((s) => ({ ...s, lineId: lines.find((l) => l.productId === s.productId)!.id }));
  // Never held for a gift (promotions): one that ran out since intake is left out, then the rest reserved.
  if (shortLines.length && shortLines.every((s) => lines.find((l) => l.id === s.lineId)!.giftOfPromotionId)) {
    const gifts = shortLines.map((s) => ({ lineId: s.lineId, quantity: s.requested }));
    await cancelOrderLines(tx, { orderId: order.id, lines: gifts, reason: 'OUT_OF_STOCK', note: 'Gift out of stock: left out of the order', actor: params.actor });
    return confirmOrder(tx, { ...params, expectedVersion: null });
  }

  if (shortLines.length) {
    const shortSkus = shortLines.map((s) => `${lines.find((l) => l.id === s.lineId)!.sku} (${s.available}/${s.requested})`).join(', ');
    const held = retryAfterShortage
      ? null
      : await transitionOrder(tx, order, 'ON_HOLD', {
          actor: params.actor,
          type: 'HOLD_PLACED',
          data: { holdReason: 'OUT_OF_STOCK', holdNote: `Not enough stock: ${shortSkus}`, statusBeforeHold: order.status },
          eventData: { reason: 'OUT_OF_STOCK', shortages: shortLines.map((s) => ({ lineId: s.lineId, requested: s.requested, available: s.available })) },
          returning: params.returning,
        });
    return { orderId: order.id, status: 'ON_HOLD', shortages: shortLines, priceMismatches: [], ...(held && params.returning ? { [orderAfterChange]: held } : {}) };
  }

  for (const m of priceMismatches) await tx.orderLine.update({ where: { id: m.lineId }, data: { catalogPriceAmount: m.catalogAmount } });
  if (priceMismatches.length) {
    await appendOrderEvent(tx, order.id, { type: 'PRICE_MISMATCH', actor: params.actor, data: { accepted: true, lines: priceMismatches.map((m) => ({ ...m })) } });
  }
  let from: Parameters<typeof transitionOrder>[1] = order;
  if (retryAfterShortage) {
    // The hold ends first (back to NEW), then the order is confirmed: two honest timeline entries.
    await transitionOrder(tx, order, 'NEW', {
      actor: params.actor,
      type: 'HOLD_RELEASED',
      data: { holdReason: null, holdNote: null, statusBeforeHold: null },
      eventData: { reason: 'OUT_OF_STOCK', note: 'stock available again' },
    });
    from = { ...order, status: 'NEW', statusBeforeHold: null };
  }
  const confirmed = await transitionOrder(tx, from, 'CONFIRMED', {
    actor: params.actor,
    type: 'CONFIRMED',
    // Only an order without a warehouse gets one (connect costs Prisma a lookup of the warehouse).
    data: { confirmedAt: new Date(), ...(order.warehouseId === warehouseId ? {} : { warehouse: { connect: { id: warehouseId } } }) },
    alsoEvents: [{ type: 'STOCK_RESERVED', data: { lines: lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity - l.quantityCancelled })) } }],
    // The last change of the order in this transaction: what the payload shows.
    returning: params.returning,
  });
  return { orderId: order.id, status: 'CONFIRMED', shortages: [], priceMismatches, ...(params.returning ? { [orderAfterChange]: confirmed } : {}) };
}

/** Stop work on an order (wrong address, waiting for the buyer…) until the hold is released. */
export async function placeHold(tx: Tx, params: { orderId: string; reason: HoldReason; note?: string | null; expectedVersion?: number | null; actor: string }) {
  const order = await lockOrder(tx, params.orderId, params.expectedVersion);
  await transitionOrder(tx, order, 'ON_HOLD', {
    actor: params.actor,
    type: 'HOLD_PLACED',
    data: { holdReason: params.reason, holdNote: params.note ?? null, statusBeforeHold: order.status },
    eventData: { reason: params.reason, note: params.note ?? null },
  });
  return { orderId: order.id };
}

/** Resume an order where it was before the hold. */
export async function releaseHold(tx: Tx, params: { orderId: string; note?: string | null; expectedVersion?: number | null; actor: string }) {
  const order = await lockOrder(tx, params.orderId, params.expectedVersion);
  if (order.status !== 'ON_HOLD') throw new DomainError(userError('NOT_ON_HOLD', `Order #${order.number} is ${order.status}, not on hold`, ['id']));
  const back = order.statusBeforeHold ?? 'NEW';
  await transitionOrder(tx, order, back, {
    actor: params.actor,
    type: 'HOLD_RELEASED',
    data: { holdReason: null, holdNote: null, statusBeforeHold: null },
    eventData: { reason: order.holdReason, note: params.note ?? null },
  });
  // Held mid-pick (a short pick) and its list finished meanwhile: nothing would ever pick the
  // rest, so it goes back to the confirmed orders waiting for a pick list.
  if (back === 'PICKING' && (await openPickTaskCount(tx, order.id)) === 0) {
    await transitionOrder(tx, { ...order, status: 'PICKING', statusBeforeHold: null }, 'CONFIRMED', {
      actor: params.actor,
      type: 'STATUS_CHANGED',
      eventData: { reason: 'no open pick list: waits for a new one' },
    });
  }
  return { orderId: order.id };
}

/** Cancel the whole order: every unit it holds goes back to available stock. */
export async function cancelOrder(tx: Tx, params: { orderId: string; reason: CancelReason; note?: string | null; expectedVersion?: number | null; actor: string }) {
  const order = await lockOrder(tx, params.orderId, params.expectedVersion);
  assertTransition(order, 'CANCELLED');
  const released = await releaseStock(tx, { orderId: order.id, actor: params.actor, reason: `Order #${order.number} cancelled: ${params.reason}` });
  // The same rules as cancelling every unit line by line: nothing is left to pay.
  const priced = pricedOrder(order);
  const amounts = amountsAfterCancelling(priced.lines, priced.charges, order.lines.map(lineUnits));
  for (const [i, line] of order.lines.entries()) {
    if (lineUnits(line) || line.totalAmount !== amounts.lineTotals[i] || line.discountAmount !== amounts.lineDiscounts[i]) {
      await tx.orderLine.update({
        where: { id: line.id },
        data: { quantityCancelled: line.quantity, totalAmount: amounts.lineTotals[i], discountAmount: amounts.lineDiscounts[i] },
      });
    }
  }
  await syncOrderDiscounts(
    tx,
    order.id,
    order.lines.map((l) => l.id),
    { before: order.lines.map(lineUnits), after: order.lines.map(() => 0) },
    amounts,
  );
  if (released.size) await appendOrderEvent(tx, order.id, { type: 'STOCK_RELEASED', actor: params.actor, data: { products: Object.fromEntries(released) } });
  await transitionOrder(tx, order, 'CANCELLED', {
    actor: params.actor,
    type: 'CANCELLED',
    data: {
      cancelReason: params.reason,
      cancelNote: params.note ?? null,
      cancelledAt: new Date(),
      holdReason: null,
      holdNote: null,
      statusBeforeHold: null,
      ...orderAmountColumns(amounts),
    },
    eventData: { reason: params.reason, note: params.note ?? null },
  });
  return { orderId: order.id };
}

/**
 * Cancel some units of some lines (the buyer dropped an item, one product ran out). Releases
 * their stock and recomputes the line and order amounts (core/money.ts: each cancelled unit takes
 * its share of the discount with it); cancelling every remaining unit cancels the order.
 */
export async function cancelOrderLines(
  tx: Tx,
  params: { orderId: string; lines: { lineId: string; quantity: number }[]; reason: CancelReason; note?: string | null; expectedVersion?: number | null; actor: string },
) {
  const order = await lockOrder(tx, params.orderId, params.expectedVersion);
  assertTransition(order, 'CANCELLED');
  const errors: UserErrorShape[] = [];
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  params.lines.forEach((c, i) => {
    const line = byId.get(c.lineId);
    if (!line) errors.push(userError('NOT_FOUND', 'No such line on this order', ['lines', i, 'lineId']));
    else if (c.quantity < 1 || c.quantity > lineUnits(line) - line.quantityPicked) {
      // Picked (and packed) units are in someone's hands or a box: cancelling them here would free
      // stock that is not on the shelf. Cancel the whole order, or unpack them first.
      const picked = line.quantityPicked ? `; ${line.quantityPicked} already picked` : '';
      errors.push(
        userError('INVALID_QUANTITY', `Line ${line.position} (${line.sku}) has ${lineUnits(line) - line.quantityPicked} units left to cancel${picked}`, [
          'lines',
          i,
          'quantity',
        ]),
      );
    }
  });
  if (new Set(params.lines.map((l) => l.lineId)).size !== params.lines.length) errors.push(userError('DUPLICATE_LINE', 'A line is listed twice', ['lines']));
  if (errors.length) throw new DomainError(errors);

  const cancelled = new Map(params.lines.map((c) => [c.lineId, c.quantity]));
  const priced = pricedOrder(order);
  const amounts = amountsAfterCancelling(
    priced.lines,
    priced.charges,
    order.lines.map((l) => cancelled.get(l.id) ?? 0),
  );
  const unitsBefore = order.lines.map(lineUnits);
  const quantities = new Map<string, number>();
  for (const [i, line] of order.lines.entries()) {
    const units = cancelled.get(line.id);
    // Also mends a line total left stale by a partial cancellation from before core/money.ts.
    if (!units && line.totalAmount === amounts.lineTotals[i] && line.discountAmount === amounts.lineDiscounts[i]) continue;
    if (units) {
      quantities.set(line.productId, units);
      line.quantityCancelled += units;
    }
    await tx.orderLine.update({
      where: { id: line.id },
      data: { quantityCancelled: line.quantityCancelled, totalAmount: amounts.lineTotals[i], discountAmount: amounts.lineDiscounts[i] },
    });
    if (units) await trimOpenPickTasks(tx, line.id, lineUnits(line) - line.quantityPicked);
  }
  await syncOrderDiscounts(
    tx,
    order.id,
    order.lines.map((l) => l.id),
    { before: unitsBefore, after: order.lines.map(lineUnits) },
    amounts,
  );
  await releaseStock(tx, { orderId: order.id, actor: params.actor, reason: `Lines of order #${order.number} cancelled: ${params.reason}`, quantities });
  const eventData = { reason: params.reason, note: params.note ?? null, lines: params.lines.map((l) => ({ ...l })) };

  if (order.lines.every((l) => l.quantityCancelled === l.quantity)) {
    await appendOrderEvent(tx, order.id, { type: 'LINE_CANCELLED', actor: params.actor, data: eventData });
    await transitionOrder(tx, order, 'CANCELLED', {
      actor: params.actor,
      type: 'CANCELLED',
      data: { cancelReason: params.reason, cancelNote: params.note ?? null, cancelledAt: new Date(), ...orderAmountColumns(amounts) },
      eventData: { reason: params.reason, note: params.note ?? null },
    });
  } else {
    await tx.order.update({ where: { id: order.id }, data: { ...orderAmountColumns(amounts), version: { increment: 1 } } });
    await appendOrderEvent(tx, order.id, { type: 'LINE_CANCELLED', actor: params.actor, data: eventData });
  }
  return { orderId: order.id };
}

/** Floor progress on a line (units picked, packed or shipped); the CHECKs keep it within bounds. */
export async function recordLineProgress(tx: Tx, lineId: string, delta: { picked?: number; packed?: number; shipped?: number }) {
  await tx.orderLine.update({
    where: { id: lineId },
    data: {
      quantityPicked: delta.picked ? { increment: delta.picked } : undefined,
      quantityPacked: delta.packed ? { increment: delta.packed } : undefined,
      quantityShipped: delta.shipped ? { increment: delta.shipped } : undefined,
    },
  });
}

/** Units of a line still ordered (not cancelled). */
export const lineUnits = (line: Pick<OrderLine, 'quantity' | 'quantityCancelled'>) => line.quantity - line.quantityCancelled;

// ─── Reships (a replacement for a lost or damaged delivery, modules/exceptions) ─────────────────

/**
 * A replacement order for `originalId`: the same buyer, address, channel and warehouse, marked by
 * `reshipOf`; the chosen shipped lines (every shipped line, in full, when `lines` is omitted) at
 * their original prices, no shipping charge or discount. It is confirmed at once through
 * confirmOrder (stock reserved, or ON_HOLD for missing stock as any order), so it joins the pick
 * queue and the normal floor flow. An order that never shipped anything is refused.
 */
export async function createReshipOrder(
  tx: Tx,
  params: { originalId: string; lines?: readonly { orderLineId: string; quantity: number }[] | null; actor: string; now: Date },
): Promise<ConfirmResult> {
  const original = await lockOrder(tx, params.originalId, null, ['exceptionId']);
  const shipped = original.lines.filter((l) => l.quantityShipped > 0);
  if (!shipped.length) throw new DomainError(userError('NOT_SHIPPED', `Order #${original.number} never shipped anything; there is nothing to reship`, ['exceptionId']));
  const chosen = params.lines ?? shipped.map((l) => ({ orderLineId: l.id, quantity: l.quantityShipped }));
  if (!chosen.length) throw new DomainError(userError('INVALID_INPUT', 'Choose at least one line to reship', ['lines']));
  const errors: UserErrorShape[] = [];
  const seen = new Set<string>();
  chosen.forEach((c, i) => {
    const line = original.lines.find((l) => l.id === c.orderLineId);
    if (!line) errors.push(userError('NOT_FOUND', `No such line on order #${original.number}`, ['lines', i, 'orderLineId']));
    else if (seen.has(line.id)) errors.push(userError('DUPLICATE_LINE', `Line ${line.position} appears twice`, ['lines', i, 'orderLineId']));
    else if (line.quantityShipped === 0) errors.push(userError('NOT_SHIPPED', `Line ${line.position} (${line.sku}) was never shipped`, ['lines', i, 'orderLineId']));
    else if (c.quantity < 1 || c.quantity > line.quantityShipped) {
      errors.push(userError('INVALID_QUANTITY', `Line ${line.position} (${line.sku}): between 1 and the ${line.quantityShipped} shipped`, ['lines', i, 'quantity']));
    }
    seen.add(c.orderLineId);
  });
  if (errors.length) throw new DomainError(errors);

  return createFollowUpOrder(tx, {
    original,
    lines: chosen.map((c) => {
      const line = original.lines.find((l) => l.id === c.orderLineId)!;
      return { productId: line.productId, sku: line.sku, name: line.name, unitPrice: line.unitPriceAmount, units: c.quantity };
    }),
    reshipOfId: original.id,
    createdData: { reshipOf: original.id, reshipOfNumber: original.number },
    field: 'lines',
    actor: params.actor,
    now: params.now,
  });
}

/** A line of a follow-up order: what is sent and at which unit price. */
export interface FollowUpLine {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  units: number;
}

/**
 * The one way a follow-up order of `original` is made (a reship, an exchange's replacement): the
 * same buyer, address, channel and warehouse; the given lines at the given unit prices, no shipping
 * charge or discount; CREATED on its timeline with `createdData` (what it follows up) and
 * order.created announced. It is confirmed at once through confirmOrder (stock reserved, or
 * ON_HOLD for missing stock as any order), so it joins the pick queue and the normal floor flow.
 */
export async function createFollowUpOrder(
  tx: Tx,
  params: {
    original: Order;
    lines: readonly FollowUpLine[];
    reshipOfId?: string;
    createdData: Prisma.InputJsonObject;
    /** Where an amount too large for one order is reported. */
    field: string;
    actor: string;
    now: Date;
  },
): Promise<ConfirmResult> {
  const { original, lines } = params;
  const amounts = orderAmountsOrRefuse([...lines], { shipping: 0, discount: 0 }, params.field);
  const order = await tx.order.create({
    data: {
      channel: original.channel,
      reshipOfId: params.reshipOfId ?? null,
      placedAt: params.now,
      shipBy: new Date(params.now.getTime() + defaultHandlingHours * 3_600_000),
      currency: original.currency,
      ...orderAmountColumns(amounts),
      customerId: original.customerId,
      warehouseId: original.warehouseId,
      shipName: original.shipName,
      shipPhone: original.shipPhone,
      shipAddress1: original.shipAddress1,
      shipAddress2: original.shipAddress2,
      shipCity: original.shipCity,
      shipRegion: original.shipRegion,
      shipPostalCode: original.shipPostalCode,
      shipCountryCode: original.shipCountryCode,
      lines: {
        create: lines.map((l, i) => ({
          productId: l.productId,
          position: i + 1,
          sku: l.sku,
          name: l.name,
          quantity: l.units,
          unitPriceAmount: l.unitPrice,
          totalAmount: amounts.lineTotals[i]!,
        })),
      },
    },
  });
  await appendOrderEvent(tx, order.id, {
    type: 'CREATED',
    actor: params.actor,
    to: order.status,
    data: { channel: order.channel, ...params.createdData, lineCount: lines.length },
  });
  await recordOutboxEvent(tx, { type: 'order.created', aggregateType: 'Order', aggregateId: order.id, payload: orderReference(order) });
  // Prices are the ones given (the original sale's), whatever the catalogue says today.
  return confirmOrder(tx, { orderId: order.id, acceptPriceMismatches: true, actor: params.actor });
}
