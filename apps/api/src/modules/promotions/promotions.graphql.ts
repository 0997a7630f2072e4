// Promotions in GraphQL: the Promotion type, createPromotion / updatePromotion / endPromotion,
// promotionReport, and who gave which discount on an order (Order.discounts, OrderLine.discount).
import { DiscountSource, PromotionKind } from '@orderly/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder.ts';
import { Money, MoneySum, money } from '../common/money.ts';
import { idempotencyArgs, type PayloadFieldBuilder, payloadType, runMutation } from '../common/mutation.ts';
import { Product } from '../catalog/product.type.ts';
import { OrderLine } from '../orders/order.type.ts';
import { createPromotion, endPromotion, promotionReport, type PromotionResult, updatePromotion } from './promotions.service.ts';

const PromotionKindEnum = builder.enumType(PromotionKind, {
  name: 'PromotionKind',
  description:
    'PERCENT_OFF: value % off the lines of its products; AMOUNT_OFF: value minor units off each unit of its products (never below 0); THRESHOLD_DISCOUNT: value minor units off an order whose subtotal reaches thresholdAmount, spread over its lines; GIFT: one unit of the gift product added free.',
});
const DiscountSourceEnum = builder.enumType(DiscountSource, {
  name: 'DiscountSource',
  description:
    "PROMOTION: one of ours (part of Order.discount); ORDER: the discount the order came with (part of Order.discount); MARKETPLACE: the marketplace's own discount off its list price, already inside the line's unit price (not part of Order.discount).",
});

