import type { Db, OrderStatus } from '@orderly/schema';

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`;

export async function createProduct(db: Db, overrides: { sku?: string; name?: string; priceAmount?: number } = {}) {
  const sku = overrides.sku ?? `SKU-${unique()}`;
  return db.product.create({
    data: {
      sku,
      name: overrides.name ?? `Товар ${sku}`,
      priceAmount: overrides.priceAmount ?? 99_00,
      currency: 'RUB',
      barcodes: { create: [{ code: `BC-${sku}` }] },
    },
  });
}

/** An order with `lineCount` lines, each for its own new product. */
export async function createOrder(db: Db, options: { status?: OrderStatus; channel?: string; shipBy?: Date; lineCount?: number } = {}) {
  const products = [];
  for (let i = 0; i < (options.lineCount ?? 2); i++) products.push(await createProduct(db));
  const lines = products.map((p, i) => ({
    productId: p.id,
    position: i + 1,
    sku: p.sku,
    name: p.name,
    quantity: i + 1,
    unitPriceAmount: p.priceAmount,
    totalAmount: p.priceAmount * (i + 1),
  }));
  const total = lines.reduce((s, l) => s + l.totalAmount, 0);
  return db.order.create({
    data: {
      channel: options.channel ?? 'manual',
      externalId: options.channel === 'ozon' ? `ozon-${unique()}` : null,
      status: options.status ?? 'NEW',
      shipBy: options.shipBy ?? new Date(Date.now() + 24 * 3_600_000),
      currency: 'RUB',
      subtotalAmount: total,
      totalAmount: total,
      shipName: 'Анна Смирнова',
      shipPhone: '+7 900 000-00-00',
      shipAddress1: 'ул. Тверская, д. 1',
      shipCity: 'Москва',
      shipPostalCode: '101000',
      shipCountryCode: 'RU',
      lines: { create: lines },
    },
    include: { lines: true },
  });
}

export async function createWarehouse(db: Db, code = `WH-${unique()}`) {
  return db.warehouse.create({
    data: {
      code,
      name: `Склад ${code}`,
      locations: {
        create: [
          { code: 'A-01-1', zone: 'A', aisle: '01', shelf: '1', bin: '1', pickOrder: 10 },
          { code: 'A-01-2', zone: 'A', aisle: '01', shelf: '2', bin: '1', pickOrder: 20 },
          { code: 'B-01-1', zone: 'B', aisle: '01', shelf: '1', bin: '1', pickOrder: 30 },
        ],
      },
    },
  });
}
