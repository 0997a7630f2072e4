import { queryFromInfo } from '@pothos/plugin-prisma';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import { z } from 'zod';
import type { Context } from '../../context.ts';
import { builder, type Types } from '../../builder.ts';
import { idempotencyArgs, type PayloadShape, payloadType, runMutation } from '../common/mutation.ts';
import { UserError } from '../common/errors.ts';
import {
  type CreateOrderInput,
  cancelOrder,
  cancelOrderLines,
  confirmOrder,
  findOrderIdByExternalId,
  isDuplicateOrderError,
  orderAfterChange,
  type OrderQuery,
  placeHold,
  releaseHold,
} from './order.service.ts';
import { Order, OrderLine } from './order.type.ts';
import { type OrderChange, takeOrderIn } from './order-reimport.ts';
import { piiField } from '../customers/pii.ts';
import { maskEmail, maskName, maskPhone, maskPostalCode, maskStreet } from '../customers/masking.ts';
import { CancelReasonEnum, HoldReasonEnum } from './order-status.ts';

/** At most this many ids in one bulk call. */
const maxBulk = 100;

// ─── Inputs ─────────────────────────────────────────────────────────────────────────────────────

const AddressInput = builder.inputType('AddressInput', {
  description: 'Delivery address. Fields are optional in the schema so that gaps come back as typed INCOMPLETE_ADDRESS errors.',
  fields: (t) => ({
    name: t.string({ required: false, description: 'Recipient name.' }),
    phone: t.string({ required: false }),
    address1: t.string({ required: false, description: 'Street, house, flat.' }),
    address2: t.string({ required: false }),
    city: t.string({ required: false }),
    region: t.string({ required: false }),
    postalCode: t.string({ required: false }),
    countryCode: t.string({ required: false, description: 'ISO 3166-1 alpha-2, e.g. RU, CN.' }),
  }),
});

const BuyerInput = builder.inputType('BuyerInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    email: t.string({ required: false }),
    phone: t.string({ required: false }),
    externalId: t.string({ required: false, description: "The channel's buyer id, to recognise returning customers." }),
    marketingConsent: t.boolean({ required: false, description: 'The buyer agreed to hear about new products and offers.' }),
  }),
});

const OrderLineInput = builder.inputType('OrderLineInput', {
  fields: (t) => ({
    sku: t.string(),
    quantity: t.int(),
    unitPrice: t.int({ required: false, description: 'Price per unit in minor units; the catalogue price when omitted.' }),
  }),
});

const CreateOrderInputType = builder.inputType('CreateOrderInput', {
  fields: (t) => ({
    channel: t.string({ description: 'Sales channel code: manual, ozon, …' }),
    externalId: t.string({ required: false, description: "The channel's order id. With it, the same order sent twice is created once." }),
    placedAt: t.field({ type: 'DateTime', required: false }),
    shipBy: t.field({ type: 'DateTime', required: false, description: 'Deadline to hand over to the carrier; placedAt + the default handling time when omitted.' }),
    currency: t.string({ description: 'ISO 4217 code.' }),
    shippingAmount: t.int({ required: false, description: 'Minor units.' }),
    discountAmount: t.int({ required: false, description: 'Minor units.' }),
    warehouseCode: t.string({ required: false, description: 'The warehouse that ships it; the first warehouse when omitted.' }),
    buyer: t.field({ type: BuyerInput, required: false }),
    shippingAddress: t.field({ type: AddressInput, required: false }),
    lines: t.field({ type: [OrderLineInput] }),
  }),
});

type CreateOrderArgs = typeof CreateOrderInputType.$inferInput;

/**
 * GraphQL input → service input: the same field names (so the service's error paths name the
 * fields sent). The address is optional in the schema and checked by the service, hence the cast.
 */
const toServiceInput = (input: CreateOrderArgs): CreateOrderInput =>
  ({ ...input, buyer: input.buyer ?? null, shippingAddress: input.shippingAddress ?? {} }) as CreateOrderInput;

const CancelLineInput = builder.inputType('CancelLineInput', {
  fields: (t) => ({
    lineId: t.globalID({ for: OrderLine }),
    quantity: t.int({ description: 'Units of this line to cancel.' }),
  }),
});

// ─── Payloads ───────────────────────────────────────────────────────────────────────────────────

