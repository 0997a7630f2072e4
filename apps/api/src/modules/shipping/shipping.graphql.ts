import { ManifestStatus, ShipmentStatus } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { Order } from '../orders/order.type.ts';
import { Parcel } from '../packing/packing.graphql.ts';
import { DocumentRef as Document, documentCost } from '../common/document.ts';
import { renderLabel, renderManifestAct, renderPackingSlip } from './documents.ts';
import { LabelFormatEnum, Printer } from '../printing/printer.type.ts';
import { addParcelToManifest, closeManifest, createManifest, printLabel, removeParcelFromManifest, saveCarrier, shipOrder } from './shipping.service.ts';

const ManifestStatusEnum = builder.enumType(ManifestStatus, { name: 'ManifestStatus' });
const ShipmentStatusEnum = builder.enumType(ShipmentStatus, {
  name: 'ShipmentStatus',
  description:
    "Where the parcels are on the carrier's road (tracking's vocabulary). shipOrder creates the shipment IN_TRANSIT: it is with the carrier. " +
    'Order.status says where the order is in the warehouse workflow: SHIPPED from hand-over until the first tracking event, then IN_TRANSIT, DELIVERED. ' +
    'Read Order.status for workflow decisions and Shipment.status for delivery progress (DELAYED, OUT_FOR_DELIVERY, FAILURE, RETURNED). PENDING is not set by this server: shipments are created at hand-over.',
});
export const DocumentLocaleEnum = builder.enumType('DocumentLocale', { values: { ru: { value: 'ru' }, zh_CN: { value: 'zh-CN' }, en: { value: 'en' } } as const });

export const Carrier = builder.prismaNode('Carrier', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'shipments:read' },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    trackingUrlTemplate: t.exposeString('trackingUrlTemplate', { nullable: true, description: 'With {trackingNumber} where the number goes.' }),
    pickupWindows: t.field({ type: 'JSON', description: '[{ weekday, from, to }] in the warehouse time zone.', resolve: (c) => c.pickupWindows }),
  }),
});

const ShippingLabel = builder.prismaNode('ShippingLabel', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'shipments:read' },
  fields: (t) => ({
    format: t.expose('format', { type: LabelFormatEnum }),
    barcodeValue: t.exposeString('barcodeValue'),
    printCount: t.exposeInt('printCount', { description: "How many times this parcel's label has been printed (reprints are logged on the timeline)." }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    document: t.field({
      type: Document,
      nullable: true,
      authScopes: { permission: 'documents:print' },
      // Rendering a PDF is real work: priced so a page of them cannot hide in a cheap query.
      complexity: documentCost,
      description: "The label itself, rendered now (needs documents:print). It carries the recipient's name, phone and address: the read is audited.",
      select: { format: true, parcel: { select: { orderId: true } } },
      resolve: (l, _args, ctx) => {
        ctx.pii.record('Order', l.parcel.orderId, 'document.label');
        return renderLabel(ctx.db, l.id, l.format);
      },
    }),
  }),
});

builder.prismaObject('TrackingNumber', {
  authScopes: { permission: 'shipments:read' },
  fields: (t) => ({
    number: t.exposeString('number'),
    carrier: t.relation('carrier'),
    parcel: t.relation('parcel', { nullable: true }),
    url: t.string({
      nullable: true,
      select: { carrier: { select: { trackingUrlTemplate: true } } },
      resolve: (n) => n.carrier.trackingUrlTemplate?.replace('{trackingNumber}', encodeURIComponent(n.number)) ?? null,
    }),
  }),
});

export const Shipment = builder.prismaNode('Shipment', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'shipments:read' },
  fields: (t) => ({
    status: t.expose('status', {
      type: ShipmentStatusEnum,
      description: 'The carrier-side status: IN_TRANSIT from hand-over (while Order.status is SHIPPED until the first tracking event), then as tracking reports.',
    }),
    carrier: t.relation('carrier'),
    shippedAt: t.expose('shippedAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    trackingNumbers: t.relation('trackingNumbers', { query: { orderBy: { number: 'asc' } } }),
  }),
});

