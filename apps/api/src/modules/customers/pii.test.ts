// Buyer personal data through the HTTP endpoint: masked for the floor, unmasked (and audited once
// per request) for those who may read it, never in logs or error messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createOrder, createProduct } from '../../testing/fixtures.ts';
import { createYogaApp } from '../../app.ts';
import { createSafeLogger, describeErrorSafely } from '../common/safe-logging.ts';
import { maskEmail, maskName, maskPhone, maskPostalCode, maskStreet } from './masking.ts';

describe('masking', () => {
  it('keeps just enough to recognise a buyer', () => {
    expect(maskName('Анна Смирнова')).toBe('А***а С***');
    expect(maskName('Li')).toBe('L***');
    expect(maskName('王 小明')).toBe('王*** 小***');
    expect(maskPhone('+7 900 111-22-33')).toBe('+7 *** ***-**-33');
    expect(maskPhone('+86 138 0013 8000')).toBe('+86 *** **** **00');
    expect(maskPhone('89001112233')).toBe('*********33');
    expect(maskEmail('buyer1@example.ru')).toBe('b***@example.ru');
    expect(maskPostalCode('101000')).toBe('101***');
    expect(maskStreet('ул. Тверская, д. 1')).toBe('***');
    expect(maskPhone(null)).toBeNull();
  });
});

const ORDERS = `query($search: String) {
  orders(first: 10, search: $search) {
    edges { node { number
      buyer { name phone email masked }
      shippingAddress { name phone address1 address2 postalCode city region countryCode masked }
    } }
  }
}`;

describe('buyer data on orders', () => {
  let database: TestDatabase;
  let statements: string[] = [];
  let picker: TestClient;
  let manager: TestClient;
  let orderIds: string[];

  beforeAll(async () => {
    database = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
    picker = createTestClient(database.prisma, { roles: ['PICKER'] });
    manager = createTestClient(database.prisma, { roles: ['MANAGER'] });
    const customer = await database.prisma.customer.create({
      data: { channel: 'ozon', externalId: 'buyer-1', name: 'Анна Смирнова', phone: '+7 900 111-22-33', email: 'anna@example.ru' },
    });
    orderIds = [];
    for (let i = 0; i < 3; i++) {
      const order = await createOrder(database.prisma, { channel: 'ozon' });
      await database.prisma.order.update({ where: { id: order.id }, data: { customerId: customer.id, shipRegion: 'Москва', shipAddress2: 'подъезд 2' } });
      orderIds.push(order.id);
    }
  });
  afterAll(() => database.drop());

  it('masks names, phones, e-mails, streets and postal codes for a picker; city, region and country stay', async () => {
    const r = await picker(ORDERS);
    expect(r.errors).toBeUndefined();
    const node = r.data.orders.edges[0].node;
    expect(node.buyer).toEqual({ name: 'А***а С***', phone: '+7 *** ***-**-33', email: 'a***@example.ru', masked: true });
    expect(node.shippingAddress).toEqual({
      name: 'А***а С***',
      phone: '+7 *** ***-**-00',
      address1: '***',
      address2: '***',
      postalCode: '101***',
      city: 'Москва',
      region: 'Москва',
      countryCode: 'RU',
      masked: true,
    });
    expect(JSON.stringify(r)).not.toMatch(/Смирнова|111-22|anna@|Тверская|101000/);
    expect(await database.prisma.auditLog.count()).toBe(0);
  });

  it('shows them to a manager and writes one audit row per order — in one statement per request', async () => {
    statements = [];
    const r = await manager(ORDERS);
    const node = r.data.orders.edges[0].node;
    expect(node.buyer).toEqual({ name: 'Анна Смирнова', phone: '+7 900 111-22-33', email: 'anna@example.ru', masked: false });
    expect(node.shippingAddress).toMatchObject({ name: 'Анна Смирнова', phone: '+7 900 000-00-00', address1: 'ул. Тверская, д. 1', postalCode: '101000', masked: false });

    const inserts = statements.filter((s) => /INSERT INTO "public"\."AuditLog"/.test(s));
    expect(inserts).toHaveLength(1);
    const { actor } = await manager.ready;
    const rows = await database.prisma.auditLog.findMany({ orderBy: { subjectId: 'asc' } });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ actor, action: 'pii.read', subjectType: 'Order' });
      expect((row.data as { fields: string[] }).fields).toEqual([
        'buyer.email',
        'buyer.name',
        'buyer.phone',
        'shippingAddress.address1',
        'shippingAddress.address2',
        'shippingAddress.name',
        'shippingAddress.phone',
        'shippingAddress.postalCode',
      ]);
    }
    expect(rows.map((r) => r.subjectId).sort()).toEqual([...orderIds].sort());
    // The audit log never holds the data itself.
    expect(JSON.stringify(rows)).not.toMatch(/Смирнова|111-22|anna@/);

    // Reading only non-personal fields writes nothing.
    await manager(`{ orders(first: 10) { edges { node { number shippingAddress { city } } } } }`);
    expect(await database.prisma.auditLog.count()).toBe(3);
  });

  it('searches by buyer name only for callers who may read buyer data', async () => {
    expect((await manager(ORDERS, { search: 'Смирнова' })).data.orders.edges).toHaveLength(3);
    expect((await picker(ORDERS, { search: 'Смирнова' })).data.orders.edges).toHaveLength(0);
  });

  it('masks customers too and audits unmasked reads', async () => {
    const support = createTestClient(database.prisma, { roles: ['SUPPORT'] });
    const r = await support(`{ customers(first: 5, search: "anna") { edges { node { name email phone masked externalId } } } }`);
    expect(r.data.customers.edges[0].node).toEqual({ name: 'Анна Смирнова', email: 'anna@example.ru', phone: '+7 900 111-22-33', masked: false, externalId: 'buyer-1' });
    const rows = await database.prisma.auditLog.findMany({ where: { subjectType: 'Customer' } });
    expect(rows).toHaveLength(1);
    expect((rows[0].data as { fields: string[] }).fields).toEqual(['email', 'name', 'phone']);
  });
});

