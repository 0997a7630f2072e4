// Cross-border in GraphQL: domestic (in-China) tracking numbers of an order (record, import, remove),
// the consolidation station's scan and its Ozon label print, the "domestic overdue" flag and list,
// and the cut-off warning (Order.cutoffState, MarketplacePosting.cutoffSoon).
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { DomainError, userError } from '../../core/errors.ts';
import { catchUserErrors, idempotencyArgs, type PayloadShape, payloadType, runMutation } from '../common/mutation.ts';
import '../marketplaces/marketplaces.graphql.ts'; // MarketplacePosting (OzonPosting), extended below
import { Order } from '../orders/order.type.ts';
import { Printer } from '../printing/printer.type.ts';
import {
  addDomesticTracking,
  cutoffState,
  cutoffWarningHours,
  type DomesticTrackingResult,
  domesticOverdueDays,
  domesticOverdueWhere,
  isDomesticParcelOverdue,
  labelPostingsOf,
  type ReceiveResult,
  receiveDomesticParcel,
  removeDomesticTracking,
} from './consolidation.service.ts';
import { printOzonLabels } from './consolidation-print.ts';

/** At most this many rows in one importDomesticTracking call. */
const maxImport = 200;

export const CutoffStateEnum = builder.enumType('CutoffState', {
  description: `Where an order not handed over yet stands against its cut-off (ship-by): OK, SOON (within CUTOFF_WARNING_HOURS, default ${cutoffWarningHours} h) or PAST.`,
  values: {
    OK: { description: 'More time than the warning window.' },
    SOON: { description: 'The cut-off is near: work it first.' },
    PAST: { description: 'The cut-off has passed: the marketplace may refuse or fine it.' },
  } as const,
});

export const DomesticParcel = builder.prismaNode('DomesticParcel', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'shipments:read' },
  description: 'Cross-border: a parcel sent inside China (SF, ZTO, YTO…) to the consolidation warehouse for an order.',
  fields: (t) => ({
    carrier: t.exposeString('carrier', { description: 'The domestic carrier code, lower case (sf, zto, yto, jd…).' }),
    trackingNumber: t.exposeString('trackingNumber', { description: 'As stored: upper case, no spaces.' }),
    sentAt: t.expose('sentAt', { type: 'DateTime', description: 'When it was handed to the domestic carrier.' }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', nullable: true, description: 'When the consolidation warehouse scanned it in.' }),
    receivedBy: t.exposeString('receivedBy', { nullable: true, description: '`user:<id>` or `apikey:<id>` who scanned it in.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    overdue: t.boolean({
      description: `Not received DOMESTIC_PARCEL_OVERDUE_DAYS (default ${domesticOverdueDays}) days after it was sent, while its order still waits.`,
      select: { receivedAt: true, sentAt: true, order: { select: { status: true } } },
      resolve: (p, _args, ctx) => isDomesticParcelOverdue(p, p.order.status, ctx.now),
    }),
    order: t.relation('order', { type: Order, nullable: true, description: 'The order it belongs to (needs orders:read).' }),
  }),
});

builder.prismaObjectFields('Order', (t) => ({
  cutoffState: t.field({
    type: CutoffStateEnum,
    nullable: true,
    description: 'The cut-off warning: SOON within CUTOFF_WARNING_HOURS of ship-by, PAST after it; null once the order has left or was cancelled.',
    select: { status: true, shipBy: true },
    resolve: (o, _args, ctx) => cutoffState(o, ctx.now),
  }),
  domesticParcels: t.relation('domesticParcels', {
    type: DomesticParcel,
    nullable: true,
    description: 'Cross-border: its domestic (in-China) parcels, oldest first (needs shipments:read).',
    query: { orderBy: [{ sentAt: 'asc' }, { id: 'asc' }] },
  }),
  domesticOverdue: t.boolean({
    description: 'Cross-border: a domestic parcel has not reached the consolidation warehouse in time (DOMESTIC_PARCEL_OVERDUE_DAYS).',
    select: { status: true, domesticParcels: { where: { receivedAt: null }, select: { receivedAt: true, sentAt: true } } },
    resolve: (o, _args, ctx) => o.domesticParcels.some((p) => isDomesticParcelOverdue(p, o.status, ctx.now)),
  }),
}));

