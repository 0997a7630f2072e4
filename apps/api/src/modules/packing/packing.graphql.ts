import { ParcelStatus } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { Order } from '../orders/order.type.ts';
import { binaryDocument } from '../../core/document.ts';
import { DocumentRef, documentCost } from '../common/document.ts';
import { attachParcelPhoto, closeParcel, openParcel, readParcelPhoto, reopenParcel, scanPack, unpackItem } from './packing.service.ts';

const ParcelStatusEnum = builder.enumType(ParcelStatus, { name: 'ParcelStatus' });

export const BoxPreset = builder.prismaObject('BoxPreset', {
  authScopes: { permission: 'packing' },
  description: 'A box or bag size used at the packing table.',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    lengthMm: t.exposeInt('lengthMm'),
    widthMm: t.exposeInt('widthMm'),
    heightMm: t.exposeInt('heightMm'),
    tareGrams: t.exposeInt('tareGrams'),
  }),
});

builder.prismaObject('ParcelItem', {
  authScopes: { permission: 'shipments:read' },
  fields: (t) => ({
    orderLine: t.relation('orderLine', { nullable: true, description: 'Needs orders:read.' }),
    quantity: t.exposeInt('quantity'),
  }),
});

export const Parcel = builder.prismaNode('Parcel', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'shipments:read' },
  description: 'A box of one order; an order may ship in several.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Printed on the label, scanned at hand-over.' }),
    sequence: t.exposeInt('sequence'),
    status: t.expose('status', { type: ParcelStatusEnum }),
    order: t.relation('order', { nullable: true, description: 'Needs orders:read (a shipments-only key sees the parcel, not the order).' }),
    items: t.relation('items'),
    boxPreset: t.relation('boxPreset', { nullable: true }),
    weightGrams: t.exposeInt('weightGrams', { nullable: true }),
    lengthMm: t.exposeInt('lengthMm', { nullable: true }),
    widthMm: t.exposeInt('widthMm', { nullable: true }),
    heightMm: t.exposeInt('heightMm', { nullable: true }),
    hasPhoto: t.boolean({ description: 'A packing photo is on file (dispute evidence).', select: { photoPath: true }, resolve: (p) => p.photoPath !== null }),
    photo: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'The packing photo (base64), to send to the marketplace in a dispute.',
      complexity: documentCost,
      select: { photoPath: true },
      resolve: async (p) => {
        const photo = await readParcelPhoto(p.photoPath);
        return photo && binaryDocument(photo.filename, photo.contentType, photo.bytes);
      },
    }),
    packedAt: t.expose('packedAt', { type: 'DateTime', nullable: true }),
    handedOverAt: t.expose('handedOverAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectField('Order', 'parcels', (t) =>
  t.relation('parcels', { nullable: true, description: 'Needs shipments:read.', query: { orderBy: { sequence: 'asc' } } }),
);

builder.queryFields((t) => ({
  boxPresets: t.prismaField({
    authScopes: { permission: 'packing' },
    type: [BoxPreset],
    resolve: (query, _root, _args, ctx) => ctx.db.boxPreset.findMany({ ...query, where: { active: true }, orderBy: { code: 'asc' } }),
  }),
  parcelByCode: t.prismaField({
    authScopes: { permission: 'shipments:read' },
    type: Parcel,
    nullable: true,
    description: 'A parcel by the code on its label (scan).',
    args: { code: t.arg.string() },
    resolve: (query, _root, args, ctx) => ctx.db.parcel.findUnique({ ...query, where: { code: args.code.trim() } }),
  }),
}));

export const ParcelPayload = payloadType<{ parcelId: string; orderId: string }>('ParcelPayload', {
  fields: (t) => ({
    parcel: t.prismaField({
      type: Parcel,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.parcelId ? ctx.db.parcel.findUnique({ ...query, where: { id: p.parcelId } }) : null),
    }),
    order: t.prismaField({
      type: Order,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...query, where: { id: p.orderId } }) : null),
    }),
  }),
});

const quantityArg = { validate: z.number().int().min(1).max(10_000) };

builder.mutationFields((t) => ({
  openParcel: t.field({
    authScopes: { permission: 'packing' },
    type: ParcelPayload,
    description: 'Start another box for a picked order (splits it into several parcels).',
    args: { orderId: t.arg.globalID({ for: Order }), boxPresetCode: t.arg.string({ required: false }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'openParcel', args, async (tx, actor) => ({
        orderId: args.orderId.id,
        ...(await openParcel(tx, { orderId: args.orderId.id, boxPresetCode: args.boxPresetCode, actor })),
      })),
  }),
  scanPack: t.field({
    authScopes: { permission: 'packing' },
    type: ParcelPayload,
    description: 'Put a scanned item into the parcel (the open one when none is named). Items of other orders and over-packing are refused.',
    args: {
      orderId: t.arg.globalID({ for: Order }),
      parcelId: t.arg.globalID({ for: Parcel, required: false }),
      code: t.arg.string({ validate: z.string().trim().min(1).max(100) }),
      quantity: t.arg.int({ required: false, ...quantityArg }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'scanPack', args, (tx, actor) =>
        scanPack(tx, { orderId: args.orderId.id, parcelId: args.parcelId?.id, code: args.code, quantity: args.quantity, actor }),
      ),
  }),
  unpackItem: t.field({
    authScopes: { permission: 'packing' },
    type: ParcelPayload,
    description: 'Take units back out of an open parcel.',
    args: { parcelId: t.arg.globalID({ for: Parcel }), code: t.arg.string(), quantity: t.arg.int({ required: false, ...quantityArg }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'unpackItem', args, (tx, actor) => unpackItem(tx, { parcelId: args.parcelId.id, code: args.code, quantity: args.quantity, actor })),
  }),
  closeParcel: t.field({
    authScopes: { permission: 'packing' },
    type: ParcelPayload,
    description: 'Seal a parcel with its weight; the order is PACKED when all its units are in sealed parcels.',
    args: {
      parcelId: t.arg.globalID({ for: Parcel }),
      weightGrams: t.arg.int(),
      lengthMm: t.arg.int({ required: false }),
      widthMm: t.arg.int({ required: false }),
      heightMm: t.arg.int({ required: false }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'closeParcel', args, (tx, actor) =>
        closeParcel(tx, { parcelId: args.parcelId.id, weightGrams: args.weightGrams, lengthMm: args.lengthMm, widthMm: args.widthMm, heightMm: args.heightMm, actor }),
      ),
  }),
  reopenParcel: t.field({
    authScopes: { permission: 'packing' },
    type: ParcelPayload,
    description: 'Reopen a sealed parcel that has no label yet.',
    args: { parcelId: t.arg.globalID({ for: Parcel }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'reopenParcel', args, (tx, actor) => reopenParcel(tx, { parcelId: args.parcelId.id, actor })),
  }),
  uploadParcelPhoto: t.field({
    authScopes: { permission: 'packing' },
    type: ParcelPayload,
    description: 'Attach a photo of the packed parcel (JPEG/PNG/WebP, ≤ 10 MB) as packing evidence. Send as a GraphQL multipart request.',
    args: { parcelId: t.arg.globalID({ for: Parcel }), photo: t.arg({ type: 'File' }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) => {
      const bytes = new Uint8Array(await args.photo.arrayBuffer());
      const { photo: _photo, ...rest } = args;
      return runMutation(ctx, 'uploadParcelPhoto', { ...rest, photoSize: bytes.length }, (tx, actor) =>
        attachParcelPhoto(tx, { parcelId: args.parcelId.id, bytes, actor }),
      );
    },
  }),
}));
