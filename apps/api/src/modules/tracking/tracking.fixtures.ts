// Test fixtures of the tracking and delivery tests: shipped orders with parcels and tracking numbers,
// written directly (the floor flow that gets an order there is proven in shipping/floor-flow.test.ts).
import type { Db, OrderStatus } from '@orderly/schema';
import { createOrder } from '../../testing/fixtures.ts';

let sequence = 0;

/** The carrier `code` (created when missing; its poll interval set when given). */
export async function createCarrier(db: Db, code: string, trackingPollMinutes?: number) {
  return db.carrier.upsert({ where: { code }, create: { code, name: code.toUpperCase(), trackingPollMinutes }, update: { trackingPollMinutes } });
}

/** An order in `status` (SHIPPED by default) with one parcel per tracking number, on one shipment. */
export async function createShippedOrder(
  db: Db,
  options: { carrierCode?: string; numbers?: string[]; parcels?: number; status?: OrderStatus; channel?: string; shippedAt?: Date; deliveredAt?: Date | null } = {},
) {
  const carrier = await createCarrier(db, options.carrierCode ?? 'cdek');
  const order = await createOrder(db, { status: options.status ?? 'SHIPPED', channel: options.channel ?? 'ozon', lineCount: 1 });
  const shippedAt = options.shippedAt ?? new Date(Date.now() - 48 * 3_600_000);
  const count = options.numbers?.length ?? options.parcels ?? 1;
  const numbers = options.numbers ?? Array.from({ length: count }, () => `TRK${Date.now().toString(36).toUpperCase()}${(sequence++).toString().padStart(4, '0')}`);
  await db.order.update({ where: { id: order.id }, data: { shippedAt, deliveredAt: options.deliveredAt ?? null } });
  const shipment = await db.shipment.create({ data: { orderId: order.id, carrierId: carrier.id, status: 'IN_TRANSIT', shippedAt } });
  const parcels = [];
  for (const [i, number] of numbers.entries()) {
    const parcel = await db.parcel.create({
      data: { orderId: order.id, sequence: i + 1, code: `P-${number}`, status: 'SHIPPED', carrierId: carrier.id, shipmentId: shipment.id },
    });
    await db.trackingNumber.create({ data: { shipmentId: shipment.id, parcelId: parcel.id, carrierId: carrier.id, number } });
    parcels.push(parcel);
  }
  return { order, shipment, parcels, numbers, carrier };
}

/** A small seeded random generator (mulberry32): the same seed, the same shuffles. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
