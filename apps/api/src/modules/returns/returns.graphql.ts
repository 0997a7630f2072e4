import { ItemCondition, RefundMethod, ReturnOutcome, ReturnReason, ReturnStatus } from '@orderly/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { config } from '../../core/config.ts';
import { binaryDocument } from '../../core/document.ts';
import { grants } from '../auth/permissions.ts';
import { maxInt32, maxUnitsPerOperation } from '../common/bounds.ts';
import { DocumentRef, documentCost } from '../common/document.ts';
import { Money, money } from '../common/money.ts';
import { idempotencyArgs, type PayloadFieldBuilder, payloadType, runMutation } from '../common/mutation.ts';
import { Product } from '../catalog/product.type.ts';
import { piiField } from '../customers/pii.ts';
import { maxEvidenceBytes, readEvidenceFile, uploadFingerprint } from '../exceptions/evidence.service.ts';
import { Location } from '../inventory/inventory.graphql.ts';
import { Order, OrderLine } from '../orders/order.type.ts';
import {
  approveReturn,
  cancelReturn,
  closeReturn,
  createExchange,
  declineReturn,
  inspectReturn,
  markReturnInTransit,
  maxRequestPhotos,
  openReturnStatuses,
  receiveReturn,
  recordRefund,
  refundableAmount,
  requestReturn,
} from './returns.service.ts';
import { addReturnPhoto } from './photos.service.ts';

export const ReturnStatusEnum = builder.enumType(ReturnStatus, {
  name: 'ReturnStatus',
  description: 'REQUESTED → APPROVED / DECLINED; APPROVED → IN_TRANSIT → RECEIVED → INSPECTED → CLOSED; CANCELLED before receipt.',
});
export const ReturnReasonEnum = builder.enumType(ReturnReason, { name: 'ReturnReason', description: 'Why the buyer sends units back.' });
const ReturnOutcomeEnum = builder.enumType(ReturnOutcome, { name: 'ReturnOutcome', description: 'A refund, or replacement units in an exchange order.' });
const ItemConditionEnum = builder.enumType(ItemCondition, {
  name: 'ItemCondition',
  description:
    'A returned unit as inspected: RESELLABLE (back into a bin, available again), DAMAGED (to damaged stock: InventoryLevel.damaged, never available), MISSING (not in the parcel).',
});

const RefundMethodEnum = builder.enumType(RefundMethod, {
  name: 'RefundMethod',
  description:
    'How money went back: ORIGINAL_PAYMENT (the card or wallet paid with), MARKETPLACE (the marketplace refunded the buyer), BANK_TRANSFER, CASH, STORE_CREDIT, OTHER.',
});
const ExchangeDifferenceDue = builder.enumType('ExchangeDifferenceDue', {
  values: ['BUYER_OWES', 'SELLER_REFUNDS', 'NONE'] as const,
  description: 'Who owes whom after an exchange whose replacement costs a different price.',
});

const photoFileSelect = { filePath: true, fileName: true, contentType: true } as const;
const photoFile = async (photo: { filePath: string; fileName: string; contentType: string }) => {
  const file = await readEvidenceFile(photo);
  return file && binaryDocument(file.filename, file.contentType, file.bytes);
};

