// The consolidation station's print: an order's Ozon labels (cached from Ozon by the `ozon.labels`
// job, marketplaces/ozon/labels.service.ts) sent to a PDF printer the way every other document goes
// (modules/printing: raw TCP, PRINTER_UNREACHABLE → the device opens the PDF instead).
import type { Db } from '@orderly/schema';
import { DomainError, userError } from '../../core/errors.ts';
import { appendOrderEvent } from '../orders/order.service.ts';
import { sendToPrinter, usablePrinter } from '../printing/printing.service.ts';
import { labelPostingsOf } from './consolidation.service.ts';

export async function printOzonLabels(
  db: Db,
  params: { orderId: string; printerId: string; actor: string },
): Promise<{ printerId: string; bytesSent: number; labelCount: number }> {
  const printer = await usablePrinter(db, params.printerId);
  if (printer.language !== 'PDF') {
    throw new DomainError(userError('PRINTER_LANGUAGE_MISMATCH', `Printer "${printer.name}" prints ${printer.language} labels; Ozon's labels are PDF`, ['printerId']));
  }
  const order = await db.order.findUnique({ where: { id: params.orderId }, select: { id: true } });
  if (!order) throw new DomainError(userError('NOT_FOUND', 'No such order', ['orderId']));
  const postings = await labelPostingsOf(db, order.id);
  if (!postings.length) throw new DomainError(userError('NOT_FOUND', 'This order has no Ozon posting', ['orderId']));
  const missing = postings.filter((p) => !p.labelPdf).map((p) => p.postingNumber);
  if (missing.length) throw new DomainError(userError('NOT_FOUND', `Ozon's label is not ready yet for ${missing.join(', ')}: try again in a minute`, ['orderId']));
  let bytesSent = 0;
  for (const posting of postings) bytesSent += (await sendToPrinter(printer, Buffer.from(posting.labelPdf!))).bytes;
  await db.$transaction((tx) =>
    appendOrderEvent(tx, order.id, {
      type: 'LABEL_PRINTED',
      actor: params.actor,
      data: { source: 'consolidation', postingNumbers: postings.map((p) => p.postingNumber), printer: printer.name },
    }),
  );
  return { printerId: printer.id, bytesSent, labelCount: postings.length };
}
