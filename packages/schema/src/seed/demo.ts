import {
  type Location,
  type Order,
  type OrderEventType,
  type OrderLine,
  OrderStatus,
  type Prisma,
  type PrismaClient,
  type Product,
  type StockMovementKind,
} from '../generated/prisma/client.ts';
import { demoBuyers, demoCities, demoProducts } from './catalog.ts';
import { seedDemoUsers } from './users.ts';

export { demoUsers } from './users.ts';

const HOUR = 3_600_000;
const SYSTEM = 'system';

/** Deterministic pseudo-random numbers (mulberry32), so every fresh demo database looks the same. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

/** A valid EAN-13 (check digit computed) in the 460–469 range GS1 assigns to Russia. */
export function ean13(body12: string): string {
  const digits = body12.split('').map(Number);
  const sum = digits.reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0);
  return body12 + ((10 - (sum % 10)) % 10);
}

/** The statuses of the demo orders, in a believable mix for a working day. */
const orderPlan: { status: OrderStatus; count: number }[] = [
  { status: OrderStatus.NEW, count: 11 },
  { status: OrderStatus.CONFIRMED, count: 7 },
  { status: OrderStatus.ON_HOLD, count: 3 },
  { status: OrderStatus.PICKING, count: 4 },
  { status: OrderStatus.PICKED, count: 2 },
  { status: OrderStatus.PACKED, count: 3 },
  { status: OrderStatus.READY_TO_SHIP, count: 3 },
  { status: OrderStatus.SHIPPED, count: 4 },
  { status: OrderStatus.IN_TRANSIT, count: 3 },
  { status: OrderStatus.DELIVERED, count: 3 },
  { status: OrderStatus.COMPLETED, count: 3 },
  { status: OrderStatus.CANCELLED, count: 3 },
  { status: OrderStatus.EXCEPTION, count: 1 },
];

const reserving = new Set<OrderStatus>([OrderStatus.CONFIRMED, OrderStatus.PICKING]);
const picked = new Set<OrderStatus>([OrderStatus.PICKED, OrderStatus.PACKED, OrderStatus.READY_TO_SHIP]);
const packed = new Set<OrderStatus>([OrderStatus.PACKED, OrderStatus.READY_TO_SHIP]);
const shipped = new Set<OrderStatus>([OrderStatus.SHIPPED, OrderStatus.IN_TRANSIT, OrderStatus.DELIVERED, OrderStatus.COMPLETED, OrderStatus.EXCEPTION]);

/** The events that lead an order to its status, for a believable timeline. */
function timelineFor(status: OrderStatus, channel: string): { type: OrderEventType; to?: OrderStatus }[] {
  const intake = { type: (channel === 'manual' ? 'CREATED' : 'IMPORTED') as OrderEventType, to: OrderStatus.NEW };
  const path: { type: OrderEventType; to?: OrderStatus }[] = [intake];
  if (status === OrderStatus.NEW) return path;
  if (status === OrderStatus.CANCELLED) return [...path, { type: 'CANCELLED', to: OrderStatus.CANCELLED }];
  if (status === OrderStatus.ON_HOLD) return [...path, { type: 'HOLD_PLACED', to: OrderStatus.ON_HOLD }];
  path.push({ type: 'CONFIRMED', to: OrderStatus.CONFIRMED }, { type: 'STOCK_RESERVED' });
  const steps: [OrderStatus, OrderEventType][] = [
    [OrderStatus.PICKING, 'PICK_STARTED'],
    [OrderStatus.PICKED, 'PICKED'],
    [OrderStatus.PACKED, 'PACKED'],
    [OrderStatus.READY_TO_SHIP, 'LABEL_PRINTED'],
    [OrderStatus.SHIPPED, 'SHIPPED'],
    [OrderStatus.IN_TRANSIT, 'TRACKING_UPDATED'],
    [OrderStatus.DELIVERED, 'DELIVERED'],
    [OrderStatus.COMPLETED, 'COMPLETED'],
  ];
  const target = status === OrderStatus.EXCEPTION ? OrderStatus.IN_TRANSIT : status;
  for (const [to, type] of steps) {
    if (status === OrderStatus.CONFIRMED) break;
    path.push({ type, to });
    if (to === target) break;
  }
  if (status === OrderStatus.EXCEPTION) path.push({ type: 'EXCEPTION_OPENED', to: OrderStatus.EXCEPTION });
  return path;
}

