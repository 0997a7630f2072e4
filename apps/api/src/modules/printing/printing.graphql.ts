import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder.ts';
import { catchUserErrors, idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { LabelFormatEnum, Printer, PrintStationEnum } from './printer.type.ts';
import { z } from 'zod';
import { Order } from '../orders/order.type.ts';
import { DocumentLocaleEnum, Manifest } from '../shipping/shipping.graphql.ts';
import { createPrinter, deletePrinter, printManifestAct, printPackingSlip, testPrinter, updatePrinter } from './printing.service.ts';

const CreatePrinterInput = builder.inputType('CreatePrinterInput', {
  fields: (t) => ({
    name: t.string({ description: 'What the floor sees ("Pack table 1"); unique, 1–60 characters.' }),
    host: t.string({ description: 'Host name or IP address only: no http://, no port, no path.' }),
    port: t.int({ required: false, description: 'Raw TCP port, 1–65535. Default 9100.' }),
    language: t.field({ type: LabelFormatEnum }),
    labelWidthMm: t.int({ required: false, description: 'Default 100.' }),
    labelHeightMm: t.int({ required: false, description: 'Default 150. Shipping labels need 100×150 mm.' }),
    dpi: t.int({ required: false, description: '203 (default) or 300.' }),
    active: t.boolean({ required: false }),
    stations: t.field({ type: [PrintStationEnum], required: false, description: 'Make it the default printer of these stations.' }),
  }),
});

const UpdatePrinterInput = builder.inputType('UpdatePrinterInput', {
  description: 'Only the fields given change. `stations` replaces the stations this printer is the default of; `active: false` also clears them.',
  fields: (t) => ({
    name: t.string({ required: false }),
    host: t.string({ required: false }),
    port: t.int({ required: false }),
    language: t.field({ type: LabelFormatEnum, required: false }),
    labelWidthMm: t.int({ required: false }),
    labelHeightMm: t.int({ required: false }),
    dpi: t.int({ required: false }),
    active: t.boolean({ required: false }),
    stations: t.field({ type: [PrintStationEnum], required: false }),
  }),
});

const PrinterPayload = payloadType<{ printerId: string }>('PrinterPayload', {
  fields: (t) => ({
    printer: t.prismaField({
      type: Printer,
      nullable: true,
      resolve: (q, p, _a, ctx) => (p.printerId ? ctx.db.printer.findUnique({ ...q, where: { id: p.printerId } }) : null),
    }),
  }),
});

const DeletePrinterPayload = payloadType<{ deletedPrinterId: string }>('DeletePrinterPayload', {
  fields: (t) => ({
    deletedPrinterId: t.id({ nullable: true, resolve: (p) => (p.deletedPrinterId ? encodeGlobalID('Printer', p.deletedPrinterId) : null) }),
  }),
});

/** What a print answers: the printer and how many bytes it took, or why not (userErrors). */
const printJobPayload = (name: string, description: string) =>
  payloadType<{ printerId: string; bytesSent: number }>(name, {
    description,
    fields: (t) => ({
      printer: t.prismaField({
        type: Printer,
        nullable: true,
        resolve: (q, p, _a, ctx) => (p.printerId ? ctx.db.printer.findUnique({ ...q, where: { id: p.printerId } }) : null),
      }),
      bytesSent: t.int({ nullable: true, resolve: (p) => p.bytesSent ?? null }),
    }),
  });

const TestPrinterPayload = printJobPayload('TestPrinterPayload', 'The test label reached the printer (no userErrors), or why not (PRINTER_UNREACHABLE…).');
const PrintJobPayload = printJobPayload('PrintJobPayload', 'The document reached the printer (no userErrors), or why not (PRINTER_UNREACHABLE: open the PDF instead).');

builder.queryFields((t) => ({
  printers: t.prismaField({
    authScopes: { permission: 'documents:print' },
    type: [Printer],
    description: "The network label printers, by name, with the stations each is the default of. A device's own choice is kept on the device.",
    args: { includeInactive: t.arg.boolean({ required: false, defaultValue: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.printer.findMany({ ...query, where: args.includeInactive === false ? { active: true } : {}, orderBy: { name: 'asc' } }),
  }),
}));

builder.mutationFields((t) => ({
  createPrinter: t.field({
    authScopes: { permission: 'printers:manage' },
    type: PrinterPayload,
    description: 'Add a network label printer (and make it the default of some stations).',
    args: { input: t.arg({ type: CreatePrinterInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'createPrinter', args, (tx) => createPrinter(tx, args.input)),
  }),
  updatePrinter: t.field({
    authScopes: { permission: 'printers:manage' },
    type: PrinterPayload,
    args: { id: t.arg.globalID({ for: Printer }), input: t.arg({ type: UpdatePrinterInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'updatePrinter', args, (tx) => updatePrinter(tx, args.id.id, args.input)),
  }),
  deletePrinter: t.field({
    authScopes: { permission: 'printers:manage' },
    type: DeletePrinterPayload,
    description: 'Remove a printer; the stations it was the default of then have none.',
    args: { id: t.arg.globalID({ for: Printer }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'deletePrinter', args, (tx) => deletePrinter(tx, args.id.id)),
  }),
  printManifestAct: t.field({
    authScopes: { permission: ['shipping', 'documents:print'] },
    type: PrintJobPayload,
    description:
      'Send a hand-over act (the PDF of `Manifest.act`) to a PDF printer over raw TCP now. PRINTER_UNREACHABLE: print the PDF from the device instead; PRINTER_LANGUAGE_MISMATCH: a ZPL label printer. Writes nothing.',
    args: { manifestId: t.arg.globalID({ for: Manifest }), printerId: t.arg.globalID({ for: Printer }) },
    resolve: (_root, args, ctx) => catchUserErrors(() => printManifestAct(ctx.db, { manifestId: args.manifestId.id, printerId: args.printerId.id })),
  }),
  printPackingSlip: t.field({
    authScopes: { permission: 'documents:print' },
    type: PrintJobPayload,
    description: 'Send the packing slip (as `packingSlip` renders it) to a PDF printer over raw TCP now; the same answers as printManifestAct. Writes nothing.',
    args: {
      orderId: t.arg.globalID({ for: Order }),
      printerId: t.arg.globalID({ for: Printer }),
      locale: t.arg({ type: DocumentLocaleEnum, required: false }),
      message: t.arg.string({ required: false, validate: z.string().max(500) }),
    },
    resolve: async (_root, args, ctx) => {
      const result = await catchUserErrors(() =>
        printPackingSlip(ctx.db, { orderId: args.orderId.id, printerId: args.printerId.id, locale: args.locale ?? 'ru', message: args.message }),
      );
      // The slip names the recipient: an audited read of buyer data.
      if (!result.userErrors.length) ctx.pii.record('Order', args.orderId.id, 'document.packingSlip');
      return result;
    },
  }),
  testPrinter: t.field({
    authScopes: { permission: 'documents:print' },
    type: TestPrinterPayload,
    description: "Send a small test label (the printer's name, address, label size and a barcode) to the printer now. Writes nothing.",
    args: { printerId: t.arg.globalID({ for: Printer }) },
    resolve: (_root, args, ctx) => catchUserErrors(() => testPrinter(ctx.db, args.printerId.id)),
  }),
}));