builder.prismaObjectFields('OzonPosting', (t) => ({
  cutoffSoon: t.boolean({
    description: 'Not handed over yet and its cut-off is within CUTOFF_WARNING_HOURS (not past yet: see pastCutoff).',
    select: { status: true, shipmentDate: true },
    resolve: (p, _args, ctx) => {
      if (!p.shipmentDate || !beforeHandOver.has(p.status)) return false;
      const left = p.shipmentDate.getTime() - ctx.now.getTime();
      return left > 0 && left <= cutoffWarningHours * 3_600_000;
    },
  }),
}));

/** Ozon statuses before hand-over (as marketplaces.graphql.ts's pastCutoff). */
const beforeHandOver = new Set([
  'awaiting_registration',
  'acceptance_in_progress',
  'awaiting_approve',
  'awaiting_verification',
  'awaiting_packaging',
  'awaiting_deliver',
]);

builder.queryFields((t) => ({
  domesticOverdueOrders: t.prismaConnection({
    type: Order,
    cursor: 'id',
    authScopes: { permission: ['orders:read', 'shipments:read'] },
    description: `Cross-border: orders still to leave with a domestic parcel not received DOMESTIC_PARCEL_OVERDUE_DAYS (default ${domesticOverdueDays}) days after it was sent, nearest ship-by first.`,
    resolve: (query, _root, _args, ctx) => ctx.db.order.findMany({ ...query, where: domesticOverdueWhere(ctx.now), orderBy: [{ shipBy: 'asc' }, { id: 'asc' }] }),
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const DomesticTrackingPayload = payloadType<DomesticTrackingResult>('DomesticTrackingPayload', {
  fields: (t) => ({
    domesticParcel: t.prismaField({
      type: DomesticParcel,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.domesticParcelId ? ctx.db.domesticParcel.findUnique({ ...q, where: { id: p.domesticParcelId } }) : null),
    }),
    created: t.boolean({
      nullable: true,
      description: 'False when this number was already recorded for this order (nothing changed).',
      resolve: (p) => p.created ?? null,
    }),
    order: t.prismaField({
      type: Order,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...q, where: { id: p.orderId } }) : null),
    }),
  }),
});

const RemoveDomesticTrackingPayload = payloadType<{ orderId: string; removedId: string }>('RemoveDomesticTrackingPayload', {
  fields: (t) => ({
    removedDomesticParcelId: t.id({ nullable: true, resolve: (p) => (p.removedId ? Buffer.from(`DomesticParcel:${p.removedId}`).toString('base64') : null) }),
    order: t.prismaField({
      type: Order,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...q, where: { id: p.orderId } }) : null),
    }),
  }),
});

const ReceiveDomesticParcelPayload = payloadType<ReceiveResult>('ReceiveDomesticParcelPayload', {
  description: "The consolidation scan: the parcel now received, its order, and the Ozon postings whose labels go on the order's boxes.",
  fields: (t) => ({
    domesticParcel: t.prismaField({
      type: DomesticParcel,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.domesticParcelId ? ctx.db.domesticParcel.findUnique({ ...q, where: { id: p.domesticParcelId } }) : null),
    }),
    alreadyReceived: t.boolean({
      nullable: true,
      description: 'It had been scanned in before: nothing changed (print its label again if needed).',
      resolve: (p) => p.alreadyReceived ?? null,
    }),
    order: t.prismaField({
      type: Order,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...q, where: { id: p.orderId } }) : null),
    }),
    ozonPostings: t.prismaField({
      type: ['OzonPosting'],
      nullable: true,
      description: "The order's Ozon postings whose labels go on its boxes (its posting, or the parts it was split into); empty for an order not from Ozon.",
      resolve: async (q, p, _a, ctx) => {
        if (!p.orderId) return [];
        const ids = (await labelPostingsOf(ctx.db, p.orderId)).map((posting) => posting.id);
        return ctx.db.ozonPosting.findMany({ ...q, where: { id: { in: ids } }, orderBy: { postingNumber: 'asc' } });
      },
    }),
  }),
});

