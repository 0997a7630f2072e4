// Rules before shipping an Ozon order in GraphQL: what each requirement still misses per product and
// unit (on Order.marketplacePosting), the marking codes scanned, and the pack station's mutations —
// scan / remove a "Честный ЗНАК" code, give a customs declaration number or a country of origin.
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { Order } from '../orders/order.type.ts';
import {
  removeMarkingCode,
  requirementStates,
  scanMarkingCode,
  setPostingProductDetails,
  type RequirementItemState,
  type RequirementState,
} from './ozon/marking.service.ts';
import { showMark } from './ozon/marking-code.ts';

const RequirementItem = builder.objectRef<RequirementItemState>('MarketplaceRequirementItem').implement({
  description: 'One product of a requirement: how many units (codes) or values Ozon wants, how many are there.',
  fields: (t) => ({
    sku: t.exposeString('sku', { description: 'Our SKU (offer id).' }),
    required: t.exposeInt('required', { description: 'Marking codes: the units of the product on the order; other requirements: 1.' }),
    done: t.exposeInt('done', { description: 'Codes scanned and not refused by Ozon; 1 once the value is given.' }),
    missing: t.exposeInt('missing'),
    rejected: t.exposeInt('rejected', { description: 'Codes Ozon refused: take them off and scan the right ones.' }),
    value: t.exposeString('value', { nullable: true, description: 'The customs declaration number ("none" when there is none) or the country code given.' }),
  }),
});

const RequirementStateRef = builder.objectRef<RequirementState>('MarketplaceRequirementState').implement({
  authScopes: { permission: 'orders:read' },
  description: 'A requirement of the posting with its fulfilment per product (what is still missing before Ozon takes it).',
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'MARKING_CODES, CUSTOMS_DECLARATION, COUNTRY_OF_ORIGIN, CHANGE_COUNTRY_OF_ORIGIN, BATCH_REGISTRATION_NUMBER or JEWELLERY_ID.',
    }),
    enforced: t.exposeBoolean('enforced', { description: 'Entered here and checked before shipping (RNPT and jewellery UIN are shown only).' }),
    met: t.exposeBoolean('met'),
    items: t.field({ type: [RequirementItem], resolve: (s) => s.items }),
  }),
});

builder.prismaObject('MarkingCode', {
  authScopes: { permission: 'orders:read' },
  description: 'A "Честный ЗНАК" marking code scanned for one unit (shown without its crypto tail).',
  fields: (t) => ({
    code: t.string({ description: '01 + GTIN + 21 + serial.', select: { gtin: true, serial: true }, resolve: (m) => showMark(m) }),
    gtin: t.exposeString('gtin'),
    sku: t.string({ select: { orderLine: { select: { sku: true } } }, resolve: (m) => m.orderLine.sku }),
    ozonStatus: t.exposeString('ozonStatus', { nullable: true, description: "Ozon's check: null until sent, passed, or refused (see ozonErrors)." }),
    ozonErrors: t.exposeStringList('ozonErrors'),
    scannedAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields('OzonPosting', (t) => ({
  requirementStates: t.field({
    type: [RequirementStateRef],
    description: 'Per requirement and product: what is there and what is still missing (marking codes per unit).',
    select: { id: true, orderId: true, requirements: true },
    resolve: (p, _args, ctx) => requirementStates(ctx.db, p),
  }),
  requirementsMet: t.boolean({
    description: 'Everything Ozon asks for that is entered here is there (the order may be packed and shipped).',
    select: { id: true, orderId: true, requirements: true },
    resolve: async (p, _args, ctx) => (await requirementStates(ctx.db, p)).every((s) => !s.enforced || s.met),
  }),
  markingCodes: t.prismaField({
    type: ['MarkingCode'],
    description: "The order's scanned marking codes.",
    select: { orderId: true },
    resolve: (query, p, _args, ctx) => (p.orderId ? ctx.db.markingCode.findMany({ ...query, where: { orderId: p.orderId }, orderBy: { createdAt: 'asc' } }) : []),
  }),
  exemplarStatus: t.exposeString('exemplarStatus', {
    nullable: true,
    description: "Ozon's verdict on the codes and declarations sent: ship_available, ship_not_available, validation_in_process (or unmet / invalid).",
  }),
  exemplarError: t.exposeString('exemplarError', { nullable: true, description: 'Why they were not accepted (no data).' }),
}));

const OrderRequirementsPayload = payloadType<{ orderId: string }>('OrderRequirementsPayload', {
  fields: (t) => ({
    order: t.prismaField({
      type: Order,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...query, where: { id: p.orderId } }) : null),
    }),
  }),
});

builder.mutationFields((t) => ({
  scanMarkingCode: t.field({
    authScopes: { permission: 'packing' },
    type: OrderRequirementsPayload,
    description:
      'Record the "Честный ЗНАК" DataMatrix code of one unit (Ozon orders whose posting requires marking). The full code: 01 GTIN, 21 serial, 91 key, 92 crypto tail, with GS (U+001D) separators or without. Refused: malformed codes, a code already used on any order, more codes than units.',
    args: {
      orderId: t.arg.globalID({ for: Order }),
      code: t.arg.string({ validate: z.string().min(1).max(300) }),
      sku: t.arg.string({ required: false, description: 'The product the code is for, when the code alone does not tell.' }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'scanMarkingCode', args, (tx, actor) => scanMarkingCode(tx, { orderId: args.orderId.id, code: args.code, sku: args.sku, actor })),
  }),
  removeMarkingCode: t.field({
    authScopes: { permission: 'packing' },
    type: OrderRequirementsPayload,
    description: 'Take a scanned marking code off the order (scan it again, or give 01 GTIN 21 serial).',
    args: { orderId: t.arg.globalID({ for: Order }), code: t.arg.string({ validate: z.string().min(1).max(300) }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'removeMarkingCode', args, (tx, actor) => removeMarkingCode(tx, { orderId: args.orderId.id, code: args.code, actor })),
  }),
  setMarketplaceProductDetails: t.field({
    authScopes: { permission: 'packing' },
    type: OrderRequirementsPayload,
    description:
      'Give what Ozon asks for one product of the posting: the customs declaration number (10702070/210621/0123456, optionally /001) or that there is none, and/or the country of origin (ISO 3166-1 alpha-2).',
    args: {
      orderId: t.arg.globalID({ for: Order }),
      sku: t.arg.string(),
      customsDeclaration: t.arg.string({ required: false, validate: z.string().max(60) }),
      noCustomsDeclaration: t.arg.boolean({ required: false }),
      countryOfOrigin: t.arg.string({ required: false, validate: z.string().max(10) }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'setMarketplaceProductDetails', args, (tx, actor) =>
        setPostingProductDetails(tx, {
          orderId: args.orderId.id,
          sku: args.sku,
          customsDeclaration: args.customsDeclaration,
          noCustomsDeclaration: args.noCustomsDeclaration,
          countryOfOrigin: args.countryOfOrigin,
          actor,
        }),
      ),
  }),
}));