export const Promotion = builder.prismaNode('Promotion', {
  id: { field: 'id' },
  nullable: true,
  authScopes: { permission: 'promotions:read' },
  description:
    'A promotion, applied when an order comes in on a channel where Orderly sets the prices (never a marketplace channel: those orders keep the marketplace prices and discounts). ' +
    'Stacking: of the non-stackable discount promotions an order qualifies for, only the one giving the largest discount applies (the higher priority, then the older, on a tie); ' +
    'the stackable ones add after it, highest priority first, each on what the lines still cost. Gifts stand apart: each GIFT the order qualifies for adds its gift (one per product), ' +
    'if a unit is available — an order is never held for a gift: one out of stock is left out, and the timeline says so.',
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: PromotionKindEnum }),
    value: t.exposeInt('value', { description: 'Percent (PERCENT_OFF), minor units of currency (AMOUNT_OFF per unit, THRESHOLD_DISCOUNT per order), 0 for GIFT.' }),
    thresholdAmount: t.exposeInt('thresholdAmount', { nullable: true, description: "The order's subtotal (minor units of currency) it needs." }),
    currency: t.exposeString('currency', { nullable: true, description: 'It applies only to orders in this currency; null: any (a percentage).' }),
    allProducts: t.exposeBoolean('allProducts'),
    skus: t.stringList({
      description: 'The products it applies to (GIFT: one of them must be ordered), unless allProducts.',
      select: { products: { select: { sku: true }, orderBy: { sku: 'asc' } } },
      resolve: (p) => p.products.map((x) => x.sku),
    }),
    giftProduct: t.relation('giftProduct', { type: Product, nullable: true, description: 'Needs products:read.' }),
    channels: t.exposeStringList('channels', { description: 'Channel codes; empty: every channel Orderly prices.' }),
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    endsAt: t.expose('endsAt', { type: 'DateTime', nullable: true }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true, description: 'endPromotion: no order taken in after this gets it.' }),
    priority: t.exposeInt('priority'),
    stackable: t.exposeBoolean('stackable'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const OrderDiscount = builder.prismaObject('OrderDiscount', {
  authScopes: { permission: 'orders:read' },
  description:
    'A discount given on an order: by which promotion (or the marketplace, or the order itself), on which line, how much (what is still given: cancelled units take their part along).',
  fields: (t) => ({
    source: t.expose('source', { type: DiscountSourceEnum }),
    promotion: t.relation('promotion', { type: Promotion, nullable: true, description: 'PROMOTION only. Needs promotions:read.' }),
    line: t.relation('line', { type: OrderLine, nullable: true, description: 'Null: the order as a whole.' }),
    amount: t.field({ type: Money, select: { amount: true, order: { select: { currency: true } } }, resolve: (d) => money(d.amount, d.order.currency) }),
  }),
});

builder.prismaObjectField('Order', 'discounts', (t) =>
  t.relation('discounts', { type: OrderDiscount, description: 'Who gave which discount on which line.', query: { orderBy: { id: 'asc' } } }),
);
builder.prismaObjectFields('OrderLine', (t) => ({
  discount: t.field({
    type: Money,
    description: "The line's own discount (its promotions; a gift's is its whole price); the order-wide discount is on Order.discount.",
    select: { discountAmount: true, order: { select: { currency: true } } },
    resolve: (l) => money(l.discountAmount, l.order.currency),
  }),
  gift: t.boolean({
    description: 'A free gift of a promotion: never holds the order.',
    select: { giftOfPromotionId: true },
    resolve: (l) => l.giftOfPromotionId !== null,
  }),
}));

const fields = (required: boolean) =>
  builder.inputType(required ? 'CreatePromotionInput' : 'UpdatePromotionInput', {
    description: required ? 'A new promotion (Promotion describes the kinds and the stacking rule).' : 'Only the fields given change; the result is checked as a whole.',
    fields: (t) => ({
      name: t.string({ required }),
      kind: t.field({ type: PromotionKindEnum, required }),
      value: t.int({ required: false, description: 'Percent or minor units (see PromotionKind); 0 / omitted for GIFT.' }),
      thresholdAmount: t.int({ required: false }),
      currency: t.string({ required: false }),
      skus: t.stringList({ required: false }),
      allProducts: t.boolean({ required: false }),
      giftSku: t.string({ required: false }),
      startsAt: t.field({ type: 'DateTime', required }),
      endsAt: t.field({ type: 'DateTime', required: false }),
      channels: t.stringList({ required: false }),
      priority: t.int({ required: false }),
      stackable: t.boolean({ required: false }),
    }),
  });
const CreatePromotionInput = fields(true);
const UpdatePromotionInput = fields(false);

const promotionField = (t: PayloadFieldBuilder<{ promotionId: string }>) =>
  t.prismaField({
    type: Promotion,
    nullable: true,
    resolve: (query, p, _args, ctx) => (p.promotionId ? ctx.db.promotion.findUnique({ ...query, where: { id: p.promotionId } }) : null),
  });
const PromotionPayload = payloadType<{ promotionId: string }>('PromotionPayload', {
  description: 'The promotion after the change, or userErrors saying why nothing was written.',
  fields: (t) => ({ promotion: promotionField(t) }),
});

/** GraphQL nulls as absent: the service merges only what was given. */
const given = <T extends Record<string, unknown>>(input: T) => Object.fromEntries(Object.entries(input).filter(([, v]) => v != null));

builder.mutationFields((t) => ({
  createPromotion: t.field({
    type: PromotionPayload,
    authScopes: { permission: 'promotions:write' },
    args: { input: t.arg({ type: CreatePromotionInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'createPromotion', args, (tx) =>
        createPromotion(tx, { ...given(args.input), value: args.input.value ?? 0 } as Parameters<typeof createPromotion>[1]),
      ),
  }),
  updatePromotion: t.field({
    type: PromotionPayload,
    authScopes: { permission: 'promotions:write' },
    args: { id: t.arg.globalID({ for: Promotion }), input: t.arg({ type: UpdatePromotionInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'updatePromotion', args, (tx) => updatePromotion(tx, args.id.id, given(args.input))),
  }),
  endPromotion: t.field({
    type: PromotionPayload,
    authScopes: { permission: 'promotions:write' },
    description: 'Ends it now: orders taken in from now on do not get it; orders that got it keep their discounts.',
    args: { id: t.arg.globalID({ for: Promotion }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'endPromotion', args, (tx) => endPromotion(tx, args.id.id, ctx.now)),
  }),
}));

export const PromotionResultType = builder.objectRef<PromotionResult>('PromotionResult').implement({
  description: 'What a promotion did on the orders placed in the range (cancelled orders left out), in one currency.',
  fields: (t) => ({
    promotionId: t.id({ resolve: (r) => encodeGlobalID('Promotion', r.promotionId) }),
    name: t.exposeString('name'),
    kind: t.field({ type: PromotionKindEnum, resolve: (r) => r.kind }),
    orders: t.exposeInt('orders'),
    units: t.exposeInt('units', { description: 'Units of the lines it discounted or gave.' }),
    revenue: t.field({ type: MoneySum, description: 'What those orders came to, after every discount.', resolve: (r) => money(r.revenue, r.currency) }),
    discount: t.field({ type: MoneySum, description: 'What the promotion gave on them (its cost).', resolve: (r) => money(r.discount, r.currency) }),
  }),
});

const PromotionReportRangeInput = builder.inputType('PromotionReportRangeInput', {
  description: 'Orders placed from (inclusive) to (exclusive).',
  fields: (t) => ({ from: t.field({ type: 'DateTime', required: true }), to: t.field({ type: 'DateTime', required: true }) }),
});

builder.queryFields((t) => ({
  promotions: t.prismaField({
    type: [Promotion],
    authScopes: { permission: 'promotions:read' },
    description: 'Promotions, the newest first (at most 200); ended ones only when includeEnded.',
    args: { includeEnded: t.arg.boolean({ required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.promotion.findMany({ ...query, where: args.includeEnded ? {} : { endedAt: null }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 200 }),
  }),
  promotionReport: t.field({
    type: [PromotionResultType],
    authScopes: { permission: 'promotions:read' },
    description: 'Per promotion and currency: orders, units, revenue and discount cost over the orders placed in the range (one SQL aggregation).',
    args: { range: t.arg({ type: PromotionReportRangeInput, required: true }) },
    resolve: (_root, args, ctx) => promotionReport(ctx.db, args.range),
  }),
}));
