import fs from 'node:fs/promises';
import path from 'node:path';
import type { Parcel } from '@orderly/schema';
import { DomainError, userError } from '../../core/errors.ts';
import { findProductByCode } from '../catalog/catalog.service.ts';
import { lockRow } from '../common/locks.ts';
import type { Tx } from '../../core/transaction.ts';
import { appendOrderEvent, lineUnits, lockOrder, recordLineProgress, transitionOrder } from '../orders/order.service.ts';
import { configNow } from '../../core/config.ts';
import { assertRequirementsMet } from '../marketplaces/ozon/marking.service.ts';

/** Orders in these statuses are at the packing table. */
const packableStatuses = new Set(['PICKED']);

/**
 * Locks a parcel and its order — the order first, as every operation on an order does, so two
 * packers (or a packer and a label printer) never deadlock. Finds the parcel by id or label code.
 */
export async function lockParcelWithOrder(tx: Tx, where: { id: string } | { code: string }, field: string[]) {
  const found = await tx.parcel.findUnique({ where, select: { id: true, orderId: true } });
  if (!found) throw new DomainError(userError('NOT_FOUND', 'No such parcel', field));
  const order = await lockOrder(tx, found.orderId);
  await lockRow(tx, 'Parcel', found.id);
  const parcel = await tx.parcel.findUniqueOrThrow({ where: { id: found.id }, include: { items: true, labels: { orderBy: { createdAt: 'desc' }, take: 1 } } });
  return { parcel, order };
}