export interface SeedResult {
  products: number;
  orders: number;
  returns: number;
}

type DemoMovement = {
  productId: string;
  kind: StockMovementKind;
  onHandDelta?: number;
  reservedDelta?: number;
  pickedDelta?: number;
  orderId?: string;
  locationId?: string;
  reason?: string;
  reference?: string;
  createdAt: Date;
};

/** A return's steps on its order's timeline: [event, return status, when: 0 the order's completion … 1 now]. */
type ReturnStep = [OrderEventType, string, number];

/**
 * Returns on the completed demo orders (the delivered ones stay as they are, ready for a new
 * return), so the Returns screens and the station have work: one to approve (beside an earlier one
 * declined), one on its way back (its return tracking number scans at the station) beside an
 * earlier one refunded and restocked, and one received, waiting for inspection (an exchange). The
 * orders with an open return are RETURN_REQUESTED; a restocked unit is a RETURN movement.
 */
async function seedDemoReturns(
  tx: Prisma.TransactionClient,
  params: { orders: (Order & { lines: OrderLine[] })[]; now: Date; binOf: Map<string, Location>; movements: DemoMovement[] },
): Promise<number> {
  const [first, second, third] = params.orders;
  if (!third) return 0;
  let created = 0;
  /** A moment between the order's completion (at least a day ago) and now. */
  const when = (order: Order, f: number) => {
    const from = Math.min(order.completedAt?.getTime() ?? params.now.getTime(), params.now.getTime() - 24 * HOUR);
    return new Date(from + f * (params.now.getTime() - from));
  };

  async function addReturn(
    order: Order & { lines: OrderLine[] },
    spec: {
      line: OrderLine;
      quantity: number;
      reason: Prisma.ReturnCreateInput['reason'];
      outcome: 'REFUND' | 'EXCHANGE';
      comment: string;
      externalId?: string;
      steps: ReturnStep[];
      /** It moves the order to RETURN_REQUESTED (its request is the order's status change). */
      opensOrder?: boolean;
      data?: Omit<Prisma.ReturnUncheckedCreateInput, 'orderId' | 'channel' | 'reason' | 'requestedOutcome' | 'currency' | 'requestedBy'>;
    },
  ) {
    const ret = await tx.return.create({
      data: {
        orderId: order.id,
        channel: order.channel,
        externalId: spec.externalId ?? null,
        reason: spec.reason,
        requestedOutcome: spec.outcome,
        buyerComment: spec.comment,
        currency: order.currency,
        requestedBy: SYSTEM,
        createdAt: when(order, spec.steps[0]![2]),
        ...spec.data,
        lines: { create: [{ orderLineId: spec.line.id, position: 1, quantity: spec.quantity, reason: spec.reason }] },
      },
      include: { lines: true },
    });
    await tx.orderEvent.createMany({
      data: spec.steps.map(([type, status, f], i) => ({
        orderId: order.id,
        type,
        actor: SYSTEM,
        ...(i === 0 && spec.opensOrder ? { fromStatus: OrderStatus.COMPLETED, toStatus: OrderStatus.RETURN_REQUESTED } : {}),
        data: { returnId: ret.id, returnNumber: ret.number, status },
        createdAt: when(order, f),
      })),
    });
    created++;
    return ret;
  }

  // 1. An earlier request declined (outside the return window), then one to approve.
  const keyboard = first.lines[0]!;
  await addReturn(first, {
    line: keyboard,
    quantity: 1,
    reason: 'CHANGED_MIND',
    outcome: 'REFUND',
    comment: 'Передумал, хочу вернуть',
    steps: [
      ['RETURN_REQUESTED', 'REQUESTED', 0.2],
      ['RETURN_UPDATED', 'DECLINED', 0.25],
    ],
    data: { status: 'DECLINED', declinedAt: when(first, 0.25), declineReason: 'Срок возврата истёк / 已超过退货期限' },
  });
  await addReturn(first, {
    line: keyboard,
    quantity: 1,
    reason: 'DEFECTIVE',
    outcome: 'REFUND',
    comment: 'Залипает клавиша пробела, фото приложил',
    steps: [['RETURN_REQUESTED', 'REQUESTED', 0.97]],
    opensOrder: true,
    data: { orderStatusBefore: OrderStatus.COMPLETED },
  });

  // 2. A unit refunded and put back on the shelf, then another coming back by courier.
  const brushes = second.lines.find((l) => l.quantityShipped > 1 && l !== second.lines[0]) ?? second.lines[0]!;
  const refunded = await addReturn(second, {
    line: brushes,
    quantity: 1,
    reason: 'NOT_AS_DESCRIBED',
    outcome: 'REFUND',
    comment: 'Цвет не как на фото',
    externalId: `OZR-${second.externalId ?? second.number}-1`,
    steps: [
      ['RETURN_REQUESTED', 'REQUESTED', 0.05],
      ['RETURN_UPDATED', 'APPROVED', 0.08],
      ['RETURN_RECEIVED', 'RECEIVED', 0.3],
      ['RETURN_UPDATED', 'INSPECTED', 0.31],
      ['REFUNDED', 'INSPECTED', 0.32],
      ['RETURN_CLOSED', 'CLOSED', 0.32],
    ],
    data: {
      status: 'CLOSED',
      outcome: 'REFUND',
      refundAmount: brushes.unitPriceAmount,
      note: 'Вернули на полку / 已重新上架',
      approvedAt: when(second, 0.08),
      receivedAt: when(second, 0.3),
      inspectedAt: when(second, 0.31),
      closedAt: when(second, 0.32),
    },
  });
  const bin = params.binOf.get(brushes.productId)!;
  await tx.returnInspection.create({
    data: { returnLineId: refunded.lines[0]!.id, condition: 'RESELLABLE', quantity: 1, locationId: bin.id, actor: SYSTEM, createdAt: when(second, 0.31) },
  });
  await tx.refund.create({
    data: {
      returnId: refunded.id,
      amount: brushes.unitPriceAmount,
      currency: second.currency,
      method: 'MARKETPLACE',
      reference: `OZ-REFUND-${refunded.number}`,
      actor: SYSTEM,
      createdAt: when(second, 0.32),
    },
  });
  params.movements.push({
    productId: brushes.productId,
    kind: 'RETURN',
    onHandDelta: 1,
    orderId: second.id,
    locationId: bin.id,
    reference: `return:R-${refunded.number}`,
    createdAt: when(second, 0.31),
  });
  const bag = second.lines[0]!;
  await addReturn(second, {
    line: bag,
    quantity: 1,
    reason: 'DAMAGED_IN_TRANSIT',
    outcome: 'REFUND',
    comment: 'Порвана лямка, коробка была мятая',
    externalId: `OZR-${second.externalId ?? second.number}-2`,
    steps: [
      ['RETURN_REQUESTED', 'REQUESTED', 0.6],
      ['RETURN_UPDATED', 'APPROVED', 0.65],
      ['RETURN_UPDATED', 'IN_TRANSIT', 0.8],
    ],
    opensOrder: true,
    data: {
      status: 'IN_TRANSIT',
      orderStatusBefore: OrderStatus.COMPLETED,
      approvedAt: when(second, 0.65),
      inTransitAt: when(second, 0.8),
      returnCarrier: 'cdek',
      returnTrackingNumber: `RT${second.number}0042`,
    },
  });

  // 3. Received at the warehouse, waiting at the station for inspection: an exchange.
  await addReturn(third, {
    line: third.lines.find((l) => l.sku === 'GAN-65W') ?? third.lines[0]!,
    quantity: 1,
    reason: 'DEFECTIVE',
    outcome: 'EXCHANGE',
    comment: 'Не заряжает ноутбук, прошу замену',
    externalId: `OZR-${third.externalId ?? third.number}-1`,
    steps: [
      ['RETURN_REQUESTED', 'REQUESTED', 0.3],
      ['RETURN_UPDATED', 'APPROVED', 0.35],
      ['RETURN_RECEIVED', 'RECEIVED', 0.95],
    ],
    opensOrder: true,
    data: {
      status: 'RECEIVED',
      orderStatusBefore: OrderStatus.COMPLETED,
      approvedAt: when(third, 0.35),
      receivedAt: when(third, 0.95),
      note: 'Коробка целая / 外箱完好',
    },
  });

  // Orders with an open return wait in RETURN_REQUESTED; their version counts their changes.
  for (const order of [first, second, third]) {
    const events = await tx.orderEvent.count({ where: { orderId: order.id } });
    await tx.order.update({ where: { id: order.id }, data: { status: OrderStatus.RETURN_REQUESTED, version: events } });
  }
  return created;
}

