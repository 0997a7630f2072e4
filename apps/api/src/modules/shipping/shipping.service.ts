import type { Db, LabelFormat } from '@orderly/schema';
import { DomainError, userError } from '../../core/errors.ts';
import { lockRow } from '../common/locks.ts';
import type { Tx } from '../../core/transaction.ts';
import { resolveWarehouse, shipStock } from '../inventory/inventory.service.ts';
import { appendOrderEvent, lineUnits, lockOrder, recordLineProgress, transitionOrder } from '../orders/order.service.ts';
import { lockParcelWithOrder } from '../packing/packing.service.ts';
import { orderReference, recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { assertFitsShippingLabel, sendToPrinter, usablePrinter } from '../printing/printing.service.ts';
import { renderLabel } from './documents.ts';
import { assertRequirementsMet } from '../marketplaces/ozon/marking.service.ts';

export async function resolveCarrier(db: Db | Tx, code: string, field: string[] = ['carrierCode']) {
  const carrier = await db.carrier.findUnique({ where: { code } });
  if (!carrier || !carrier.active) throw new DomainError(userError('UNKNOWN_CARRIER', `No active carrier with code "${code}"`, field));
  return carrier;
}

/**
 * Print (or reprint) a parcel's shipping label. The first print assigns the carrier and marks
 * the parcel LABELLED; reprints are counted and logged. When every parcel of a PACKED order is
 * labelled, the order is READY_TO_SHIP. Returns the label id; rendering happens on read.
 *
 * With `printerId`, the label is rendered now in the printer's language (ZPL at its dpi, or PDF)
 * and sent to it over raw TCP, last, inside the transaction: a printer that cannot be reached is
 * PRINTER_UNREACHABLE and nothing is recorded (no label, no timeline entry), so the floor can fall
 * back to the PDF. Without it, `format` says what the client will fetch and print itself.
 */
export async function printLabel(
  tx: Tx,
  params: { parcelId: string; format?: LabelFormat | null; carrierCode?: string | null; printerId?: string | null; actor: string },
): Promise<{ labelId: string; parcelId: string; orderId: string; printerId?: string; bytesSent?: number }> {
  const printer = params.printerId ? await usablePrinter(tx, params.printerId) : null;
  if (printer) assertFitsShippingLabel(printer);
  const format = printer?.language ?? params.format;
  if (!format) throw new DomainError(userError('INVALID_INPUT', 'Give the label format, or a printer to print on', ['format']));
  const { parcel, order } = await lockParcelWithOrder(tx, { id: params.parcelId }, ['parcelId']);
  if (parcel.status === 'OPEN')
    throw new DomainError(userError('PARCEL_NOT_OPEN', `Seal parcel ${parcel.code} (with its weight) before printing its label`, ['parcelId']));
  const carrier = params.carrierCode
    ? await resolveCarrier(tx, params.carrierCode)
    : parcel.carrierId
      ? await tx.carrier.findUniqueOrThrow({ where: { id: parcel.carrierId } })
      : null;
  if (!carrier) throw new DomainError(userError('UNKNOWN_CARRIER', 'Choose the carrier for the first label', ['carrierCode']));
  if (parcel.manifestId && parcel.carrierId !== carrier.id) {
    throw new DomainError(userError('WRONG_CARRIER', `Parcel ${parcel.code} is already on a hand-over act of another carrier`, ['carrierCode']));
  }

  const reprint = parcel.labels.length > 0;
  const label = await tx.shippingLabel.create({
    data: { parcelId: parcel.id, format, barcodeValue: parcel.code, printCount: (parcel.labels[0]?.printCount ?? 0) + 1 },
  });
  if (parcel.status === 'PACKED' || parcel.carrierId !== carrier.id) {
    await tx.parcel.update({ where: { id: parcel.id }, data: { carrierId: carrier.id, status: parcel.status === 'PACKED' ? 'LABELLED' : parcel.status } });
  }
  await appendOrderEvent(tx, parcel.orderId, {
    type: 'LABEL_PRINTED',
    actor: params.actor,
    data: {
      parcel: parcel.code,
      carrier: carrier.code,
      format,
      reprint,
      printCount: label.printCount,
      ...(printer ? { printer: printer.name, printerId: printer.id } : {}),
    },
  });

  if (order.status === 'PACKED' && (await tx.parcel.count({ where: { orderId: order.id, status: { in: ['OPEN', 'PACKED'] } } })) === 0) {
    await transitionOrder(tx, order, 'READY_TO_SHIP', { actor: params.actor, type: 'STATUS_CHANGED', eventData: { reason: 'all parcels labelled' } });
  }
  if (!printer) return { labelId: label.id, parcelId: parcel.id, orderId: parcel.orderId };
  const document = await renderLabel(tx, label.id, format, { dpi: printer.dpi === 300 ? 300 : 203 });
  const { bytes } = await sendToPrinter(printer, document.encoding === 'BASE64' ? Buffer.from(document.content, 'base64') : document.content);
  return { labelId: label.id, parcelId: parcel.id, orderId: parcel.orderId, printerId: printer.id, bytesSent: bytes };
}

/** Open a hand-over act for one carrier's pickup. */
export async function createManifest(
  tx: Tx,
  params: { carrierCode: string; warehouseCode?: string | null; pickupFrom?: Date | null; pickupTo?: Date | null },
): Promise<{ manifestId: string }> {
  const carrier = await resolveCarrier(tx, params.carrierCode);
  const warehouse = await resolveWarehouse(tx, params.warehouseCode);
  const manifest = await tx.manifest.create({ data: { carrierId: carrier.id, warehouseId: warehouse.id, pickupFrom: params.pickupFrom, pickupTo: params.pickupTo } });
  return { manifestId: manifest.id };
}

async function lockManifest(tx: Tx, manifestId: string) {
  if (!(await lockRow(tx, 'Manifest', manifestId))) throw new DomainError(userError('NOT_FOUND', 'No such hand-over act', ['manifestId']));
  const manifest = await tx.manifest.findUniqueOrThrow({ where: { id: manifestId }, include: { carrier: true } });
  if (manifest.status === 'CLOSED') throw new DomainError(userError('MANIFEST_CLOSED', `Act #${manifest.number} is closed`, ['manifestId']));
  return manifest;
}

/**
 * Scan a parcel onto the act. Only labelled parcels of this carrier whose order is still going
 * out are accepted; scanning a parcel that is already on this act changes nothing.
 */
export async function addParcelToManifest(tx: Tx, params: { manifestId: string; parcelCode: string }): Promise<{ manifestId: string; parcelId: string }> {
  const manifest = await lockManifest(tx, params.manifestId);
  const { parcel, order } = await lockParcelWithOrder(tx, { code: params.parcelCode.trim() }, ['parcelCode']);
  if (parcel.manifestId === manifest.id) return { manifestId: manifest.id, parcelId: parcel.id };
  if (parcel.manifestId) throw new DomainError(userError('ALREADY_IN_MANIFEST', `Parcel ${parcel.code} is already on another act`, ['parcelCode']));
  if (parcel.status !== 'LABELLED') {
    throw new DomainError(userError('PARCEL_NOT_LABELLED', `Parcel ${parcel.code} is ${parcel.status}; only labelled parcels are handed over`, ['parcelCode']));
  }
  if (parcel.carrierId !== manifest.carrierId) {
    throw new DomainError(userError('WRONG_CARRIER', `Parcel ${parcel.code} is labelled for another carrier, not ${manifest.carrier.name}`, ['parcelCode']));
  }
  if (order.status !== 'READY_TO_SHIP') {
    throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; only orders ready to ship are handed over`, ['parcelCode']));
  }
  await tx.parcel.update({ where: { id: parcel.id }, data: { manifestId: manifest.id } });
  return { manifestId: manifest.id, parcelId: parcel.id };
}

export async function removeParcelFromManifest(tx: Tx, params: { manifestId: string; parcelCode: string }): Promise<{ manifestId: string }> {
  const manifest = await lockManifest(tx, params.manifestId);
  const { parcel } = await lockParcelWithOrder(tx, { code: params.parcelCode.trim() }, ['parcelCode']);
  if (parcel.manifestId !== manifest.id) throw new DomainError(userError('NOT_FOUND', `Parcel ${parcel.code} is not on this act`, ['parcelCode']));
  await tx.parcel.update({ where: { id: parcel.id }, data: { manifestId: null } });
  return { manifestId: manifest.id };
}

/** The driver signed: the act closes and its parcels are HANDED_OVER. */
export async function closeManifest(tx: Tx, params: { manifestId: string; actor: string }): Promise<{ manifestId: string }> {
  const manifest = await lockManifest(tx, params.manifestId);
  const parcels = await tx.parcel.findMany({ where: { manifestId: manifest.id }, select: { id: true, code: true, orderId: true, order: { select: { status: true } } } });
  if (!parcels.length) throw new DomainError(userError('MANIFEST_EMPTY', `Act #${manifest.number} has no parcels`, ['manifestId']));
  // An order cancelled or held after its parcel was scanned must not leave with the driver.
  const stopped = parcels.filter((p) => p.order.status !== 'READY_TO_SHIP');
  if (stopped.length) {
    throw new DomainError(
      userError('INVALID_TRANSITION', `Take parcel(s) ${stopped.map((p) => p.code).join(', ')} off the act: their orders are no longer ready to ship`, ['manifestId']),
    );
  }
  const now = new Date();
  await tx.manifest.update({ where: { id: manifest.id }, data: { status: 'CLOSED', closedAt: now } });
  await tx.parcel.updateMany({ where: { manifestId: manifest.id }, data: { status: 'HANDED_OVER', handedOverAt: now } });
  const byOrder = new Map<string, string[]>();
  for (const p of parcels) byOrder.set(p.orderId, [...(byOrder.get(p.orderId) ?? []), p.code]);
  for (const [orderId, codes] of byOrder) {
    await appendOrderEvent(tx, orderId, {
      type: 'HANDED_OVER',
      actor: params.actor,
      data: { manifest: manifest.number, carrier: manifest.carrier.code, parcels: codes },
    });
  }
  return { manifestId: manifest.id };
}

/**
 * Mark the order shipped with the carrier's tracking number(s) per parcel (several allowed).
 * Picked stock leaves on-hand, the shipment is recorded, and a buyer notification plus a
 * `shipment.created` event are queued in the outbox in the same transaction (sent once, later).
 */
export async function shipOrder(
  tx: Tx,
  params: { orderId: string; parcels: { parcelId: string; trackingNumbers: string[] }[]; expectedVersion?: number | null; actor: string },
): Promise<{ orderId: string; shipmentId: string }> {
  const order = await lockOrder(tx, params.orderId, params.expectedVersion, ['orderId']);
  if (order.status !== 'READY_TO_SHIP') {
    throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; label every parcel first (READY_TO_SHIP)`, null));
  }
  // An Ozon order still missing marking codes, a customs declaration or a country: REQUIREMENTS_UNMET, listing them.
  await assertRequirementsMet(tx, order.id);
  const parcels = await tx.parcel.findMany({ where: { orderId: order.id }, orderBy: { sequence: 'asc' } });
  const given = new Map(params.parcels.map((p) => [p.parcelId, p.trackingNumbers.map((n) => n.trim()).filter(Boolean)]));
  const missing = parcels.filter((p) => !given.get(p.id)?.length);
  if (missing.length) {
    throw new DomainError(userError('INVALID_INPUT', `Give at least one tracking number for parcel(s) ${missing.map((p) => p.code).join(', ')}`, ['parcels']));
  }
  const foreign = params.parcels.findIndex((p) => !parcels.some((x) => x.id === p.parcelId));
  if (foreign >= 0) throw new DomainError(userError('NOT_FOUND', 'That parcel is not part of this order', ['parcels', String(foreign), 'parcelId']));
  const carrierIds = new Set(parcels.map((p) => p.carrierId));
  if (carrierIds.size !== 1 || [...carrierIds][0] === null) {
    throw new DomainError(userError('WRONG_CARRIER', 'All parcels of a shipment must be labelled for the same carrier', ['parcels']));
  }
  const carrierId = [...carrierIds][0]!;
  const numbers = [...given.values()].flat();
  const taken = await tx.trackingNumber.findMany({ where: { carrierId, number: { in: numbers } }, select: { number: true } });
  const duplicates = new Set([...taken.map((t) => t.number), ...numbers.filter((n, i) => numbers.indexOf(n) !== i)]);
  if (duplicates.size) throw new DomainError(userError('DUPLICATE_TRACKING', `Tracking number(s) already used: ${[...duplicates].join(', ')}`, ['parcels']));

  const shipment = await tx.shipment.create({ data: { orderId: order.id, carrierId, status: 'IN_TRANSIT' } });
  for (const parcel of parcels) {
    await tx.trackingNumber.createMany({ data: given.get(parcel.id)!.map((number) => ({ shipmentId: shipment.id, parcelId: parcel.id, carrierId, number })) });
  }
  await tx.parcel.updateMany({ where: { orderId: order.id }, data: { status: 'SHIPPED', shipmentId: shipment.id } });
  const warehouseId = order.warehouseId ?? (await resolveWarehouse(tx, null)).id;
  // Stock rows in productId order, like reservations, so shipping and confirming never deadlock.
  for (const line of [...order.lines].sort((a, b) => a.productId.localeCompare(b.productId))) {
    const units = lineUnits(line) - line.quantityShipped;
    if (units <= 0) continue;
    await shipStock(tx, { orderId: order.id, productId: line.productId, warehouseId, quantity: units, actor: params.actor, reference: `shipment:${shipment.id}` });
    await recordLineProgress(tx, line.id, { shipped: units });
  }
  const carrier = await tx.carrier.findUniqueOrThrow({ where: { id: carrierId } });
  await transitionOrder(tx, order, 'SHIPPED', {
    actor: params.actor,
    type: 'SHIPPED',
    data: { shippedAt: new Date() },
    eventData: { carrier: carrier.code, trackingNumbers: numbers },
  });
  await recordOutboxEvent(tx, {
    type: 'shipment.created',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { ...orderReference(order), carrier: carrier.code, trackingNumbers: numbers },
  });
  // The buyer hears about it through the channel (or e-mail/SMS): queued now, sent exactly once by the notifier.
  await recordOutboxEvent(tx, {
    type: 'notification.order_shipped',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: {
      ...orderReference(order),
      carrier: carrier.name,
      trackingNumbers: numbers,
      trackingUrls: carrier.trackingUrlTemplate ? numbers.map((n) => carrier.trackingUrlTemplate!.replace('{trackingNumber}', encodeURIComponent(n))) : [],
    },
  });
  return { orderId: order.id, shipmentId: shipment.id };
}

export interface PickupWindow {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  from: string;
  to: string;
}

/** Create or update a carrier by code (carriers are data: name, tracking link, pickup windows). */
export async function saveCarrier(
  tx: Tx,
  input: { code: string; name: string; trackingUrlTemplate?: string | null; pickupWindows?: PickupWindow[] | null; active?: boolean | null },
): Promise<{ carrierId: string }> {
  const code = input.code.trim().toLowerCase();
  if (!/^[a-z0-9_-]{2,32}$/.test(code)) throw new DomainError(userError('INVALID_INPUT', 'Carrier codes are 2–32 lowercase letters, digits, - or _', ['input', 'code']));
  if (input.trackingUrlTemplate && !/^https?:\/\/.+\{trackingNumber\}/.test(input.trackingUrlTemplate)) {
    throw new DomainError(userError('INVALID_INPUT', 'The tracking link must be an http(s) URL containing {trackingNumber}', ['input', 'trackingUrlTemplate']));
  }
  const bad = (input.pickupWindows ?? []).findIndex(
    (w) => w.weekday < 1 || w.weekday > 7 || !/^\d{2}:\d{2}$/.test(w.from) || !/^\d{2}:\d{2}$/.test(w.to) || w.from >= w.to,
  );
  if (bad >= 0) throw new DomainError(userError('INVALID_INPUT', 'A pickup window needs a weekday 1–7 and from < to as HH:MM', ['input', 'pickupWindows', String(bad)]));
  const data = {
    name: input.name.trim(),
    trackingUrlTemplate: input.trackingUrlTemplate ?? null,
    ...(input.pickupWindows ? { pickupWindows: input.pickupWindows.map((w) => ({ ...w })) } : {}),
    ...(input.active != null ? { active: input.active } : {}),
  };
  const carrier = await tx.carrier.upsert({ where: { code }, create: { code, ...data }, update: data });
  return { carrierId: carrier.id };
}