/** What an order mutation returns: the order it changed. */
interface OrderResult {
  orderId: string;
}

/**
 * A payload's `order`: the order as it is now (also on an idempotent replay); null when refused.
 * When the mutation's last update already returned it with this field's selection
 * (`payloadOrderQuery`), that row answers: no read after the commit.
 */
const orderField = <T extends { orderId?: string; [orderAfterChange]?: unknown }>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) =>
  t.prismaField({
    type: 'Order',
    nullable: true,
    resolve: (query, parent, _args, ctx) => {
      const loaded = parent[orderAfterChange] as Awaited<ReturnType<typeof ctx.db.order.findUnique>> | undefined;
      if (loaded) {
        // Loaded with this very selection (planned by payloadOrderQuery): read it, so the unused-query check knows.
        Object.values(query);
        return loaded;
      }
      return parent.orderId ? ctx.db.order.findUnique({ ...query, where: { id: parent.orderId } }) : null;
    },
  });

/**
 * The Prisma query the payload's `order` field (under `info`) will ask for, so the mutation's last
 * update can return the order with it; null when it cannot be planned synchronously (then the
 * field reads the order itself, after the commit).
 */
function payloadOrderQuery(ctx: Context, info: GraphQLResolveInfo): OrderQuery | null {
  try {
    return queryFromInfo({ context: ctx, info, typeName: 'Order', path: ['order'], select: { id: true } }) as OrderQuery;
  } catch {
    return null;
  }
}

const OrderPayload = payloadType<OrderResult>('OrderPayload', {
  description: 'The order after the change, or userErrors saying why nothing changed.',
  fields: (t) => ({ order: orderField(t) }),
});

/** Masks for the buyer-identifying fields a re-import can change (as Address and Buyer mask them). */
const changeMasks: Record<string, (value: string) => string | null> = {
  'shippingAddress.name': maskName,
  'shippingAddress.phone': maskPhone,
  'shippingAddress.address1': maskStreet,
  'shippingAddress.address2': maskStreet,
  'shippingAddress.postalCode': maskPostalCode,
  'buyer.name': maskName,
  'buyer.email': maskEmail,
  'buyer.phone': maskPhone,
};

type ChangeShape = OrderChange & { orderId: string };

const changeValue = (c: ChangeShape, value: string | null, ctx: Context) =>
  c.pii ? piiField(ctx, { type: 'Order', id: c.orderId }, c.field, value, changeMasks[c.field] ?? maskStreet) : value;

const OrderFieldChange = builder.objectRef<ChangeShape>('OrderFieldChange').implement({
  description:
    'How an order sent again (same channel and externalId) differs from the one on file. Buyer-identifying values are masked unless the caller may read buyer personal data.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Path of the field: shippingAddress.city, shipBy, buyer.email, lines.<sku>.quantity.' }),
    from: t.string({ nullable: true, description: 'The value on file (null: none, e.g. a line added).', resolve: (c, _a, ctx) => changeValue(c, c.from, ctx) }),
    to: t.string({ nullable: true, description: 'The value sent (null: none, e.g. a line dropped).', resolve: (c, _a, ctx) => changeValue(c, c.to, ctx) }),
    applied: t.exposeBoolean('applied', {
      description:
        'True when the order now has the new value: the address until a label is printed, ship-by until hand-over, buyer contact. Lines are never changed by an import; changed after picking started, the order is put ON_HOLD (MARKETPLACE_CHANGED).',
    }),
  }),
});

const changesField = <T extends { orderId?: string; changes?: OrderChange[] }>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) =>
  t.field({
    type: [OrderFieldChange],
    description: 'For an order that already existed: what the input changes (empty when identical or newly created).',
    resolve: (p) => (p.orderId ? (p.changes ?? []).map((c) => ({ ...c, orderId: p.orderId! })) : []),
  });

const CreateOrderPayload = payloadType<OrderResult & { created: boolean; changes?: OrderChange[] }>('CreateOrderPayload', {
  fields: (t) => ({
    order: orderField(t),
    created: t.boolean({
      nullable: true,
      description: 'False when an order with this channel and externalId already existed (see changes for what differed and what was applied).',
      resolve: (p) => p.created ?? null,
    }),
    changes: changesField(t),
  }),
});