export const Manifest = builder.prismaNode('Manifest', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'shipping' },
  description: 'A hand-over act: the parcels given to one carrier at one pickup.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    status: t.expose('status', { type: ManifestStatusEnum }),
    carrier: t.relation('carrier'),
    warehouse: t.relation('warehouse', { nullable: true, description: 'Needs inventory:read.' }),
    pickupFrom: t.expose('pickupFrom', { type: 'DateTime', nullable: true }),
    pickupTo: t.expose('pickupTo', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    parcels: t.relation('parcels', { query: { orderBy: { code: 'asc' } } }),
    parcelCount: t.relationCount('parcels'),
    act: t.field({
      type: Document,
      nullable: true,
      authScopes: { permission: 'documents:print' },
      complexity: documentCost,
      description: 'The act PDF with a signature line for the driver (needs documents:print).',
      resolve: (m, _args, ctx) => renderManifestAct(ctx.db, m.id),
    }),
  }),
});

builder.prismaObjectFields('Parcel', (t) => ({
  carrier: t.relation('carrier', { nullable: true }),
  labels: t.relation('labels', { description: 'Every print, newest first.', query: { orderBy: { createdAt: 'desc' } } }),
  trackingNumbers: t.relation('trackingNumbers', { query: { orderBy: { number: 'asc' } } }),
  manifest: t.relation('manifest', { nullable: true }),
}));
builder.prismaObjectField('Order', 'shipments', (t) =>
  t.relation('shipments', { nullable: true, description: 'Needs shipments:read.', query: { orderBy: { shippedAt: 'asc' } } }),
);