const PrintOzonLabelsPayload = payloadType<{ printerId: string; bytesSent: number; labelCount: number }>('PrintOzonLabelsPayload', {
  description: "Ozon's labels reached the printer (no userErrors), or why not (PRINTER_UNREACHABLE: open the PDF instead; NOT_FOUND: Ozon's label is not ready yet).",
  fields: (t) => ({
    printer: t.prismaField({
      type: Printer,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.printerId ? ctx.db.printer.findUnique({ ...q, where: { id: p.printerId } }) : null),
    }),
    labelCount: t.int({ nullable: true, description: 'Labels sent (one per Ozon posting).', resolve: (p) => p.labelCount ?? null }),
    bytesSent: t.int({ nullable: true, resolve: (p) => p.bytesSent ?? null }),
  }),
});

const DomesticTrackingImportInput = builder.inputType('DomesticTrackingImportInput', {
  description: 'One domestic parcel: name the order by its id, or by channel + externalId (e.g. ozon + the posting number).',
  fields: (t) => ({
    orderId: t.globalID({ required: false }),
    channel: t.string({ required: false }),
    externalId: t.string({ required: false, description: "The channel's id of the order (the Ozon posting number)." }),
    carrier: t.string({ description: 'Domestic carrier code: sf, zto, yto, jd…' }),
    trackingNumber: t.string(),
    sentAt: t.field({ type: 'DateTime', required: false, description: 'When it was handed to the domestic carrier (default: now).' }),
  }),
});

type ImportRow = PayloadShape<DomesticTrackingResult, { index: number; trackingNumber: string }>;

const DomesticTrackingImportResult = payloadType<DomesticTrackingResult, { index: number; trackingNumber: string }>('DomesticTrackingImportResult', {
  description: 'The outcome of one row of importDomesticTracking.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the row in the request.' }),
    trackingNumber: t.exposeString('trackingNumber', { description: 'As sent.' }),
    created: t.boolean({ nullable: true, description: 'False when already recorded for that order (nothing changed).', resolve: (r) => r.created ?? null }),
    domesticParcel: t.prismaField({
      type: DomesticParcel,
      nullable: true,
      resolve: (q, r, _a, ctx) => (r.domesticParcelId ? ctx.db.domesticParcel.findUnique({ ...q, where: { id: r.domesticParcelId } }) : null),
    }),
  }),
});

const ImportDomesticTrackingPayload = builder.objectRef<{ results: ImportRow[] }>('ImportDomesticTrackingPayload').implement({
  fields: (t) => ({
    results: t.field({ type: [DomesticTrackingImportResult], description: 'One per row, in request order.', resolve: (p) => p.results }),
    createdCount: t.int({ resolve: (p) => p.results.filter((r) => r.created === true).length }),
    unchangedCount: t.int({ resolve: (p) => p.results.filter((r) => r.created === false).length }),
    failedCount: t.int({ resolve: (p) => p.results.filter((r) => r.userErrors.length > 0).length }),
  }),
});