interface ShortageShape {
  lineId: string;
  requested: number;
  available: number;
}
interface MismatchShape {
  lineId: string;
  orderedAmount: number;
  catalogAmount: number;
}

const lineField = <T extends { lineId: string }>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) =>
  t.prismaField({
    type: 'OrderLine',
    resolve: (query, p, _args, ctx) => ctx.db.orderLine.findUniqueOrThrow({ ...query, where: { id: p.lineId } }),
  });

const StockShortage = builder.objectRef<ShortageShape>('StockShortage').implement({
  description: 'A line that could not be reserved: how many units it needs and how many are available.',
  fields: (t) => ({
    line: lineField(t),
    requested: t.exposeInt('requested'),
    available: t.exposeInt('available'),
  }),
});

const PriceMismatch = builder.objectRef<MismatchShape>('PriceMismatch').implement({
  description: 'A line whose ordered price differs from the catalogue price (accepted and recorded).',
  fields: (t) => ({
    line: lineField(t),
    orderedAmount: t.int({ description: 'Minor units.', resolve: (m) => m.orderedAmount }),
    catalogAmount: t.int({ description: 'Minor units.', resolve: (m) => m.catalogAmount }),
  }),
});

interface ConfirmResult extends OrderResult {
  shortages: ShortageShape[];
  priceMismatches: MismatchShape[];
}

const confirmFields = <T extends PayloadShape<ConfirmResult>>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) => ({
  order: orderField(t),
  shortages: t.field({
    type: [StockShortage],
    description: 'Lines short of stock (the order was put ON_HOLD with reason OUT_OF_STOCK).',
    resolve: (p) => p.shortages ?? [],
  }),
  priceMismatches: t.field({ type: [PriceMismatch], resolve: (p) => p.priceMismatches ?? [] }),
});

const ConfirmOrderPayload = payloadType<ConfirmResult>('ConfirmOrderPayload', { fields: confirmFields });

const ConfirmOrderResult = payloadType<ConfirmResult, { id: string }>('ConfirmOrderResult', {
  description: 'The outcome for one order of a bulk confirmation.',
  fields: (t) => ({ id: t.exposeID('id', { description: 'The order id as sent.' }), ...confirmFields(t) }),
});

const BulkOrderResult = payloadType<OrderResult, { id: string }>('BulkOrderResult', {
  description: 'The outcome for one order of a bulk operation.',
  fields: (t) => ({ id: t.exposeID('id', { description: 'The order id as sent.' }), order: orderField(t) }),
});

type ImportRowResult = OrderResult & { created: boolean; changes?: OrderChange[] };
type ImportRow = PayloadShape<ImportRowResult, { index: number; externalId: string | null }>;

const ImportOrderResult = payloadType<ImportRowResult, { index: number; externalId: string | null }>('ImportOrderResult', {
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the row in the request.' }),
    externalId: t.exposeString('externalId', { nullable: true }),
    created: t.boolean({ nullable: true, resolve: (r) => r.created ?? null }),
    changes: changesField(t),
    order: orderField(t),
  }),
});

const ImportOrdersPayload = builder.objectRef<{ results: ImportRow[]; userErrors?: PayloadShape<object>['userErrors'] }>('ImportOrdersPayload').implement({
  fields: (t) => ({
    results: t.field({ type: [ImportOrderResult], resolve: (p) => p.results }),
    userErrors: t.field({
      type: [UserError],
      description: 'Problems of the whole batch (IDEMPOTENCY_KEY_REUSED: the key was used with a different batch; then no row was run). Rows report their own.',
      resolve: (p) => p.userErrors ?? [],
    }),
    createdCount: t.int({ resolve: (p) => p.results.filter((r) => r.created === true).length }),
    existingCount: t.int({ resolve: (p) => p.results.filter((r) => r.created === false).length }),
    failedCount: t.int({ resolve: (p) => p.results.filter((r) => r.userErrors.length > 0).length }),
  }),
});

/**
 * createOrder for one input. When a concurrent request with the same (channel, externalId) wins
 * the race, the unique index refuses ours and we return the winner's order, as a repeat would.
 */