builder.queryFields((t) => ({
  carriers: t.prismaField({
    authScopes: { permission: 'shipments:read' },
    type: [Carrier],
    resolve: (query, _root, _args, ctx) => ctx.db.carrier.findMany({ ...query, where: { active: true }, orderBy: { name: 'asc' } }),
  }),
  manifest: t.prismaField({
    authScopes: { permission: 'shipping' },
    type: Manifest,
    nullable: true,
    args: { id: t.arg.globalID({ for: Manifest }) },
    resolve: (query, _root, args, ctx) => ctx.db.manifest.findUnique({ ...query, where: { id: args.id.id } }),
  }),
  manifests: t.prismaConnection({
    authScopes: { permission: 'shipping' },
    type: Manifest,
    cursor: 'id',
    args: { status: t.arg({ type: [ManifestStatusEnum], required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.manifest.findMany({ ...query, where: args.status?.length ? { status: { in: args.status } } : {}, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
  packingSlip: t.field({
    authScopes: { permission: 'documents:print' },
    type: Document,
    nullable: true,
    complexity: documentCost,
    description: 'A packing slip / thank-you card to put in the parcel.',
    args: {
      orderId: t.arg.globalID({ for: Order }),
      locale: t.arg({ type: DocumentLocaleEnum, required: false }),
      message: t.arg.string({ required: false, validate: z.string().max(500) }),
    },
    resolve: async (_root, args, ctx) => {
      const slip = await renderPackingSlip(ctx.db, args.orderId.id, args.locale ?? 'ru', args.message);
      // The slip names the recipient: an audited read of buyer data.
      if (slip) ctx.pii.record('Order', args.orderId.id, 'document.packingSlip');
      return slip;
    },
  }),
}));

/** What the shipping mutations return: the rows they touched (each payload shows the ones it names). */
interface ShippingResult {
  labelId: string;
  /** printLabel on a printer: where it was sent and how many bytes. */
  printerId?: string;
  bytesSent?: number;
  parcelId: string;
  orderId: string;
  manifestId: string;
  shipmentId: string;
}

const byId = <T>(id: string | undefined, load: (id: string) => Promise<T>) => (id ? load(id) : null);

const LabelPayload = payloadType<ShippingResult>('LabelPayload', {
  fields: (t) => ({
    label: t.prismaField({
      type: ShippingLabel,
      nullable: true,
      resolve: (q, p, _a, ctx) => byId(p.labelId, (id) => ctx.db.shippingLabel.findUnique({ ...q, where: { id } })),
    }),
    parcel: t.prismaField({ type: Parcel, nullable: true, resolve: (q, p, _a, ctx) => byId(p.parcelId, (id) => ctx.db.parcel.findUnique({ ...q, where: { id } })) }),
    order: t.prismaField({ type: Order, nullable: true, resolve: (q, p, _a, ctx) => byId(p.orderId, (id) => ctx.db.order.findUnique({ ...q, where: { id } })) }),
    printer: t.prismaField({
      type: Printer,
      nullable: true,
      description: 'The printer the label was sent to (printLabel with printerId); null when the client prints the document itself.',
      resolve: (q, p, _a, ctx) => byId(p.printerId, (id) => ctx.db.printer.findUnique({ ...q, where: { id } })),
    }),
    bytesSent: t.int({ nullable: true, description: 'Bytes the printer accepted (printLabel with printerId).', resolve: (p) => p.bytesSent ?? null }),
  }),
});

const ManifestPayload = payloadType<ShippingResult>('ManifestPayload', {
  fields: (t) => ({
    manifest: t.prismaField({
      type: Manifest,
      nullable: true,
      resolve: (q, p, _a, ctx) => byId(p.manifestId, (id) => ctx.db.manifest.findUnique({ ...q, where: { id } })),
    }),
    parcel: t.prismaField({ type: Parcel, nullable: true, resolve: (q, p, _a, ctx) => byId(p.parcelId, (id) => ctx.db.parcel.findUnique({ ...q, where: { id } })) }),
  }),
});

const ShipOrderPayload = payloadType<ShippingResult>('ShipOrderPayload', {
  fields: (t) => ({
    order: t.prismaField({ type: Order, nullable: true, resolve: (q, p, _a, ctx) => byId(p.orderId, (id) => ctx.db.order.findUnique({ ...q, where: { id } })) }),
    shipment: t.prismaField({
      type: Shipment,
      nullable: true,
      resolve: (q, p, _a, ctx) => byId(p.shipmentId, (id) => ctx.db.shipment.findUnique({ ...q, where: { id } })),
    }),
  }),
});

const PickupWindowInput = builder.inputType('PickupWindowInput', {
  fields: (t) => ({
    weekday: t.int({ description: '1 = Monday … 7 = Sunday.' }),
    from: t.string({ description: 'HH:MM in the warehouse time zone.' }),
    to: t.string({ description: 'HH:MM.' }),
  }),
});

const CarrierInput = builder.inputType('CarrierInput', {
  fields: (t) => ({
    code: t.string({ description: 'Stable code, e.g. "cdek"; an existing code updates that carrier.' }),
    name: t.string(),
    trackingUrlTemplate: t.string({ required: false, description: 'http(s) link with {trackingNumber}.' }),
    pickupWindows: t.field({ type: [PickupWindowInput], required: false }),
    active: t.boolean({ required: false }),
  }),
});

const CarrierPayload = payloadType<{ carrierId: string }>('CarrierPayload', {
  fields: (t) => ({
    carrier: t.prismaField({ type: Carrier, nullable: true, resolve: (q, p, _a, ctx) => byId(p.carrierId, (id) => ctx.db.carrier.findUnique({ ...q, where: { id } })) }),
  }),
});

const ParcelTrackingInput = builder.inputType('ParcelTrackingInput', {
  fields: (t) => ({
    parcelId: t.globalID({ for: Parcel }),
    trackingNumbers: t.stringList({ validate: z.array(z.string().trim().min(3).max(64)).min(1).max(10) }),
  }),
});

const parcelCodeArg = { validate: z.string().trim().min(1).max(64) };

builder.mutationFields((t) => ({
  saveCarrier: t.field({
    type: CarrierPayload,
    // Not for packers or shipment keys: the tracking link reaches every buyer.
    authScopes: { permission: 'carriers:manage' },
    description: 'Create or update a carrier (by code): name, tracking link template, pickup windows.',
    args: { input: t.arg({ type: CarrierInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'saveCarrier', args, (tx) => saveCarrier(tx, args.input)),
  }),
  printLabel: t.field({
    authScopes: { permission: ['shipping', 'documents:print'] },
    type: LabelPayload,
    description:
      "Print or reprint a sealed parcel's label (reprints are counted and logged). All parcels labelled → the order is READY_TO_SHIP. " +
      "With printerId the server renders the label in the printer's language and sends it over raw TCP; when the printer cannot be reached the answer is PRINTER_UNREACHABLE and nothing is recorded (print the PDF instead).",
    args: {
      parcelId: t.arg.globalID({ for: Parcel }),
      format: t.arg({ type: LabelFormatEnum, required: false, description: "Needed without printerId; with one, the printer's language is used." }),
      carrierCode: t.arg.string({ required: false }),
      printerId: t.arg.globalID({ for: Printer, required: false, description: 'Send the label to this network printer (see printers).' }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'printLabel', args, (tx, actor) =>
        printLabel(tx, { parcelId: args.parcelId.id, format: args.format, carrierCode: args.carrierCode, printerId: args.printerId?.id, actor }),
      ),
  }),
  createManifest: t.field({
    authScopes: { permission: 'shipping' },
    type: ManifestPayload,
    description: 'Open a hand-over act for one carrier pickup.',
    args: {
      carrierCode: t.arg.string(),
      warehouseCode: t.arg.string({ required: false }),
      pickupFrom: t.arg({ type: 'DateTime', required: false }),
      pickupTo: t.arg({ type: 'DateTime', required: false }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'createManifest', args, (tx) =>
        createManifest(tx, { carrierCode: args.carrierCode, warehouseCode: args.warehouseCode, pickupFrom: args.pickupFrom, pickupTo: args.pickupTo }),
      ),
  }),
  addParcelToManifest: t.field({
    authScopes: { permission: 'shipping' },
    type: ManifestPayload,
    description: "Scan a labelled parcel onto the act; unlabelled parcels and other carriers' parcels are refused.",
    args: { manifestId: t.arg.globalID({ for: Manifest }), parcelCode: t.arg.string(parcelCodeArg), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'addParcelToManifest', args, (tx) => addParcelToManifest(tx, { manifestId: args.manifestId.id, parcelCode: args.parcelCode })),
  }),
  removeParcelFromManifest: t.field({
    authScopes: { permission: 'shipping' },
    type: ManifestPayload,
    args: { manifestId: t.arg.globalID({ for: Manifest }), parcelCode: t.arg.string(parcelCodeArg), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'removeParcelFromManifest', args, (tx) => removeParcelFromManifest(tx, { manifestId: args.manifestId.id, parcelCode: args.parcelCode })),
  }),
  closeManifest: t.field({
    authScopes: { permission: 'shipping' },
    type: ManifestPayload,
    description: 'The driver signed the act: it closes and its parcels are handed over.',
    args: { manifestId: t.arg.globalID({ for: Manifest }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'closeManifest', args, (tx, actor) => closeManifest(tx, { manifestId: args.manifestId.id, actor })),
  }),
  shipOrder: t.field({
    authScopes: { permission: 'shipping' },
    type: ShipOrderPayload,
    description: 'Mark the order shipped with tracking number(s) per parcel; the buyer notification is queued and sent once.',
    args: {
      orderId: t.arg.globalID({ for: Order }),
      parcels: t.arg({ type: [ParcelTrackingInput], validate: z.array(z.any()).min(1).max(50) }),
      expectedVersion: t.arg.int({ required: false }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'shipOrder', args, (tx, actor) =>
        shipOrder(tx, {
          orderId: args.orderId.id,
          parcels: args.parcels.map((p) => ({ parcelId: p.parcelId.id, trackingNumbers: p.trackingNumbers })),
          expectedVersion: args.expectedVersion,
          actor,
        }),
      ),
  }),
}));