export const ReturnPhoto = builder.prismaObject('ReturnPhoto', {
  authScopes: { permission: 'returns:read' },
  description: 'A photo of a return (addReturnPhoto): the parcel as it arrived, or a unit of one of its lines.',
  fields: (t) => ({
    id: t.id({ description: 'For returnPhotoFile.', resolve: (p) => encodeGlobalID('ReturnPhoto', p.id) }),
    returnLineId: t.id({
      nullable: true,
      description: 'The ReturnLine whose unit it shows; null for the parcel as a whole.',
      resolve: (p) => (p.returnLineId ? encodeGlobalID('ReturnLine', p.returnLineId) : null),
    }),
    fileName: t.exposeString('fileName', { description: 'The name it was uploaded with.' }),
    contentType: t.exposeString('contentType', { description: 'From its content: image/jpeg, image/png or image/webp.' }),
    byteSize: t.exposeInt('byteSize'),
    note: t.exposeString('note'),
    file: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'The image (base64). One at a time: returnPhotoFile.',
      complexity: documentCost,
      select: photoFileSelect,
      resolve: (p) => photoFile(p),
    }),
    actor: t.exposeString('addedBy', { description: 'user:<id> or apikey:<id>.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const Refund = builder.prismaObject('Refund', {
  authScopes: { permission: 'returns:read' },
  description: 'Money given back to the buyer for a return (recordRefund, or closeReturn with a refund amount).',
  fields: (t) => ({
    id: t.id({ resolve: (r) => encodeGlobalID('Refund', r.id) }),
    amount: t.field({
      type: Money,
      description: 'The whole refund, shipping included.',
      select: { amount: true, currency: true },
      resolve: (r) => money(r.amount, r.currency),
    }),
    shipping: t.field({
      type: Money,
      description: "The part of amount refunding the order's shipping charge (0: units only).",
      select: { shippingAmount: true, currency: true },
      resolve: (r) => money(r.shippingAmount, r.currency),
    }),
    method: t.expose('method', { type: RefundMethodEnum }),
    reference: t.exposeString('reference', { nullable: true, description: "The payment system's or marketplace's reference." }),
    note: t.exposeString('note'),
    actor: t.exposeString('actor', { description: 'user:<id>, apikey:<id> or system.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const ReturnInspection = builder.prismaObject('ReturnInspection', {
  authScopes: { permission: 'returns:read' },
  description: 'Units of a return line inspected together (inspectReturn).',
  fields: (t) => ({
    condition: t.expose('condition', { type: ItemConditionEnum }),
    quantity: t.exposeInt('quantity'),
    location: t.relation('location', { type: Location, nullable: true, description: 'The bin resellable units went back into. Needs inventory:read.' }),
    note: t.exposeString('note'),
    actor: t.exposeString('actor', { description: 'user:<id>, apikey:<id> or system.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const ReturnLine = builder.prismaNode('ReturnLine', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'returns:read' },
  description: 'Units of one order line in a return.',
  fields: (t) => ({
    position: t.exposeInt('position'),
    quantity: t.exposeInt('quantity', { description: 'Units the buyer sends back.' }),
    reason: t.expose('reason', { type: ReturnReasonEnum }),
    reasonNote: t.exposeString('reasonNote'),
    sku: t.string({ description: 'SKU as ordered.', select: { orderLine: { select: { sku: true } } }, resolve: (l) => l.orderLine.sku }),
    name: t.string({ description: 'Product name as ordered.', select: { orderLine: { select: { name: true } } }, resolve: (l) => l.orderLine.name }),
    unitPrice: t.field({
      type: Money,
      description: 'The unit price the buyer paid before discounts.',
      select: { orderLine: { select: { unitPriceAmount: true } }, return: { select: { currency: true } } },
      resolve: (l) => money(l.orderLine.unitPriceAmount, l.return.currency),
    }),
    quantityInspected: t.int({
      description: 'Units inspected so far (the return becomes INSPECTED when every line is done).',
      select: { inspections: { select: { quantity: true } } },
      resolve: (l) => l.inspections.reduce((sum, i) => sum + i.quantity, 0),
    }),
    orderLine: t.relation('orderLine', { type: OrderLine, nullable: true, description: 'The order line. Needs orders:read.' }),
    inspections: t.relation('inspections', { type: ReturnInspection, query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
  }),
});

export const Return = builder.prismaNode('Return', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'returns:read' },
  description: 'A return (RMA): shipped units the buyer sends back for a refund or an exchange. While one is open its order is RETURN_REQUESTED.',
  fields: (t) => ({
    number: t.exposeInt('number', { description: 'Shown as R-<number>; scanned at the returns station.' }),
    status: t.expose('status', { type: ReturnStatusEnum }),
    channel: t.exposeString('channel'),
    externalId: t.exposeString('externalId', { nullable: true, description: "The marketplace's return id (unique per channel)." }),
    reason: t.expose('reason', { type: ReturnReasonEnum }),
    requestedOutcome: t.expose('requestedOutcome', { type: ReturnOutcomeEnum }),
    outcome: t.expose('outcome', { type: ReturnOutcomeEnum, nullable: true, description: 'What it was closed with.' }),
    buyerComment: t.string({
      description: "The buyer's words (buyer data: masked without customers:read_pii).",
      select: { buyerComment: true, orderId: true },
      resolve: (r, _args, ctx) => (r.buyerComment ? (piiField(ctx, { type: 'Order', id: r.orderId }, 'return.buyerComment', r.buyerComment, () => '***') ?? '') : ''),
    }),
    note: t.exposeString('note', { description: 'Staff notes.' }),
    overrideReason: t.exposeString('overrideReason', { nullable: true, description: "Why a manager let it through outside the channel's policy." }),
    overriddenBy: t.exposeString('overriddenBy', { nullable: true }),
    declineReason: t.exposeString('declineReason', { nullable: true }),
    returnCarrier: t.exposeString('returnCarrier', { nullable: true }),
    returnTrackingNumber: t.exposeString('returnTrackingNumber', { nullable: true }),
    refund: t.field({
      type: Money,
      nullable: true,
      description: 'Refunded for this return so far (the sum of its refunds); null before the first.',
      select: { refundAmount: true, currency: true },
      resolve: (r) => (r.refundAmount === null ? null : money(r.refundAmount, r.currency)),
    }),
    requestedBy: t.exposeString('requestedBy', { description: 'user:<id>, apikey:<id> or system.' }),
    order: t.relation('order', { type: Order, nullable: true, description: 'Needs orders:read.' }),
    exchangeOrder: t.relation('exchangeOrder', { type: Order, nullable: true, description: 'The replacement order of an exchange. Needs orders:read.' }),
    lines: t.relation('lines', { type: ReturnLine, query: { orderBy: { position: 'asc' } } }),
    refundable: t.field({
      type: Money,
      description:
        "What can still be refunded for its units (recordRefund): what the buyer paid for them less its refunds of units, within the order's total less all its refunds; 0 for a declined or cancelled return.",
      select: { id: true, currency: true },
      resolve: async (r, _args, ctx) => money((await refundableAmount(ctx.db, r.id))?.units ?? 0, r.currency),
    }),
    refundableShipping: t.field({
      type: Money,
      description:
        "What can still be refunded for the order's shipping charge (RecordRefundInput.shipping): the shipping paid less every shipping refund of the order, whichever return it was on; 0 for a declined or cancelled return.",
      select: { id: true, currency: true },
      resolve: async (r, _args, ctx) => money((await refundableAmount(ctx.db, r.id))?.shipping ?? 0, r.currency),
    }),
    refunds: t.relation('refunds', { type: Refund, description: 'Its refunds, oldest first.', query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
    photos: t.relation('photos', {
      type: ReturnPhoto,
      description: 'Its photos, oldest first (addReturnPhoto).',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    exchangeDifference: t.field({
      type: Money,
      nullable: true,
      description:
        "An exchange's price difference: the replacement's price less the returned units' (unit prices before discounts). Positive: the buyer owes the seller; negative: the seller refunds the buyer (recordRefund); null before an exchange closes it.",
      select: { exchangeDifferenceAmount: true, currency: true },
      resolve: (r) => (r.exchangeDifferenceAmount === null ? null : money(r.exchangeDifferenceAmount, r.currency)),
    }),
    exchangeDifferenceDue: t.field({
      type: ExchangeDifferenceDue,
      nullable: true,
      description: 'Who owes whom after the exchange; null before an exchange closes it.',
      select: { exchangeDifferenceAmount: true },
      resolve: (r) =>
        r.exchangeDifferenceAmount === null ? null : r.exchangeDifferenceAmount > 0 ? 'BUYER_OWES' : r.exchangeDifferenceAmount < 0 ? 'SELLER_REFUNDS' : 'NONE',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true }),
    declinedAt: t.expose('declinedAt', { type: 'DateTime', nullable: true }),
    inTransitAt: t.expose('inTransitAt', { type: 'DateTime', nullable: true }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', nullable: true }),
    inspectedAt: t.expose('inspectedAt', { type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectField('Order', 'returns', (t) =>
  t.relation('returns', {
    type: Return,
    nullable: true,
    description: 'Its returns, oldest first. Needs returns:read.',
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  }),
);
builder.prismaObjectField('Order', 'exchangeFor', (t) =>
  t.relation('exchanges', {
    type: Return,
    nullable: true,
    description: 'An exchange order: the return it sends replacement units for (with its exchangeDifference); empty for other orders. Needs returns:read.',
  }),
);

/** Approved returns whose parcel is still not here RETURN_TRANSIT_OVERDUE_DAYS after approval. */
const overdueWhere = (now: Date) => ({
  status: { in: [ReturnStatus.APPROVED, ReturnStatus.IN_TRANSIT] },
  approvedAt: { lt: new Date(now.getTime() - config.RETURN_TRANSIT_OVERDUE_DAYS * 86_400_000) },
});

/** Codes the returns station scans: R-<number>, the return tracking number, the marketplace's return id, the order's number or posting number. */
function scanWhere(code: string) {
  const number = /^(?:R-?)?(\d{1,9})$/i.exec(code)?.[1];
  const asInt = number && Number(number) <= maxInt32 ? Number(number) : null;
  return [
    ...(asInt !== null && /^R/i.test(code) ? [{ number: asInt }] : []),
    { returnTrackingNumber: code },
    { externalId: code },
    { order: { externalId: code } },
    ...(asInt !== null && !/^R/i.test(code) ? [{ order: { number: asInt } }] : []),
  ];
}

builder.queryFields((t) => ({
  returns: t.prismaConnection({
    type: Return,
    cursor: 'id',
    authScopes: { permission: 'returns:read' },
    description: 'Returns, newest first.',
    args: {
      status: t.arg({ type: [ReturnStatusEnum], required: false, description: 'Any status when omitted.' }),
      open: t.arg.boolean({ required: false, description: 'true: only returns under way (REQUESTED to INSPECTED); false: only ended ones.' }),
      channel: t.arg.string({ required: false }),
      orderId: t.arg.globalID({ for: Order, required: false }),
      reason: t.arg({ type: [ReturnReasonEnum], required: false, description: "The return's reason is one of these; any when omitted." }),
      overdue: t.arg.boolean({
        required: false,
        description:
          'true: only APPROVED / IN_TRANSIT returns whose parcel has not arrived RETURN_TRANSIT_OVERDUE_DAYS (default 14) days after approval; false: all others.',
      }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.db.return.findMany({
        ...query,
        where: {
          AND: [
            args.status ? { status: { in: args.status } } : {},
            args.open == null ? {} : { status: args.open ? { in: [...openReturnStatuses] } : { notIn: [...openReturnStatuses] } },
            args.channel ? { channel: args.channel } : {},
            args.orderId ? { orderId: args.orderId.id } : {},
            args.reason ? { reason: { in: args.reason } } : {},
            args.overdue == null ? {} : args.overdue ? overdueWhere(ctx.now) : { NOT: overdueWhere(ctx.now) },
          ],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
  returnPhotoFile: t.field({
    type: DocumentRef,
    nullable: true,
    authScopes: { permission: 'returns:read' },
    complexity: documentCost,
    description: 'The image of one return photo (ReturnPhoto.id); null for an unknown id.',
    args: { id: t.arg.globalID() },
    resolve: async (_root, args, ctx) => {
      if (args.id.typename !== 'ReturnPhoto') return null;
      const photo = await ctx.db.returnPhoto.findUnique({ where: { id: args.id.id }, select: photoFileSelect }).catch(() => null);
      return photo && photoFile(photo);
    },
  }),
  returnsByScan: t.prismaField({
    type: [Return],
    authScopes: { permission: 'returns:read' },
    description:
      "The returns station's lookup: returns matching a scanned code — R-<number>, the return tracking number, the marketplace's return id, or the order's number or external (posting) number. Open returns first, then newest; at most 20.",
    args: { code: t.arg.string({ validate: z.string().trim().min(1).max(200) }) },
    resolve: async (query, _root, args, ctx) => {
      const rows = await ctx.db.return.findMany({ ...query, where: { OR: scanWhere(args.code.trim()) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 20 });
      const open = (s: ReturnStatus) => (openReturnStatuses.includes(s) ? 0 : 1);
      return rows.sort((a, b) => open(a.status) - open(b.status));
    },
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const returnField = <Result extends { returnId: string }>(t: PayloadFieldBuilder<Result>) =>
  t.prismaField({
    type: Return,
    nullable: true,
    resolve: (query, p, _args, ctx) => (p.returnId ? ctx.db.return.findUnique({ ...query, where: { id: p.returnId } }) : null),
  });
const orderField = <Result extends { orderId: string }>(t: PayloadFieldBuilder<Result>) =>
  t.prismaField({
    type: Order,
    nullable: true,
    description: "The return's order after the change. Needs orders:read.",
    resolve: (query, p, _args, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...query, where: { id: p.orderId } }) : null),
  });

const ReturnPayload = payloadType<{ returnId: string; orderId: string }>('ReturnPayload', {
  description: 'The return and its order after the change, or userErrors saying why nothing changed.',
  fields: (t) => ({ return: returnField(t), order: orderField(t) }),
});

const RequestReturnPayload = payloadType<{ returnId: string; orderId: string; created: boolean }>('RequestReturnPayload', {
  description: 'The return (new, or the one with the same channel + externalId) and its order, or userErrors saying why nothing was written.',
  fields: (t) => ({
    return: returnField(t),
    order: orderField(t),
    created: t.boolean({ nullable: true, description: 'false: a return with this externalId existed already and was answered unchanged.', resolve: (p) => p.created }),
  }),
});

/** The exchange order a change made or kept and its price difference (closeReturn, createExchange). */
const exchangeFields = <Result extends { returnId: string; exchangeOrderId: string | null }>(t: PayloadFieldBuilder<Result>) => ({
  exchangeOrder: t.prismaField({
    type: Order,
    nullable: true,
    description: 'The exchange order (CONFIRMED, or ON_HOLD for missing stock). Needs orders:read.',
    resolve: (query, p, _args, ctx) => (p.exchangeOrderId ? ctx.db.order.findUnique({ ...query, where: { id: p.exchangeOrderId } }) : null),
  }),
  exchangeDifference: t.field({
    type: Money,
    nullable: true,
    description: "The exchange's price difference (as Return.exchangeDifference): positive the buyer owes, negative the seller refunds; null for a refund.",
    resolve: async (p, _args, ctx) => {
      const r = p.returnId ? await ctx.db.return.findUnique({ where: { id: p.returnId }, select: { exchangeDifferenceAmount: true, currency: true } }) : null;
      return r && r.exchangeDifferenceAmount !== null ? money(r.exchangeDifferenceAmount, r.currency) : null;
    },
  }),
});

const CloseReturnPayload = payloadType<{ returnId: string; orderId: string; exchangeOrderId: string | null }>('CloseReturnPayload', {
  description: 'The closed return, its order (RETURNED when every shipped unit came back) and the exchange order, or userErrors saying why nothing changed.',
  fields: (t) => ({ return: returnField(t), order: orderField(t), ...exchangeFields(t) }),
});

const CreateExchangePayload = payloadType<{ returnId: string; orderId: string; exchangeOrderId: string }>('CreateExchangePayload', {
  description: 'The return with its exchange order and price difference, the original order, or userErrors saying why nothing was written.',
  fields: (t) => ({ return: returnField(t), order: orderField(t), ...exchangeFields(t) }),
});

const AddReturnPhotoPayload = payloadType<{ photoId: string; returnId: string; orderId: string }>('AddReturnPhotoPayload', {
  description: 'The photo added and its return, or userErrors saying why nothing was written.',
  fields: (t) => ({
    photo: t.prismaField({
      type: ReturnPhoto,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.photoId ? ctx.db.returnPhoto.findUnique({ ...query, where: { id: p.photoId } }) : null),
    }),
    return: returnField(t),
  }),
});

const RecordRefundPayload = payloadType<{ refundId: string; returnId: string; orderId: string }>('RecordRefundPayload', {
  description: 'The refund recorded, its return (refund: the total so far) and order, or userErrors saying why nothing was written.',
  fields: (t) => ({
    refund: t.prismaField({
      type: Refund,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.refundId ? ctx.db.refund.findUnique({ ...query, where: { id: p.refundId } }) : null),
    }),
    return: returnField(t),
    order: orderField(t),
  }),
});

const text = (max: number) => z.string().max(max, `At most ${max} characters`);
const units = z.number().int().min(1, 'At least 1').max(maxUnitsPerOperation);

const ReturnLineInput = builder.inputType('ReturnLineInput', {
  fields: (t) => ({
    orderLineId: t.globalID({ required: true, for: OrderLine, description: 'A shipped line of the order.' }),
    quantity: t.int({ required: true, description: 'At most its shipped units not in another return yet.', validate: units }),
    reason: t.field({ type: ReturnReasonEnum, required: false, description: "This line's reason, when it differs from the return's." }),
    note: t.string({ required: false, validate: text(2000) }),
    exchangeProductId: t.globalID({
      required: false,
      for: Product,
      description: 'Exchanges: the replacement product (another size or colour); the same product when omitted.',
    }),
  }),
});

const ReplacementLineInput = builder.inputType('ReplacementLineInput', {
  description: 'Replacement units for units of a return line: the same SKU, another variant (size, colour) or another product.',
  fields: (t) => ({
    returnLineId: t.globalID({ required: true, for: ReturnLine }),
    quantity: t.int({ required: true, description: "At most the line's units not inspected MISSING (over all its replacement lines).", validate: units }),
    productId: t.globalID({ required: false, for: Product, description: 'The replacement product; the returned one (same SKU) when omitted.' }),
  }),
});

const CreateExchangeInput = builder.inputType('CreateExchangeInput', {
  fields: (t) => ({
    returnId: t.globalID({ required: true, for: Return }),
    lines: t.field({
      type: [ReplacementLineInput],
      required: false,
      validate: z.array(z.unknown()).max(200),
      description: "The replacement lines; when omitted, each line's units not missing as the product the request asked for (exchangeProductId) or the same one.",
    }),
  }),
});

const ReturnPolicyOverrideInput = builder.inputType('ReturnPolicyOverrideInput', {
  description: "Let a request outside the channel's policy (return window, reasons) through; needs returns:override. Recorded on the return and its order's timeline.",
  fields: (t) => ({ reason: t.string({ required: true, validate: text(2000) }) }),
});

const RequestReturnInput = builder.inputType('RequestReturnInput', {
  fields: (t) => ({
    orderId: t.globalID({ required: true, for: Order }),
    externalId: t.string({
      required: false,
      description: "The marketplace's (or ERP's) return id: the same channel + externalId again answers the existing return.",
      validate: text(200),
    }),
    reason: t.field({ type: ReturnReasonEnum, required: true }),
    requestedOutcome: t.field({ type: ReturnOutcomeEnum, required: true }),
    buyerComment: t.string({ required: false, validate: text(4000) }),
    lines: t.field({ type: [ReturnLineInput], required: true, validate: z.array(z.unknown()).min(1, 'Return at least one line').max(200) }),
    override: t.field({ type: ReturnPolicyOverrideInput, required: false }),
    photos: t.field({
      type: ['File'],
      required: false,
      validate: z.array(z.unknown()).max(maxRequestPhotos, `At most ${maxRequestPhotos} photos`),
      description: `The buyer's photos (at most ${maxRequestPhotos}): JPEG, PNG or WebP by their content, each at most ${maxEvidenceBytes / 1024 / 1024} MB; a bad one (INVALID_FILE) refuses the request. Send as a GraphQL multipart request.`,
    }),
  }),
});

const ReturnInspectionInput = builder.inputType('ReturnInspectionInput', {
  fields: (t) => ({
    returnLineId: t.globalID({ required: true, for: ReturnLine }),
    condition: t.field({ type: ItemConditionEnum, required: true }),
    quantity: t.int({ required: false, defaultValue: 1, description: 'Units in this condition (1: one scanned unit).', validate: units }),
    locationCode: t.string({ required: false, description: 'The bin RESELLABLE units go back into (required for them).', validate: text(100) }),
    note: t.string({ required: false, validate: text(2000) }),
  }),
});

const UnexpectedReturnItemInput = builder.inputType('UnexpectedReturnItemInput', {
  description: 'Something in the parcel that is not in the return (a wrong product, an extra unit): recorded, never restocked.',
  fields: (t) => ({
    code: t.string({
      required: true,
      description: 'The scanned SKU or barcode (or what is written on it).',
      validate: z.string().trim().min(1, 'Scan the item').max(100),
    }),
    quantity: t.int({ required: false, defaultValue: 1, validate: units }),
    note: t.string({ required: false, validate: text(2000) }),
  }),
});

const AddReturnPhotoInput = builder.inputType('AddReturnPhotoInput', {
  fields: (t) => ({
    returnId: t.globalID({ required: true, for: Return }),
    returnLineId: t.globalID({ required: false, for: ReturnLine, description: 'The line whose unit it shows; the parcel as a whole when omitted.' }),
    file: t.field({
      type: 'File',
      required: false,
      description: `A JPEG, PNG or WebP image (by its content), at most ${maxEvidenceBytes / 1024 / 1024} MB. Send as a GraphQL multipart request.`,
    }),
    note: t.string({ required: false, description: 'At most 2000 characters.' }),
  }),
});

const RefundAmountInput = builder.inputType('RefundAmountInput', {
  description: "An amount in minor units of a currency; a refund's must be the order's currency.",
  fields: (t) => ({
    minorUnits: t.int({ required: true, validate: z.number().int().max(maxInt32) }),
    currency: t.string({ required: true, validate: z.string().trim().length(3, 'An ISO 4217 code') }),
  }),
});

const RecordRefundInput = builder.inputType('RecordRefundInput', {
  fields: (t) => ({
    returnId: t.globalID({ required: true, for: Return }),
    amount: t.field({
      type: RefundAmountInput,
      required: true,
      description:
        "More than 0, in the order's currency, at most what the buyer paid for the return's units less its earlier refunds (and the order's total less all its refunds).",
    }),
    shipping: t.field({
      type: RefundAmountInput,
      required: false,
      description:
        "The part of amount refunding the order's shipping charge (none when omitted): at most the shipping the buyer paid less every earlier shipping refund of the order (Return.refundableShipping).",
    }),
    method: t.field({ type: RefundMethodEnum, required: true }),
    reference: t.string({ required: false, description: "The payment system's or marketplace's reference.", validate: text(200) }),
    note: t.string({ required: false, validate: text(2000) }),
  }),
});

const note = builder.args((t) => ({ note: t.string({ required: false, validate: text(2000) }) }));
const returnId = builder.args((t) => ({ returnId: t.globalID({ required: true, for: Return }) }));

builder.mutationFields((t) => ({
  requestReturn: t.field({
    authScopes: { permission: 'returns:manage' },
    type: RequestReturnPayload,
    description:
      "Open a return of shipped units of a delivered or completed order (staff, integrators, marketplace connectors); the order becomes RETURN_REQUESTED. Checked against the channel's policy: RETURN_WINDOW_CLOSED past the return window from delivery, REASON_NOT_ALLOWED for a reason the channel does not accept (both let through by `override`, which needs returns:override), OVER_RETURN past the shipped units not returned yet. photos: the buyer's pictures, stored with the return (a bad file: INVALID_FILE, nothing written). Idempotent on channel + externalId.",
    args: { input: t.arg({ type: RequestReturnInput }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) => {
      const { photos: uploads, ...input } = args.input;
      const photos = uploads ? await Promise.all(uploads.map(async (u) => ({ bytes: new Uint8Array(await u.arrayBuffer()), name: u.name }))) : null;
      return runMutation(ctx, 'requestReturn', { idempotencyKey: args.idempotencyKey, input: { ...input, photos: photos?.map(uploadFingerprint) } }, (tx, actor) =>
        requestReturn(
          tx,
          {
            orderId: args.input.orderId.id,
            externalId: args.input.externalId,
            reason: args.input.reason,
            requestedOutcome: args.input.requestedOutcome,
            buyerComment: args.input.buyerComment,
            lines: args.input.lines.map((l) => ({
              orderLineId: l.orderLineId.id,
              quantity: l.quantity,
              reason: l.reason,
              note: l.note,
              exchangeProductId: l.exchangeProductId?.id ?? null,
            })),
            override: args.input.override,
            photos,
          },
          { actor, now: ctx.now, canOverride: grants(ctx.viewer, 'returns:override') },
        ),
      );
    },
  }),

  approveReturn: t.field({
    authScopes: { permission: 'returns:manage' },
    type: ReturnPayload,
    description: 'Accept a REQUESTED return: the buyer may send the units back.',
    args: { ...returnId, ...note, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'approveReturn', args, (tx, actor) => approveReturn(tx, { returnId: args.returnId.id, note: args.note, actor, now: ctx.now })),
  }),

  declineReturn: t.field({
    authScopes: { permission: 'returns:manage' },
    type: ReturnPayload,
    description: 'Refuse a REQUESTED return, saying why; the order leaves RETURN_REQUESTED when no other return is open.',
    args: { ...returnId, reason: t.arg.string({ validate: text(2000) }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'declineReturn', args, (tx, actor) => declineReturn(tx, { returnId: args.returnId.id, reason: args.reason, actor, now: ctx.now })),
  }),

  markReturnInTransit: t.field({
    authScopes: { permission: 'returns:manage' },
    type: ReturnPayload,
    description: 'The buyer sent an APPROVED return back: its carrier and tracking number (the returns station finds the return by scanning it).',
    args: { ...returnId, carrier: t.arg.string({ validate: text(100) }), trackingNumber: t.arg.string({ validate: text(100) }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'markReturnInTransit', args, (tx, actor) =>
        markReturnInTransit(tx, { returnId: args.returnId.id, carrier: args.carrier, trackingNumber: args.trackingNumber, actor, now: ctx.now }),
      ),
  }),

  receiveReturn: t.field({
    authScopes: { permission: 'returns:receive' },
    type: ReturnPayload,
    description: 'The return parcel arrived (APPROVED or IN_TRANSIT → RECEIVED); a second receipt is refused (INVALID_TRANSITION).',
    args: { ...returnId, ...note, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'receiveReturn', args, (tx, actor) => receiveReturn(tx, { returnId: args.returnId.id, note: args.note, actor, now: ctx.now })),
  }),

  inspectReturn: t.field({
    authScopes: { permission: 'returns:receive' },
    type: ReturnPayload,
    description:
      "Record the condition of received units (per unit or several at once; may be called again for the rest): RESELLABLE units go back into the scanned bin (a RETURN stock movement; available stock rises), DAMAGED units go to damaged stock (InventoryLevel.damaged, never available; a RETURN movement of damagedDelta), MISSING were not in the parcel. A unit not in the return is NOT_IN_RETURN. When every unit is inspected the return becomes INSPECTED. unexpectedItems records what came but was not in the return (a wrong product, an extra unit) on the return's note and the order's timeline (NOTE_ADDED), never restocked; items may be empty then.",
    args: {
      ...returnId,
      items: t.arg({ type: [ReturnInspectionInput], validate: z.array(z.unknown()).max(200) }),
      unexpectedItems: t.arg({ type: [UnexpectedReturnItemInput], required: false, validate: z.array(z.unknown()).max(200) }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'inspectReturn', args, (tx, actor) =>
        inspectReturn(tx, {
          returnId: args.returnId.id,
          items: args.items.map((i) => ({
            returnLineId: i.returnLineId.id,
            condition: i.condition,
            quantity: i.quantity ?? 1,
            locationCode: i.locationCode,
            note: i.note,
          })),
          unexpected: args.unexpectedItems?.map((u) => ({ code: u.code, quantity: u.quantity ?? 1, note: u.note })),
          actor,
          now: ctx.now,
        }),
      ),
  }),

  closeReturn: t.field({
    authScopes: { permission: 'returns:manage' },
    type: CloseReturnPayload,
    description:
      "Close an INSPECTED return: REFUND with refundAmount (recorded as recordRefund does: minor units of the order's currency, more than 0, at most what the buyer paid for the returned units less earlier refunds: REFUND_EXCEEDS_PAID; omit it when the refunds were recorded already), or EXCHANGE: a linked order for the units that came back (the requested replacement product at its catalogue price, else the same at the original price), confirmed through the normal confirmation into the pick queue; a price difference is recorded on the return (exchangeDifference). A return whose exchange order createExchange made already closes with that order (EXCHANGE; REFUND is refused). The order becomes RETURNED when every shipped unit came back, else goes back to DELIVERED / COMPLETED (a partial return).",
    args: {
      ...returnId,
      outcome: t.arg({ type: ReturnOutcomeEnum }),
      refundAmount: t.arg.int({ required: false, validate: z.number().int().max(maxInt32) }),
      refundMethod: t.arg({ type: RefundMethodEnum, required: false, description: 'How refundAmount went back (ORIGINAL_PAYMENT when omitted).' }),
      ...note,
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'closeReturn', args, (tx, actor) =>
        closeReturn(tx, {
          returnId: args.returnId.id,
          outcome: args.outcome,
          refundAmount: args.refundAmount,
          refundMethod: args.refundMethod,
          note: args.note,
          actor,
          now: ctx.now,
        }),
      ),
  }),

  createExchange: t.field({
    authScopes: { permission: 'returns:manage' },
    type: CreateExchangePayload,
    description:
      'Send replacement units for a return, from approval to inspection (the replacement may go out before the parcel is back): replacement lines per return line — the same SKU, another variant or another product (its catalogue price) — or, without lines, what the request asked for. Creates a linked exchange order confirmed through the normal confirmation (stock reserved, into the pick queue; ON_HOLD for missing stock) and records the price difference due on the return (exchangeDifference / exchangeDifferenceDue: to collect from the buyer, or to refund with recordRefund). exchange.created is announced; closeReturn with EXCHANGE later closes the return with this order. A second exchange or another status: INVALID_TRANSITION; a line not in the return: NOT_IN_RETURN; more units than came back: INVALID_QUANTITY; an unknown or archived product: NOT_FOUND / PRODUCT_ARCHIVED — nothing written.',
    args: { input: t.arg({ type: CreateExchangeInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'createExchange', args, (tx, actor) =>
        createExchange(tx, {
          returnId: args.input.returnId.id,
          lines: args.input.lines?.map((l) => ({ returnLineId: l.returnLineId.id, quantity: l.quantity, productId: l.productId?.id ?? null })),
          actor,
          now: ctx.now,
        }),
      ),
  }),

  addReturnPhoto: t.field({
    authScopes: { permission: 'returns:receive' },
    type: AddReturnPhotoPayload,
    description:
      "Add a photo to a return (the parcel as it arrived, or a unit of one of its lines): kept with who and when; the order's timeline notes it (RETURN_UPDATED); return.updated is announced. Send the file as a GraphQL multipart request. An unknown return, a line not in it (NOT_IN_RETURN), a missing, oversized or non-image file (INVALID_FILE): userErrors, nothing written.",
    args: { input: t.arg({ type: AddReturnPhotoInput }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) => {
      const { file: upload, ...input } = args.input;
      const file = upload ? { bytes: new Uint8Array(await upload.arrayBuffer()), name: upload.name } : null;
      return runMutation(
        ctx,
        'addReturnPhoto',
        {
          idempotencyKey: args.idempotencyKey,
          input: { ...input, returnId: input.returnId.id, returnLineId: input.returnLineId?.id ?? null, file: uploadFingerprint(file) },
        },
        (tx, actor) => addReturnPhoto(tx, { returnId: input.returnId.id, returnLineId: input.returnLineId?.id ?? null, file, note: input.note, actor, now: ctx.now }),
      );
    },
  }),

  recordRefund: t.field({
    authScopes: { permission: 'returns:manage' },
    type: RecordRefundPayload,
    description:
      "Record money given back to the buyer for a return (staff; integrators and marketplace connectors report the marketplace's refunds the same way): partial refunds add up, from the request to after the close. At most what the buyer paid for the return's units less its earlier refunds, and never more than the order's total over all its refunds: REFUND_EXCEEDS_PAID; not the order's currency: CURRENCY_MISMATCH; 0 or less: INVALID_AMOUNT; a declined or cancelled return: INVALID_TRANSITION — nothing written. `shipping` says how much of amount refunds the order's shipping charge (at most the shipping paid less earlier shipping refunds of the order: REFUND_EXCEEDS_PAID). The order's timeline gets REFUNDED; refund.recorded and return.updated (refundRecorded) are announced.",
    args: { input: t.arg({ type: RecordRefundInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'recordRefund', args, (tx, actor) =>
        recordRefund(tx, {
          returnId: args.input.returnId.id,
          refund: {
            amount: args.input.amount.minorUnits,
            shipping: args.input.shipping?.minorUnits,
            shippingCurrency: args.input.shipping?.currency,
            currency: args.input.amount.currency,
            method: args.input.method,
            reference: args.input.reference,
            note: args.input.note,
          },
          actor,
          now: ctx.now,
        }),
      ),
  }),

  cancelReturn: t.field({
    authScopes: { permission: 'returns:manage' },
    type: ReturnPayload,
    description: 'Withdraw a return before its parcel was received; the order leaves RETURN_REQUESTED when no other return is open.',
    args: { ...returnId, reason: t.arg.string({ required: false, validate: text(2000) }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'cancelReturn', args, (tx, actor) => cancelReturn(tx, { returnId: args.returnId.id, reason: args.reason, actor, now: ctx.now })),
  }),
}));