async function takeOrder(ctx: Context, operation: string, input: CreateOrderArgs, idempotencyKey: string | null | undefined, root: string, index?: number) {
  const errorRoot = index === undefined ? [root] : [root, String(index)];
  try {
    const result = await runMutation(ctx, operation, { input, idempotencyKey }, (tx, actor) => takeOrderIn(tx, toServiceInput(input), actor, root));
    // Paths inside the order input are re-rooted at this row; others (idempotencyKey) stay as they are.
    return { ...result, userErrors: result.userErrors.map((e) => ({ ...e, field: e.field?.[0] === root ? [...errorRoot, ...e.field.slice(1)] : e.field })) };
  } catch (error) {
    const orderId = isDuplicateOrderError(error) && input.externalId ? await findOrderIdByExternalId(ctx.db, input.channel, input.externalId) : null;
    if (orderId) return { orderId, created: false, userErrors: [] };
    throw error;
  }
}

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const expectedVersionArgs = builder.args((t) => ({
  expectedVersion: t.int({ required: false, description: 'The order version you saw; refused with STALE_VERSION if the order changed since.' }),
}));

builder.mutationFields((t) => ({
  createOrder: t.field({
    authScopes: { permission: 'orders:write' },
    type: CreateOrderPayload,
    description: 'Take in one order (manual entry or an integrator). Idempotent on (channel, externalId).',
    args: { input: t.arg({ type: CreateOrderInputType }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => takeOrder(ctx, 'createOrder', args.input, args.idempotencyKey, 'input'),
  }),

  importOrders: t.field({
    authScopes: { permission: 'orders:write' },
    type: ImportOrdersPayload,
    description: 'Take in a batch of orders (a marketplace sync). Each row stands alone: one bad row does not stop the others. Idempotent per (channel, externalId).',
    args: {
      orders: t.arg({ type: [CreateOrderInputType], validate: z.array(z.any()).min(1).max(maxBulk, `At most ${maxBulk} orders per call`) }),
      ...idempotencyArgs,
    },
    resolve: async (_root, args, ctx) => {
      // The key names the whole batch: reused with any row different, nothing runs (rows keep their own keys for partial retries).
      if (args.idempotencyKey) {
        const batch = await runMutation(ctx, 'importOrders:batch', { orders: args.orders, idempotencyKey: args.idempotencyKey }, async () => ({}));
        if (batch.userErrors.length) return { results: [], userErrors: batch.userErrors };
      }
      const results = [];
      for (const [index, input] of args.orders.entries()) {
        const key = args.idempotencyKey ? `${args.idempotencyKey}:${index}` : null;
        const result = await takeOrder(ctx, 'importOrders', input, key, 'orders', index);
        results.push({ index, externalId: input.externalId ?? null, ...result });
      }
      return { results };
    },
  }),

  confirmOrder: t.field({
    authScopes: { permission: 'orders:write' },
    type: ConfirmOrderPayload,
    description: 'Check the order against the catalogue and reserve its stock, all or nothing. Short stock puts it ON_HOLD (OUT_OF_STOCK) and lists the short lines.',
    args: {
      id: t.arg.globalID({ for: Order }),
      ...expectedVersionArgs,
      acceptPriceMismatches: t.arg.boolean({ required: false, description: 'Confirm even where ordered prices differ from the catalogue (recorded on the timeline).' }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx, info) => {
      const returning = payloadOrderQuery(ctx, info);
      return runMutation(ctx, 'confirmOrder', args, (tx, actor) =>
        confirmOrder(tx, { orderId: args.id.id, expectedVersion: args.expectedVersion, acceptPriceMismatches: args.acceptPriceMismatches, actor, returning }),
      );
    },
  }),

  confirmOrders: t.field({
    authScopes: { permission: 'orders:write' },
    type: [ConfirmOrderResult],
    description: 'Confirm many orders; each succeeds or fails on its own.',
    args: {
      ids: t.arg.globalIDList({ for: Order, validate: z.array(z.any()).min(1).max(maxBulk, `At most ${maxBulk} ids per call`) }),
      acceptPriceMismatches: t.arg.boolean({ required: false }),
      ...idempotencyArgs,
    },
    resolve: async (_root, args, ctx, info) => {
      const returning = payloadOrderQuery(ctx, info);
      const results = [];
      for (const [index, id] of args.ids.entries()) {
        const key = args.idempotencyKey ? `${args.idempotencyKey}:${index}` : null;
        const result = await runMutation(ctx, 'confirmOrder', { id, acceptPriceMismatches: args.acceptPriceMismatches, idempotencyKey: key }, (tx, actor) =>
          confirmOrder(tx, { orderId: id.id, acceptPriceMismatches: args.acceptPriceMismatches, actor, returning }),
        );
        results.push({ id: encodeGlobalID('Order', id.id), ...result });
      }
      return results;
    },
  }),

  placeHold: t.field({
    authScopes: { permission: 'orders:write' },
    type: OrderPayload,
    description: 'Pause work on an order with a reason (the seller contacts the buyer, waits for stock…).',
    args: {
      id: t.arg.globalID({ for: Order }),
      reason: t.arg({ type: HoldReasonEnum }),
      note: t.arg.string({ required: false, validate: z.string().max(1000) }),
      ...expectedVersionArgs,
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'placeHold', args, (tx, actor) =>
        placeHold(tx, { orderId: args.id.id, reason: args.reason, note: args.note, expectedVersion: args.expectedVersion, actor }),
      ),
  }),

  releaseHold: t.field({
    authScopes: { permission: 'orders:write' },
    type: OrderPayload,
    description: 'Resume an order on hold where it was before.',
    args: { id: t.arg.globalID({ for: Order }), note: t.arg.string({ required: false, validate: z.string().max(1000) }), ...expectedVersionArgs, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'releaseHold', args, (tx, actor) => releaseHold(tx, { orderId: args.id.id, note: args.note, expectedVersion: args.expectedVersion, actor })),
  }),

  cancelOrder: t.field({
    authScopes: { permission: 'orders:cancel' },
    type: OrderPayload,
    description: 'Cancel the whole order; its reserved and picked stock becomes available again.',
    args: {
      id: t.arg.globalID({ for: Order }),
      reason: t.arg({ type: CancelReasonEnum }),
      note: t.arg.string({ required: false, validate: z.string().max(1000) }),
      ...expectedVersionArgs,
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'cancelOrder', args, (tx, actor) =>
        cancelOrder(tx, { orderId: args.id.id, reason: args.reason, note: args.note, expectedVersion: args.expectedVersion, actor }),
      ),
  }),

  cancelOrderLines: t.field({
    authScopes: { permission: 'orders:cancel' },
    type: OrderPayload,
    description: 'Cancel some units of some lines; cancelling every remaining unit cancels the order.',
    args: {
      id: t.arg.globalID({ for: Order }),
      lines: t.arg({ type: [CancelLineInput], validate: z.array(z.any()).min(1).max(maxBulk) }),
      reason: t.arg({ type: CancelReasonEnum }),
      note: t.arg.string({ required: false, validate: z.string().max(1000) }),
      ...expectedVersionArgs,
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'cancelOrderLines', args, (tx, actor) =>
        cancelOrderLines(tx, {
          orderId: args.id.id,
          lines: args.lines.map((l) => ({ lineId: l.lineId.id, quantity: l.quantity })),
          reason: args.reason,
          note: args.note,
          expectedVersion: args.expectedVersion,
          actor,
        }),
      ),
  }),

  cancelOrders: t.field({
    authScopes: { permission: 'orders:cancel' },
    type: [BulkOrderResult],
    description: 'Cancel many orders; each succeeds or fails on its own.',
    args: {
      ids: t.arg.globalIDList({ for: Order, validate: z.array(z.any()).min(1).max(maxBulk, `At most ${maxBulk} ids per call`) }),
      reason: t.arg({ type: CancelReasonEnum }),
      note: t.arg.string({ required: false, validate: z.string().max(1000) }),
      ...idempotencyArgs,
    },
    resolve: async (_root, args, ctx) => {
      const results = [];
      for (const [index, id] of args.ids.entries()) {
        const key = args.idempotencyKey ? `${args.idempotencyKey}:${index}` : null;
        const result = await runMutation(ctx, 'cancelOrder', { id, reason: args.reason, note: args.note, idempotencyKey: key }, (tx, actor) =>
          cancelOrder(tx, { orderId: id.id, reason: args.reason, note: args.note, actor }),
        );
        results.push({ id: encodeGlobalID('Order', id.id), ...result });
      }
      return results;
    },
  }),
}));
