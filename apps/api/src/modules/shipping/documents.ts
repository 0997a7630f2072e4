// Builds the printable documents (labels, hand-over acts, packing slips) from the database.
// Rendering itself lives in the documents module; this file only gathers the data.
import type { Db, LabelFormat } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';
import { binaryDocument, type DocumentShape } from '../../core/document.ts';
import { ozonLabelForParcel } from '../marketplaces/ozon/labels.service.ts';
import { type LabelData, renderManifestPdf, renderPackingSlipPdf, renderShippingLabelPdf, renderShippingLabelZpl, type ZplOptions } from '../documents/index.ts';

const pdf = (filename: string, bytes: Buffer) => binaryDocument(filename, 'application/pdf', bytes);

/** The sender printed on labels: the warehouse the order ships from. */
function senderOf(warehouse: { name: string; address: string }) {
  return { name: warehouse.name, lines: [warehouse.address], city: '', postalCode: '', countryCode: 'RU' };
}

/** A label as a file; `zpl` sets the printer's resolution (and fonts) for ZPL. Reads through a transaction too (printing to a printer). */
export async function renderLabel(db: Db | Tx, labelId: string, format: LabelFormat, zpl: ZplOptions = {}): Promise<DocumentShape> {
  const label = await db.shippingLabel.findUniqueOrThrow({
    where: { id: labelId },
    include: {
      parcel: {
        include: {
          carrier: true,
          trackingNumbers: { orderBy: { number: 'asc' } },
          order: { include: { warehouse: true, reshipOf: { select: { number: true } }, _count: { select: { parcels: true } } } },
        },
      },
    },
  });
  const { parcel } = label;
  if (format === 'PDF') {
    // An Ozon order's parcel carries Ozon's own label, once fetched (marketplaces/ozon/labels.service.ts).
    const ozonLabel = await ozonLabelForParcel(db, parcel);
    if (ozonLabel) return pdf(`${parcel.code}.pdf`, ozonLabel);
  }
  const order = parcel.order;
  const warehouse = order.warehouse ?? (await db.warehouse.findFirstOrThrow({ orderBy: { createdAt: 'asc' } }));
  const trackingNumber = parcel.trackingNumbers[0]?.number ?? null;
  const data: LabelData = {
    parcelCode: parcel.code,
    trackingNumber,
    carrierName: parcel.carrier?.name ?? '',
    orderNumber: order.number,
    externalId: order.externalId,
    reshipOf: order.reshipOf?.number ?? null,
    parcelSequence: parcel.sequence,
    parcelCount: order._count.parcels,
    weightGrams: parcel.weightGrams,
    sender: senderOf(warehouse),
    recipient: {
      name: order.shipName,
      phone: order.shipPhone,
      lines: [order.shipAddress1, order.shipAddress2].filter((l): l is string => !!l),
      city: order.shipCity,
      postalCode: order.shipPostalCode,
      countryCode: order.shipCountryCode,
    },
    qrPayload: JSON.stringify({ parcel: parcel.code, order: order.number, ...(trackingNumber ? { tracking: trackingNumber } : {}) }),
    createdAt: label.createdAt,
  };
  if (format === 'ZPL') return { filename: `${parcel.code}.zpl`, contentType: 'application/zpl', content: renderShippingLabelZpl(data, zpl), encoding: 'UTF8' };
  return pdf(`${parcel.code}.pdf`, await renderShippingLabelPdf(data));
}

export async function renderManifestAct(db: Db, manifestId: string): Promise<DocumentShape> {
  const manifest = await db.manifest.findUniqueOrThrow({
    where: { id: manifestId },
    include: {
      carrier: true,
      warehouse: true,
      parcels: {
        orderBy: { code: 'asc' },
        include: { trackingNumbers: { orderBy: { number: 'asc' } }, order: { select: { number: true, externalId: true, shipCity: true } } },
      },
    },
  });
  const bytes = await renderManifestPdf({
    number: manifest.number,
    carrierName: manifest.carrier.name,
    warehouseName: manifest.warehouse.name,
    warehouseAddress: manifest.warehouse.address,
    pickupFrom: manifest.pickupFrom,
    pickupTo: manifest.pickupTo,
    closedAt: manifest.closedAt ?? manifest.createdAt,
    parcels: manifest.parcels.map((p) => ({
      parcelCode: p.code,
      trackingNumbers: p.trackingNumbers.map((t) => t.number),
      orderNumber: p.order.number,
      externalId: p.order.externalId,
      weightGrams: p.weightGrams,
      recipientCity: p.order.shipCity,
    })),
  });
  return pdf(`act-${manifest.number}.pdf`, bytes);
}

/** The slip for an order, or null when there is no such order. */
export async function renderPackingSlip(db: Db, orderId: string, locale: 'ru' | 'zh-CN' | 'en', message?: string | null): Promise<DocumentShape | null> {
  const order = await db.order.findUnique({ where: { id: orderId }, include: { lines: { orderBy: { position: 'asc' } }, reshipOf: { select: { number: true } } } });
  if (!order) return null;
  const bytes = await renderPackingSlipPdf({
    orderNumber: order.number,
    externalId: order.externalId,
    reshipOf: order.reshipOf?.number ?? null,
    recipientName: order.shipName,
    lines: order.lines.filter((l) => l.quantity > l.quantityCancelled).map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity - l.quantityCancelled })),
    message,
    locale,
  });
  return pdf(`slip-${order.number}.pdf`, bytes);
}