describe('buyer data never reaches logs or error messages', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('logs an unexpected error by kind and place only, and answers with a masked error', async () => {
    const product = await createProduct(database.prisma);
    const lines: string[] = [];
    // A database failure whose message quotes the call's arguments, as Prisma's do.
    const failingDb = new Proxy(database.prisma, {
      get(target, prop, receiver) {
        if (prop === '$transaction') {
          return () => {
            const error = new Error(
              'Invalid `prisma.order.create()` invocation: { shipName: "Анна Смирнова", shipPhone: "+7 900 111-22-33", shipAddress1: "ул. Тверская, д. 1" }',
            );
            error.name = 'PrismaClientValidationError';
            throw error;
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    }) as Db;
    const client = createTestClient(database.prisma);
    const { token } = await client.ready;
    const yoga = createYogaApp({ db: failingDb, logger: createSafeLogger('debug', (line) => lines.push(line)), rateLimit: false });
    const response = await yoga.fetch('http://orderly.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation($input: CreateOrderInput!) { createOrder(input: $input) { userErrors { code } } }`,
        variables: {
          input: {
            channel: 'manual',
            currency: 'RUB',
            buyer: { name: 'Анна Смирнова', phone: '+7 900 111-22-33', email: 'anna@example.ru' },
            shippingAddress: {
              name: 'Анна Смирнова',
              phone: '+7 900 111-22-33',
              address1: 'ул. Тверская, д. 1',
              city: 'Москва',
              postalCode: '101000',
              countryCode: 'RU',
            },
            lines: [{ sku: product.sku, quantity: 1 }],
          },
        },
      }),
    });
    const body = await response.json();
    expect(body.errors).toEqual([{ message: 'Unexpected error.', path: ['createOrder'], locations: expect.any(Array), extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(lines.length).toBeGreaterThan(0);
    const logged = lines.join('\n');
    expect(logged).toMatch(/PrismaClientValidationError/);
    expect(logged).toMatch(/path=createOrder/);
    expect(logged).not.toMatch(/Смирнова|111-22|Тверская|anna@|101000/);
  });

  it('describes errors without their message', () => {
    const error = Object.assign(new Error('Unique constraint failed on { email: "anna@example.ru" }'), {
      name: 'PrismaClientKnownRequestError',
      code: 'P2002',
      meta: { modelName: 'Customer' },
    });
    const text = describeErrorSafely(error);
    expect(text).toMatch(/^PrismaClientKnownRequestError P2002 model=Customer/);
    expect(text).not.toContain('anna@');
  });
});