function assertPackable(order: { number: number; status: string }) {
  if (!packableStatuses.has(order.status)) {
    throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; only picked orders are packed`, null));
  }
}

function assertOpen(parcel: Parcel) {
  if (parcel.status !== 'OPEN') throw new DomainError(userError('PARCEL_NOT_OPEN', `Parcel ${parcel.code} is ${parcel.status}; reopen it first`, ['parcelId']));
}

/** A new box for the order (a second one splits the order into several parcels). */
export async function openParcel(tx: Tx, params: { orderId: string; boxPresetCode?: string | null; actor: string }): Promise<{ parcelId: string }> {
  const order = await lockOrder(tx, params.orderId, null, ['orderId']);
  assertPackable(order);
  const preset = params.boxPresetCode ? await tx.boxPreset.findUnique({ where: { code: params.boxPresetCode } }) : null;
  if (params.boxPresetCode && !preset) throw new DomainError(userError('NOT_FOUND', `No box preset "${params.boxPresetCode}"`, ['boxPresetCode']));
  const sequence = (await tx.parcel.count({ where: { orderId: order.id } })) + 1;
  const parcel = await tx.parcel.create({
    data: {
      orderId: order.id,
      sequence,
      code: `P${order.number}-${sequence}`,
      boxPresetId: preset?.id ?? null,
      lengthMm: preset?.lengthMm,
      widthMm: preset?.widthMm,
      heightMm: preset?.heightMm,
    },
  });
  return { parcelId: parcel.id };
}

/**
 * The packer scanned an item into a parcel (the given one, else the order's open parcel, else a
 * new one). It must belong to the order and not exceed what was picked for it.
 */
export async function scanPack(
  tx: Tx,
  params: { orderId: string; parcelId?: string | null; code: string; quantity?: number | null; actor: string },
): Promise<{ parcelId: string; orderId: string }> {
  const quantity = params.quantity ?? 1;
  if (quantity < 1) throw new DomainError(userError('INVALID_QUANTITY', 'Scan at least one unit', ['quantity']));
  const order = await lockOrder(tx, params.orderId, null, ['orderId']);
  assertPackable(order);
  const product = await findProductByCode(tx, params.code.trim());
  const line = product ? order.lines.find((l) => l.productId === product.id && lineUnits(l) > 0) : undefined;
  if (!line) throw new DomainError(userError('WRONG_ITEM', product ? `${product.sku} is not part of order #${order.number}` : `Unknown code "${params.code}"`, ['code']));
  if (line.quantityPacked + quantity > line.quantityPicked) {
    throw new DomainError(userError('OVER_PACK', `Only ${line.quantityPicked - line.quantityPacked} more of ${line.sku} to pack`, ['quantity']));
  }

  let parcelId = params.parcelId;
  if (!parcelId) {
    const open = await tx.parcel.findFirst({ where: { orderId: order.id, status: 'OPEN' }, orderBy: { sequence: 'desc' } });
    parcelId = open?.id ?? (await openParcel(tx, { orderId: order.id, actor: params.actor })).parcelId;
  }
  const { parcel } = await lockParcelWithOrder(tx, { id: parcelId }, ['parcelId']);
  if (parcel.orderId !== order.id) throw new DomainError(userError('WRONG_ITEM', `Parcel ${parcel.code} belongs to another order`, ['parcelId']));
  assertOpen(parcel);

  await tx.parcelItem.upsert({
    where: { parcelId_orderLineId: { parcelId: parcel.id, orderLineId: line.id } },
    create: { parcelId: parcel.id, orderLineId: line.id, quantity },
    update: { quantity: { increment: quantity } },
  });
  await recordLineProgress(tx, line.id, { packed: quantity });
  await appendOrderEvent(tx, order.id, { type: 'ITEM_PACKED', actor: params.actor, data: { sku: line.sku, quantity, parcel: parcel.code } });
  return { parcelId: parcel.id, orderId: order.id };
}

/** Take units back out of an open parcel (wrong box, repack). */
export async function unpackItem(
  tx: Tx,
  params: { parcelId: string; code: string; quantity?: number | null; actor: string },
): Promise<{ parcelId: string; orderId: string }> {
  const quantity = params.quantity ?? 1;
  const { parcel, order } = await lockParcelWithOrder(tx, { id: params.parcelId }, ['parcelId']);
  assertPackable(order);
  assertOpen(parcel);
  const product = await findProductByCode(tx, params.code.trim());
  const line = product && order.lines.find((l) => l.productId === product.id);
  const item = line && parcel.items.find((i) => i.orderLineId === line.id);
  if (!line || !item) throw new DomainError(userError('WRONG_ITEM', `That item is not in parcel ${parcel.code}`, ['code']));
  if (quantity < 1 || quantity > item.quantity)
    throw new DomainError(userError('INVALID_QUANTITY', `Parcel ${parcel.code} holds ${item.quantity} of ${line.sku}`, ['quantity']));
  if (quantity === item.quantity) await tx.parcelItem.delete({ where: { id: item.id } });
  else await tx.parcelItem.update({ where: { id: item.id }, data: { quantity: { decrement: quantity } } });
  await recordLineProgress(tx, line.id, { packed: -quantity });
  await appendOrderEvent(tx, order.id, { type: 'ITEM_UNPACKED', actor: params.actor, data: { sku: line.sku, quantity, parcel: parcel.code } });
  return { parcelId: parcel.id, orderId: order.id };
}

/**
 * Seal a parcel with its weight (and size). When every unit of the order is in sealed parcels,
 * the order becomes PACKED.
 */
export async function closeParcel(
  tx: Tx,
  params: { parcelId: string; weightGrams: number; lengthMm?: number | null; widthMm?: number | null; heightMm?: number | null; actor: string },
): Promise<{ parcelId: string; orderId: string }> {
  const { parcel, order } = await lockParcelWithOrder(tx, { id: params.parcelId }, ['parcelId']);
  assertPackable(order);
  assertOpen(parcel);
  if (!parcel.items.length) throw new DomainError(userError('PARCEL_EMPTY', `Parcel ${parcel.code} is empty`, ['parcelId']));
  if (params.weightGrams < 1 || params.weightGrams > 100_000)
    throw new DomainError(userError('INVALID_QUANTITY', 'Weight must be between 1 g and 100 kg', ['weightGrams']));
  await tx.parcel.update({
    where: { id: parcel.id },
    data: {
      status: 'PACKED',
      packedAt: new Date(),
      weightGrams: params.weightGrams,
      lengthMm: params.lengthMm ?? parcel.lengthMm,
      widthMm: params.widthMm ?? parcel.widthMm,
      heightMm: params.heightMm ?? parcel.heightMm,
    },
  });
  const openParcels = await tx.parcel.count({ where: { orderId: order.id, status: 'OPEN' } });
  if (!openParcels && order.lines.every((l) => l.quantityPacked === lineUnits(l))) {
    // An Ozon order whose posting still lacks marking codes, a customs declaration or a country is not packed (REQUIREMENTS_UNMET).
    await assertRequirementsMet(tx, order.id);
    const parcels = await tx.parcel.count({ where: { orderId: order.id } });
    await transitionOrder(tx, order, 'PACKED', { actor: params.actor, type: 'PACKED', eventData: { parcels } });
  }
  return { parcelId: parcel.id, orderId: order.id };
}

/** Reopen a sealed (unlabelled) parcel; a PACKED order goes back to the packing table. */
export async function reopenParcel(tx: Tx, params: { parcelId: string; actor: string }): Promise<{ parcelId: string; orderId: string }> {
  const { parcel, order } = await lockParcelWithOrder(tx, { id: params.parcelId }, ['parcelId']);
  if (parcel.status !== 'PACKED')
    throw new DomainError(userError('PARCEL_NOT_OPEN', `Parcel ${parcel.code} is ${parcel.status}; only sealed, unlabelled parcels reopen`, ['parcelId']));
  await tx.parcel.update({ where: { id: parcel.id }, data: { status: 'OPEN', packedAt: null } });
  if (order.status === 'PACKED') await transitionOrder(tx, order, 'PICKED', { actor: params.actor, type: 'ITEM_UNPACKED', eventData: { reopened: parcel.code } });
  return { parcelId: parcel.id, orderId: order.id };
}

/** Where packing photos live (marketplaces ask for packing evidence in disputes). */
// Read per call, not once at boot, so a test can point it at its own folder.
export const uploadsDir = () => path.resolve(configNow('UPLOADS_DIR'));
const maxPhotoBytes = 10 * 1024 * 1024;

function imageExtension(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (String.fromCharCode(...bytes.slice(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.slice(8, 12)) === 'WEBP') return 'webp';
  return null;
}

/** Stores the packing photo on disk and references it from the parcel; a newer photo replaces it. */
export async function attachParcelPhoto(tx: Tx, params: { parcelId: string; bytes: Uint8Array; actor: string }): Promise<{ parcelId: string; orderId: string }> {
  const { parcel } = await lockParcelWithOrder(tx, { id: params.parcelId }, ['parcelId']);
  const extension = imageExtension(params.bytes);
  if (!extension) throw new DomainError(userError('INVALID_FILE', 'The photo must be a JPEG, PNG or WebP image', ['photo']));
  if (params.bytes.length > maxPhotoBytes) throw new DomainError(userError('INVALID_FILE', 'The photo is larger than 10 MB', ['photo']));
  const relative = path.join('parcels', `${parcel.id}-${Date.now()}.${extension}`);
  await fs.mkdir(path.join(uploadsDir(), 'parcels'), { recursive: true });
  await fs.writeFile(path.join(uploadsDir(), relative), params.bytes);
  await tx.parcel.update({ where: { id: parcel.id }, data: { photoPath: relative } });
  await appendOrderEvent(tx, parcel.orderId, { type: 'NOTE_ADDED', actor: params.actor, data: { packingPhoto: parcel.code, bytes: params.bytes.length } });
  return { parcelId: parcel.id, orderId: parcel.orderId };
}

/** The stored packing photo of a parcel, or null. */
export async function readParcelPhoto(photoPath: string | null): Promise<{ filename: string; contentType: string; bytes: Buffer } | null> {
  if (!photoPath) return null;
  const file = path.join(uploadsDir(), photoPath);
  // Paths are written by attachParcelPhoto only; refuse anything that would leave the uploads folder.
  if (!file.startsWith(uploadsDir() + path.sep)) return null;
  const bytes = await fs.readFile(file).catch(() => null);
  if (!bytes) return null;
  const extension = path.extname(file).slice(1);
  return { filename: path.basename(file), contentType: extension === 'jpg' ? 'image/jpeg' : `image/${extension}`, bytes };
}