/**
 * Loads a believable seller's day into an EMPTY database: ~30 products with EAN-13 barcodes in
 * the bins of one warehouse, stock (some low, some sold out), carriers, box presets and 50 orders
 * from the `ozon` and `manual` channels in every stage. Stock levels are derived from the ledger
 * rows written here, so the ledger sums to the levels exactly. Returns null (and writes nothing)
 * when the database already has products.
 */
export async function seedDemoData(prisma: PrismaClient, now: Date = new Date()): Promise<SeedResult | null> {
  // Staff logins first: a demo database from before logins existed gets its users too.
  await seedDemoUsers(prisma);
  if ((await prisma.product.count()) > 0) return null;
  const rnd = random(20261127);

  return prisma.$transaction(
    async (tx) => {
      const warehouse = await tx.warehouse.create({
        data: { code: 'MSK-1', name: 'Склад Москва / 莫斯科仓', address: 'Москва, ул. Складская, 1', timezone: 'Europe/Moscow' },
      });

      // Bins along one picking route: zone A (small items) then zone B (bulky), aisle by aisle.
      const locations = [];
      let pickOrder = 0;
      for (const zone of ['A', 'B']) {
        for (const aisle of ['01', '02', '03']) {
          for (const shelf of ['1', '2']) {
            for (const bin of ['1', '2', '3']) {
              pickOrder += 10;
              locations.push({ warehouseId: warehouse.id, code: `${zone}-${aisle}-${shelf}-${bin}`, zone, aisle, shelf, bin, pickOrder });
            }
          }
        }
      }
      await tx.location.createMany({ data: locations });
      const bins = await tx.location.findMany({ where: { warehouseId: warehouse.id }, orderBy: { pickOrder: 'asc' } });

      const products: Product[] = [];
      for (const [i, p] of demoProducts.entries()) {
        products.push(
          await tx.product.create({
            data: {
              sku: p.sku,
              name: p.name,
              priceAmount: p.priceRub * 100,
              currency: 'RUB',
              weightGrams: p.weightGrams,
              lowStockThreshold: p.lowStockThreshold,
              attributes: { origin: 'CN' },
              barcodes: { create: [{ code: ean13(`46070000${String(1001 + i).padStart(4, '0')}`) }] },
            },
          }),
        );
      }

      await tx.carrier.createMany({
        data: [
          {
            code: 'ozon',
            name: 'Ozon Логистика',
            trackingUrlTemplate: 'https://tracking.ozon.ru/?track={trackingNumber}',
            pickupWindows: [
              { weekday: 1, from: '10:00', to: '14:00' },
              { weekday: 3, from: '10:00', to: '14:00' },
              { weekday: 5, from: '10:00', to: '14:00' },
            ],
          },
          {
            code: 'cdek',
            name: 'СДЭК',
            trackingUrlTemplate: 'https://www.cdek.ru/ru/tracking?order_id={trackingNumber}',
            pickupWindows: [
              { weekday: 2, from: '12:00', to: '18:00' },
              { weekday: 4, from: '12:00', to: '18:00' },
            ],
          },
          { code: 'pochta', name: 'Почта России', trackingUrlTemplate: 'https://www.pochta.ru/tracking#{trackingNumber}', pickupWindows: [] },
        ],
      });
      const carriers = await tx.carrier.findMany({ orderBy: { code: 'asc' } });
      await tx.boxPreset.createMany({
        data: [
          { code: 'S', name: 'Коробка S / 小箱', lengthMm: 200, widthMm: 150, heightMm: 100, tareGrams: 80 },
          { code: 'M', name: 'Коробка M / 中箱', lengthMm: 300, widthMm: 200, heightMm: 150, tareGrams: 150 },
          { code: 'L', name: 'Коробка L / 大箱', lengthMm: 400, widthMm: 300, heightMm: 250, tareGrams: 260 },
          { code: 'BAG', name: 'Курьерский пакет / 快递袋', lengthMm: 300, widthMm: 250, heightMm: 20, tareGrams: 15 },
        ],
      });

      const customers = [];
      for (const [i, name] of demoBuyers.entries()) {
        customers.push(
          await tx.customer.create({
            data: {
              channel: i % 4 === 3 ? 'manual' : 'ozon',
              externalId: i % 4 === 3 ? null : `buyer-${70100 + i}`,
              name,
              phone: `+7 9${rnd.int(10, 99)} ${rnd.int(100, 999)}-${rnd.int(10, 99)}-${rnd.int(10, 99)}`,
              email: i % 2 === 0 ? `buyer${i + 1}@example.ru` : null,
              marketingConsent: i % 3 === 0,
            },
          }),
        );
      }

      // Each product sits in one bin; distinct bins because 7 and the bin count are coprime.
      const binOf = new Map(products.map((p, i) => [p.id, bins[(i * 7) % bins.length]]));
      const pickTasks: { orderId: string; orderLineId: string; productId: string; locationId: string; sequence: number; quantity: number }[] = [];

      type Movement = DemoMovement;
      const movements: Movement[] = [];
      const completed: (Order & { lines: OrderLine[] })[] = [];
      let orderCount = 0;
      let ozonPosting = 87_215_400;

      for (const { status, count } of orderPlan) {
        for (let k = 0; k < count; k++) {
          const channel = orderCount % 4 === 3 ? 'manual' : 'ozon';
          const customer = customers[orderCount % customers.length];
          const place = demoCities[orderCount % demoCities.length];
          // Orders on hold wait for a sold-out product; orders holding stock only have products in stock.
          const onHold = status === OrderStatus.ON_HOLD;
          const holdsStock = reserving.has(status) || picked.has(status) || shipped.has(status);
          const lineCount = onHold ? 1 : rnd.int(1, 3);
          const chosen = new Set<number>();
          while (chosen.size < lineCount) {
            const idx = rnd.int(0, products.length - 1);
            const soldOut = demoProducts[idx].available === 0;
            if (onHold ? soldOut : !(holdsStock && soldOut)) chosen.add(idx);
          }
          const lines = [...chosen].map((idx, position) => {
            const product = products[idx];
            const quantity = rnd.int(1, 3);
            return {
              productId: product.id,
              position: position + 1,
              sku: product.sku,
              name: product.name,
              quantity,
              unitPriceAmount: product.priceAmount,
              totalAmount: product.priceAmount * quantity,
            };
          });
          const subtotal = lines.reduce((s, l) => s + l.totalAmount, 0);
          const shippingAmount = channel === 'manual' ? 30_000 : 0;

          // Deadlines: open work is due within the next two days (a few already late); the rest lies in the past.
          const open = status === OrderStatus.NEW || status === OrderStatus.CONFIRMED || status === OrderStatus.ON_HOLD || reserving.has(status) || picked.has(status);
          const shipBy = open ? new Date(now.getTime() + rnd.int(-3, 48) * HOUR) : new Date(now.getTime() - rnd.int(24, 24 * 12) * HOUR);
          const placedAt = new Date(shipBy.getTime() - rnd.int(24, 60) * HOUR);
          const shippedLike = shipped.has(status);

          const timeline = timelineFor(status, channel);
          const order = await tx.order.create({
            data: {
              channel,
              externalId: channel === 'ozon' ? `${ozonPosting++}-0001-1` : null,
              status,
              holdReason: status === OrderStatus.ON_HOLD ? 'OUT_OF_STOCK' : null,
              holdNote: status === OrderStatus.ON_HOLD ? 'Ждём поставку от поставщика / 等待供应商补货' : null,
              statusBeforeHold: status === OrderStatus.ON_HOLD ? OrderStatus.NEW : null,
              cancelReason: status === OrderStatus.CANCELLED ? 'BUYER_REQUEST' : null,
              placedAt,
              shipBy,
              currency: 'RUB',
              subtotalAmount: subtotal,
              shippingAmount,
              totalAmount: subtotal + shippingAmount,
              customerId: customer.id,
              warehouseId: warehouse.id,
              shipName: customer.name,
              shipPhone: customer.phone,
              shipAddress1: place.street,
              shipCity: place.city,
              shipRegion: place.region,
              shipPostalCode: place.postalCode,
              shipCountryCode: 'RU',
              version: timeline.length,
              confirmedAt: timeline.some((e) => e.type === 'CONFIRMED') ? new Date(placedAt.getTime() + HOUR) : null,
              shippedAt: shippedLike ? new Date(shipBy.getTime() - 2 * HOUR) : null,
              deliveredAt: status === OrderStatus.DELIVERED || status === OrderStatus.COMPLETED ? new Date(shipBy.getTime() + 72 * HOUR) : null,
              completedAt: status === OrderStatus.COMPLETED ? new Date(shipBy.getTime() + 96 * HOUR) : null,
              cancelledAt: status === OrderStatus.CANCELLED ? new Date(placedAt.getTime() + 2 * HOUR) : null,
              createdAt: placedAt,
              lines: {
                create: lines.map((l) => ({
                  ...l,
                  quantityCancelled: status === OrderStatus.CANCELLED ? l.quantity : 0,
                  quantityPicked: picked.has(status) || shippedLike ? l.quantity : 0,
                  quantityPacked: packed.has(status) || shippedLike ? l.quantity : 0,
                  quantityShipped: shippedLike ? l.quantity : 0,
                })),
              },
              events: {
                create: timeline.map((e, i) => ({
                  type: e.type,
                  actor: SYSTEM,
                  toStatus: e.to ?? null,
                  data: e.type === 'HOLD_PLACED' ? { reason: 'OUT_OF_STOCK' } : {},
                  createdAt: new Date(placedAt.getTime() + i * HOUR),
                })),
              },
            },
            include: { lines: true },
          });

          if (status === OrderStatus.COMPLETED) completed.push(order);
          const at = new Date(placedAt.getTime() + HOUR);
          for (const l of lines) {
            if (!(reserving.has(status) || picked.has(status) || shippedLike)) continue;
            movements.push({ productId: l.productId, kind: 'RESERVATION', reservedDelta: l.quantity, orderId: order.id, createdAt: at });
            if (picked.has(status) || shippedLike)
              movements.push({ productId: l.productId, kind: 'PICK', reservedDelta: -l.quantity, pickedDelta: l.quantity, orderId: order.id, createdAt: at });
            if (shippedLike)
              movements.push({ productId: l.productId, kind: 'SHIPMENT', pickedDelta: -l.quantity, onHandDelta: -l.quantity, orderId: order.id, createdAt: at });
          }

          if (status === OrderStatus.PICKING) {
            for (const line of order.lines) {
              const bin = binOf.get(line.productId)!;
              pickTasks.push({
                orderId: order.id,
                orderLineId: line.id,
                productId: line.productId,
                locationId: bin.id,
                sequence: bin.pickOrder,
                quantity: line.quantity,
              });
            }
          }
          if (packed.has(status)) {
            const carrier = carriers.find((c) => c.code === (channel === 'ozon' ? 'ozon' : 'cdek'))!;
            const labelled = status === OrderStatus.READY_TO_SHIP;
            await tx.parcel.create({
              data: {
                orderId: order.id,
                sequence: 1,
                code: `P${order.number}-1`,
                status: labelled ? 'LABELLED' : 'PACKED',
                weightGrams: order.lines.reduce((sum, l) => sum + l.quantity * (products.find((p) => p.id === l.productId)!.weightGrams ?? 100), 150),
                carrierId: labelled ? carrier.id : null,
                packedAt: new Date(shipBy.getTime() - 6 * HOUR),
                items: { create: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) },
                labels: labelled ? { create: [{ format: 'PDF', barcodeValue: `P${order.number}-1` }] } : undefined,
              },
            });
          }
          if (shippedLike) {
            const carrier = channel === 'ozon' ? carriers.find((c) => c.code === 'ozon')! : rnd.pick(carriers);
            const shipment = await tx.shipment.create({
              data: {
                orderId: order.id,
                carrierId: carrier.id,
                status: status === OrderStatus.DELIVERED || status === OrderStatus.COMPLETED ? 'DELIVERED' : status === OrderStatus.EXCEPTION ? 'DELAYED' : 'IN_TRANSIT',
                shippedAt: new Date(shipBy.getTime() - 2 * HOUR),
              },
            });
            const parcel = await tx.parcel.create({
              data: {
                orderId: order.id,
                sequence: 1,
                code: `P${order.number}-1`,
                status: 'SHIPPED',
                weightGrams: 400,
                carrierId: carrier.id,
                shipmentId: shipment.id,
                packedAt: new Date(shipBy.getTime() - 4 * HOUR),
              },
            });
            await tx.trackingNumber.create({
              data: {
                shipmentId: shipment.id,
                parcelId: parcel.id,
                carrierId: carrier.id,
                number: `${carrier.code.toUpperCase()}${order.number}${rnd.int(100000, 999999)}`,
              },
            });
          }
          orderCount++;
        }
      }

      const returns = await seedDemoReturns(tx, { orders: completed, now, binOf, movements });

      // Receipts first: enough to cover every order above plus the planned availability.
      const needed = new Map<string, number>();
      for (const m of movements) {
        if (m.kind === 'RESERVATION') needed.set(m.productId, (needed.get(m.productId) ?? 0) + (m.reservedDelta ?? 0));
      }
      const receivedAt = new Date(now.getTime() - 30 * 24 * HOUR);
      const receipts: Movement[] = products.map((p, i) => ({
        productId: p.id,
        kind: 'RECEIPT',
        onHandDelta: demoProducts[i].available + (needed.get(p.id) ?? 0),
        reason: 'Поставка из Иу / 义乌到货',
        createdAt: receivedAt,
      }));
      const ledger = [...receipts, ...movements].filter((m) => (m.onHandDelta ?? 0) !== 0 || (m.reservedDelta ?? 0) !== 0 || (m.pickedDelta ?? 0) !== 0);
      await tx.stockMovement.createMany({
        data: ledger.map((m) => ({
          productId: m.productId,
          warehouseId: warehouse.id,
          kind: m.kind,
          onHandDelta: m.onHandDelta ?? 0,
          reservedDelta: m.reservedDelta ?? 0,
          pickedDelta: m.pickedDelta ?? 0,
          orderId: m.orderId ?? null,
          locationId: m.locationId ?? null,
          reason: m.reason ?? null,
          reference: m.reference ?? null,
          actor: SYSTEM,
          createdAt: m.createdAt,
        })),
      });

      // Levels are the ledger's sums; on-hand units sit in each product's bin (one bin per product).
      const levels = new Map<string, { onHand: number; reserved: number; picked: number }>();
      for (const m of ledger) {
        const level = levels.get(m.productId) ?? { onHand: 0, reserved: 0, picked: 0 };
        level.onHand += m.onHandDelta ?? 0;
        level.reserved += m.reservedDelta ?? 0;
        level.picked += m.pickedDelta ?? 0;
        levels.set(m.productId, level);
      }
      await tx.inventoryLevel.createMany({
        data: products.map((p) => ({ productId: p.id, warehouseId: warehouse.id, ...(levels.get(p.id) ?? { onHand: 0, reserved: 0, picked: 0 }) })),
      });
      await tx.locationStock.createMany({
        data: products.map((p) => {
          const level = levels.get(p.id) ?? { onHand: 0, picked: 0 };
          return { productId: p.id, locationId: binOf.get(p.id)!.id, quantity: level.onHand - level.picked };
        }),
      });
      // The orders being picked are on one pick list, walked along the bin route.
      await tx.pickList.create({
        data: { warehouseId: warehouse.id, status: 'OPEN', tasks: { create: pickTasks.sort((a, b) => a.sequence - b.sequence) } },
      });

      return { products: products.length, orders: orderCount, returns };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