builder.mutationFields((t) => ({
  addDomesticTracking: t.field({
    type: DomesticTrackingPayload,
    authScopes: { permission: 'shipping' },
    description:
      'Cross-border: record a domestic (in-China) tracking number for an order (several per order). Unique per carrier + number: the same number for the same ' +
      'order again changes nothing; for another order it is refused (DUPLICATE_TRACKING). Written on the timeline.',
    args: {
      orderId: t.arg.globalID({ for: Order }),
      carrier: t.arg.string({ description: 'Domestic carrier code: sf, zto, yto, jd…' }),
      trackingNumber: t.arg.string(),
      sentAt: t.arg({ type: 'DateTime', required: false, description: 'When it was handed to the domestic carrier (default: now).' }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'addDomesticTracking', args, (tx, actor) =>
        addDomesticTracking(tx, { orderId: args.orderId.id, carrier: args.carrier, trackingNumber: args.trackingNumber, sentAt: args.sentAt }, { actor, now: ctx.now }),
      ),
  }),
  importDomesticTracking: t.field({
    type: ImportDomesticTrackingPayload,
    authScopes: { permission: 'shipping' },
    description: `Cross-border, for integrators: record up to ${maxImport} domestic tracking numbers at once. Each row stands alone (a bad one does not stop the others); rows already recorded change nothing.`,
    args: {
      entries: t.arg({ type: [DomesticTrackingImportInput], validate: z.array(z.any()).min(1).max(maxImport, `At most ${maxImport} rows per call`) }),
      ...idempotencyArgs,
    },
    resolve: async (_root, args, ctx) => {
      const results: ImportRow[] = [];
      for (const [index, entry] of args.entries.entries()) {
        const key = args.idempotencyKey ? `${args.idempotencyKey}:${index}` : null;
        const root = ['entries', index];
        const result = await runMutation(ctx, 'importDomesticTracking', { entry, idempotencyKey: key }, async (tx, actor) => {
          let orderId = entry.orderId?.typename === 'Order' ? entry.orderId.id : null;
          if (entry.orderId && !orderId) throw new DomainError(userError('NOT_FOUND', 'Not an order id', [...root, 'orderId']));
          if (!orderId && entry.channel && entry.externalId) {
            const order = await tx.order.findUnique({
              where: { channel_externalId: { channel: entry.channel.trim().toLowerCase(), externalId: entry.externalId.trim() } },
              select: { id: true },
            });
            if (!order) throw new DomainError(userError('NOT_FOUND', `No ${entry.channel} order ${entry.externalId.slice(0, 60)}`, [...root, 'externalId']));
            orderId = order.id;
          }
          if (!orderId) throw new DomainError(userError('INVALID_INPUT', 'Name the order: orderId, or channel and externalId', [...root, 'orderId']));
          return addDomesticTracking(tx, { orderId, carrier: entry.carrier, trackingNumber: entry.trackingNumber, sentAt: entry.sentAt }, { actor, now: ctx.now, root });
        });
        results.push({ index, trackingNumber: entry.trackingNumber, ...result });
      }
      return { results };
    },
  }),
  removeDomesticTracking: t.field({
    type: RemoveDomesticTrackingPayload,
    authScopes: { permission: 'shipping' },
    description: 'Cross-border: remove a domestic tracking number recorded by mistake (written on the timeline). One already received stays.',
    args: { id: t.arg.globalID({ for: DomesticParcel }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'removeDomesticTracking', args, (tx, actor) => removeDomesticTracking(tx, args.id.id, { actor, now: ctx.now })),
  }),
  receiveDomesticParcel: t.field({
    type: ReceiveDomesticParcelPayload,
    authScopes: { permission: 'shipping' },
    description:
      "The consolidation station's scan: the domestic parcel with this tracking number is marked received (timeline) and its order and Ozon postings returned, " +
      'so its Ozon label can be printed. UNKNOWN_TRACKING_NUMBER: no order has it; ORDER_CANCELLED: set the parcel aside; scanned twice: alreadyReceived.',
    args: {
      trackingNumber: t.arg.string({ validate: z.string().trim().min(1).max(100) }),
      carrier: t.arg.string({ required: false, description: 'Only needed when two carriers use the same number.' }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) => runMutation(ctx, 'receiveDomesticParcel', args, (tx, actor) => receiveDomesticParcel(tx, args, { actor, now: ctx.now })),
  }),
  printOzonLabels: t.field({
    type: PrintOzonLabelsPayload,
    authScopes: { permission: ['shipping', 'documents:print'] },
    description:
      "Send an order's Ozon labels (one per posting or split part, as fetched from Ozon) to a PDF printer over raw TCP now, and note it on the timeline. " +
      "PRINTER_UNREACHABLE: open the labels' PDF on the device instead; NOT_FOUND at orderId: Ozon's label is not there yet.",
    args: { orderId: t.arg.globalID({ for: Order }), printerId: t.arg.globalID({ for: Printer }) },
    resolve: (_root, args, ctx) =>
      catchUserErrors(() => printOzonLabels(ctx.db, { orderId: args.orderId.id, printerId: args.printerId.id, actor: ctx.viewer?.actor ?? 'anonymous' })),
  }),
}));
