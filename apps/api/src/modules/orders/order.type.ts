import { OrderEventType } from '@orderly/schema';
import { builder, type Types } from '../../builder.ts';
import { encodeGlobalId } from '../../core/global-id.ts';
import { Money, money } from '../common/money.ts';
import { Product } from '../catalog/product.type.ts';
import { CancelReasonEnum, HoldReasonEnum, OrderStatusEnum } from './order-status.ts';
import { isLateRisk } from './late-risk.ts';
import { canReadPii, piiField } from '../customers/pii.ts';
import { maskEmail, maskName, maskPhone, maskPostalCode, maskStreet } from '../customers/masking.ts';

export const OrderEventTypeEnum = builder.enumType(OrderEventType, { name: 'OrderEventType' });

export const OrderEvent = builder.prismaNode('OrderEvent', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'orders:read' },
  description: "One entry of an order's timeline: who did what, the status before and after, when.",
  fields: (t) => ({
    type: t.expose('type', { type: OrderEventTypeEnum }),
    actor: t.exposeString('actor', { description: 'user:<id>, apikey:<id>, system or anonymous.' }),
    fromStatus: t.expose('fromStatus', { type: OrderStatusEnum, nullable: true }),
    toStatus: t.expose('toStatus', { type: OrderStatusEnum, nullable: true }),
    data: t.field({ type: 'JSON', description: 'Details of the event (never buyer personal data).', resolve: (e) => e.data }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

interface AddressShape {
  orderId: string;
  anonymized: boolean;
  name: string;
  phone: string | null;
  address1: string;
  address2: string | null;
  postalCode: string;
  city: string;
  region: string | null;
  countryCode: string;
}

/** A buyer-data field of an order: unmasked (and audited) with customers:read_pii, masked without. */
const orderPii = <T extends { orderId: string; anonymized: boolean }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>,
  field: string,
  value: (parent: T) => string | null,
  mask: (value: string) => string | null,
  description: string,
  nullable: boolean,
) =>
  t.string({
    nullable: nullable as true,
    description,
    resolve: (parent, _args, ctx) => (parent.anonymized ? value(parent) : piiField(ctx, { type: 'Order', id: parent.orderId }, field, value(parent), mask)),
  });

export const Address = builder.objectRef<AddressShape>('Address').implement({
  authScopes: { permission: 'orders:read' },
  description:
    'Where the order goes. Buyer-identifying parts (name, phone, street, postal code) are masked unless the caller may read ' +
    'buyer personal data (customers:read_pii); unmasked reads are written to the audit log. City, region and country are always readable.',
  fields: (t) => ({
    name: orderPii(t, 'shippingAddress.name', (a) => a.name, maskName, 'Recipient name (masked: "А***а С***").', false),
    phone: orderPii(t, 'shippingAddress.phone', (a) => a.phone, maskPhone, 'Recipient phone (masked: "+7 *** ***-**-33").', true),
    address1: orderPii(t, 'shippingAddress.address1', (a) => a.address1, maskStreet, 'Street, house, flat (masked: "***").', false),
    address2: orderPii(t, 'shippingAddress.address2', (a) => a.address2, maskStreet, 'More address (masked: "***").', true),
    postalCode: orderPii(t, 'shippingAddress.postalCode', (a) => a.postalCode, maskPostalCode, 'Postal code (masked: "101***").', false),
    city: t.exposeString('city'),
    region: t.exposeString('region', { nullable: true }),
    countryCode: t.exposeString('countryCode'),
    masked: t.boolean({
      description: 'True when the buyer-identifying fields above are masked for this caller.',
      resolve: (a, _args, ctx) => !a.anonymized && !canReadPii(ctx),
    }),
  }),
});

interface BuyerShape {
  orderId: string;
  customerId: string;
  anonymized: boolean;
  name: string;
  email: string | null;
  phone: string | null;
}

export const Buyer = builder.objectRef<BuyerShape>('Buyer').implement({
  authScopes: { permission: 'orders:read' },
  description: 'Who placed the order. Masked unless the caller may read buyer personal data (customers:read_pii); unmasked reads are audited.',
  fields: (t) => ({
    name: orderPii(t, 'buyer.name', (b) => b.name, maskName, 'Buyer name (masked: "А***а С***").', false),
    phone: orderPii(t, 'buyer.phone', (b) => b.phone, maskPhone, 'Buyer phone (masked: "+7 *** ***-**-33").', true),
    email: orderPii(t, 'buyer.email', (b) => b.email, maskEmail, 'Buyer e-mail (masked: "b***@example.ru").', true),
    masked: t.boolean({
      description: 'True when the fields above are masked for this caller.',
      resolve: (b, _args, ctx) => !b.anonymized && !canReadPii(ctx),
    }),
    customerId: t.id({
      description: "The buyer's Customer id: node(id:) or customers reads it, and Customer.orders lists their orders (needs customers:read).",
      resolve: (b) => encodeGlobalId('Customer', b.customerId),
    }),
  }),
});

export const OrderLine = builder.prismaNode('OrderLine', {
  id: { field: 'id' },
  // Select mode: a query loads the columns its fields ask for, not the whole row — and always
  // the few every list shows, read by plain resolvers (see Order).
  select: { sku: true, quantity: true },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'orders:read' },
  fields: (t) => ({
    position: t.exposeInt('position'),
    sku: t.string({ description: 'SKU as ordered.', resolve: (l) => l.sku }),
    name: t.exposeString('name', { description: 'Product name as ordered.' }),
    quantity: t.int({ resolve: (l) => l.quantity }),
    quantityCancelled: t.exposeInt('quantityCancelled'),
    quantityPicked: t.exposeInt('quantityPicked'),
    quantityPacked: t.exposeInt('quantityPacked'),
    quantityShipped: t.exposeInt('quantityShipped'),
    total: t.field({
      type: Money,
      select: { totalAmount: true, order: { select: { currency: true } } },
      resolve: (l) => money(l.totalAmount, l.order.currency),
    }),
    catalogPrice: t.field({
      type: Money,
      nullable: true,
      description: 'The catalogue price when it differed from the ordered price at confirmation.',
      select: { catalogPriceAmount: true, order: { select: { currency: true } } },
      resolve: (l) => (l.catalogPriceAmount === null ? null : money(l.catalogPriceAmount, l.order.currency)),
    }),
    unitPrice: t.field({
      type: Money,
      select: { unitPriceAmount: true, order: { select: { currency: true } } },
      resolve: (l) => money(l.unitPriceAmount, l.order.currency),
    }),
    product: t.relation('product', { type: Product, nullable: true, description: 'The catalogue product (needs products:read).' }),
  }),
});

/** How Order.lines loads lines; itemCount asks for them the same way so one load serves both. */
const linesInOrder = { orderBy: { position: 'asc' } } as const;

export const Order = builder.prismaNode('Order', {
  id: { field: 'id' },
  // Select mode: a query loads the columns its fields ask for (buyer data only when asked for),
  // and always the few small ones every list shows, read by plain resolvers: a field that selects
  // (an exposed column too) costs plugin-prisma a loader-mapping lookup on every row (issue 11).
  select: { number: true, status: true, shipBy: true, currency: true, totalAmount: true },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'orders:read' },
  description: 'An order from a sales channel (a marketplace posting or a manual entry).',
  fields: (t) => ({
    number: t.int({ description: 'Sequential number for people ("#1042").', resolve: (o) => o.number }),
    channel: t.exposeString('channel', { description: 'Sales channel code: ozon, manual, …' }),
    externalId: t.exposeString('externalId', { nullable: true, description: "The channel's own id (e.g. the Ozon posting number)." }),
    status: t.field({ type: OrderStatusEnum, resolve: (o) => o.status }),
    placedAt: t.expose('placedAt', { type: 'DateTime' }),
    shipBy: t.field({ type: 'DateTime', description: 'Deadline to hand the order to the carrier.', resolve: (o) => o.shipBy }),
    lateRisk: t.boolean({
      description: 'Not shipped yet and the ship-by deadline is near or past.',
      resolve: (o, _args, ctx) => isLateRisk(o, ctx.now),
    }),
    holdReason: t.expose('holdReason', { type: HoldReasonEnum, nullable: true }),
    holdNote: t.exposeString('holdNote', { nullable: true }),
    cancelReason: t.expose('cancelReason', { type: CancelReasonEnum, nullable: true }),
    cancelNote: t.exposeString('cancelNote', { nullable: true }),
    confirmedAt: t.expose('confirmedAt', { type: 'DateTime', nullable: true }),
    shippedAt: t.expose('shippedAt', { type: 'DateTime', nullable: true }),
    cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true }),
    subtotal: t.field({ type: Money, select: { subtotalAmount: true, currency: true }, resolve: (o) => money(o.subtotalAmount, o.currency) }),
    shipping: t.field({ type: Money, select: { shippingAmount: true, currency: true }, resolve: (o) => money(o.shippingAmount, o.currency) }),
    discount: t.field({ type: Money, select: { discountAmount: true, currency: true }, resolve: (o) => money(o.discountAmount, o.currency) }),
    total: t.field({ type: Money, resolve: (o) => money(o.totalAmount, o.currency) }),
    itemCount: t.int({
      description: 'Units still ordered (cancelled units excluded).',
      select: { lines: { ...linesInOrder, select: { quantity: true, quantityCancelled: true } } },
      resolve: (o) => o.lines.reduce((sum, l) => sum + l.quantity - l.quantityCancelled, 0),
    }),
    shippingAddress: t.field({
      type: Address,
      select: {
        id: true,
        piiAnonymizedAt: true,
        shipName: true,
        shipPhone: true,
        shipAddress1: true,
        shipAddress2: true,
        shipPostalCode: true,
        shipCity: true,
        shipRegion: true,
        shipCountryCode: true,
      },
      resolve: (o) => ({
        orderId: o.id,
        anonymized: o.piiAnonymizedAt !== null,
        name: o.shipName,
        phone: o.shipPhone,
        address1: o.shipAddress1,
        address2: o.shipAddress2,
        postalCode: o.shipPostalCode,
        city: o.shipCity,
        region: o.shipRegion,
        countryCode: o.shipCountryCode,
      }),
    }),
    buyer: t.field({
      type: Buyer,
      nullable: true,
      description: 'The buyer (null for orders taken in without one).',
      select: { id: true, piiAnonymizedAt: true, customer: { select: { id: true, name: true, email: true, phone: true, anonymizedAt: true } } },
      resolve: (o) =>
        o.customer
          ? {
              orderId: o.id,
              customerId: o.customer.id,
              anonymized: o.piiAnonymizedAt !== null || o.customer.anonymizedAt !== null,
              name: o.customer.name,
              email: o.customer.email,
              phone: o.customer.phone,
            }
          : null,
    }),
    piiAnonymizedAt: t.expose('piiAnonymizedAt', {
      type: 'DateTime',
      nullable: true,
      description: "When the retention job removed the buyer's personal data from this order (the order's facts stay).",
    }),
    // The lines with the order's currency handed down (their money fields need it): Prisma would
    // otherwise load every line's order again, one more statement per page.
    lines: t.field({
      type: [OrderLine],
      select: (_args, _ctx, nestedSelection) => {
        const lines = nestedSelection(linesInOrder) as { select?: { order?: { select?: Record<string, unknown> } } };
        // Only when the lines want nothing of their order but its currency (the money fields).
        const order = lines.select?.order;
        if (order && Object.keys(order.select ?? {}).every((key) => key === 'currency')) delete lines.select!.order;
        return { currency: true, lines };
      },
      resolve: (o) => {
        const lines = o.lines as { sku: string; quantity: number; order?: { currency: string } }[];
        for (const line of lines) line.order ??= { currency: o.currency };
        return lines;
      },
    }),
    timeline: t.relatedConnection('events', {
      cursor: 'id',
      description: 'What happened to the order, oldest first.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      totalCount: true,
    }),
    version: t.exposeInt('version', { description: 'Optimistic-locking version; pass it back to mutations to refuse stale writes.' }),
  }),
});
