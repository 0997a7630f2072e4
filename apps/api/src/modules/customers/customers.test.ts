// Repeat customers on real PostgreSQL: buyers recognised at intake, order statistics kept by the
// trigger and read in one statement per page, segments, consent and the campaign export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { encodeGlobalId } from '../../core/global-id.ts';

const DAY = 86_400_000;
const address = { name: 'Анна Смирнова', address1: 'ул. Тверская, д. 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' };
const CREATE = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { buyer { customerId } } userErrors { code field } } }`;

let sequence = 0;
/** An order of `customerId` placed `daysAgo` days ago, worth `total` kopecks (the trigger keeps the stats). */
async function order(db: Db, customerId: string, total: number, daysAgo: number, status: 'NEW' | 'CANCELLED' | 'DELIVERED' = 'DELIVERED') {
  const placedAt = new Date(Date.now() - daysAgo * DAY);
  return db.order.create({
    data: {
      channel: 'shop',
      externalId: `c-${sequence++}`,
      status,
      placedAt,
      shipBy: placedAt,
      currency: 'RUB',
      subtotalAmount: total,
      totalAmount: total,
      customerId,
      shipName: 'x',
      shipAddress1: 'x',
      shipCity: 'x',
      shipPostalCode: '101000',
      shipCountryCode: 'RU',
    },
  });
}

describe('buyers recognised at intake', () => {
  let database: TestDatabase;
  let gql: TestClient;
  let sku: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma, { roles: ['MANAGER'] });
    await createWarehouse(database.prisma);
    sku = (await createProduct(database.prisma, { priceAmount: 100_00 })).sku;
  });
  afterAll(() => database.drop());

  const place = async (channel: string, buyer: Record<string, unknown>) => {
    const r = await gql(CREATE, { input: { channel, currency: 'RUB', shippingAddress: address, lines: [{ sku, quantity: 1 }], buyer } });
    expect(r.errors).toBeUndefined();
    expect(r.data.createOrder.userErrors).toEqual([]);
    return r.data.createOrder.order.buyer.customerId as string;
  };

  it('by the channel buyer id, else by normalised phone or e-mail; never across two buyer ids of one channel', async () => {
    const anna = await place('shop', { name: 'Анна', phone: '8 (900) 111-22-33', email: ' Anna@Example.ru ', marketingConsent: true });
    expect(await place('manual', { name: 'Анна С.', phone: '+7 900 111 22 33' })).toBe(anna);
    expect(await place('shop', { name: 'Анна', email: 'anna@example.ru', externalId: 'u-1' })).toBe(anna);
    // A later import with the buyer data hidden (no contact): the buyer id alone finds her, and what is known stays.
    expect(await place('shop', { name: 'Анна', externalId: 'u-1' })).toBe(anna);
    // Another account of the same shop sharing the e-mail is another buyer.
    const other = await place('shop', { name: 'Борис', email: 'anna@example.ru', externalId: 'u-2' });
    expect(other).not.toBe(anna);

    const c = await database.prisma.customer.findFirstOrThrow({ where: { externalId: 'u-1' } });
    expect(encodeGlobalId('Customer', c.id)).toBe(anna);
    expect(c).toMatchObject({ channel: 'shop', phone: '+7 900 111 22 33', email: 'anna@example.ru', orderCount: 4, spentAmount: 400_00n, marketingConsent: true });
    expect(c.marketingConsentSource).toBe('order:shop');
    expect(c.marketingConsentAt).toBeInstanceOf(Date);
  });
});

const LIST = `query($segment: CustomerSegment) {
  customers(first: 20, segment: $segment) { edges { node { id segments
    stats { orderCount firstOrderAt lastOrderAt totalSpent { minorUnits currency } averageRating ratingCount } } } }
}`;

describe('customer statistics, segments and outreach', () => {
  let database: TestDatabase;
  let statements: string[] = [];
  let manager: TestClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
    const db = database.prisma;
    manager = createTestClient(db, { roles: ['MANAGER'] });
    const make = async (name: string, consent: boolean | 'unrecorded' = false) => {
      const c = await db.customer.create({
        data: {
          name,
          email: `${name.toLowerCase()}@example.ru`,
          marketingConsent: consent !== false,
          marketingConsentAt: consent === true ? new Date() : null,
          marketingConsentSource: consent === true ? 'form' : null,
        },
      });
      ids[name] = c.id;
      return c.id;
    };
    // Repeat: two orders (and a cancelled one that does not count), reviews 5 and 2 on them.
    const repeat = await make('Repeat', true);
    const first = await order(db, repeat, 300_00, 10);
    const second = await order(db, repeat, 500_00, 2);
    await order(db, repeat, 999_00, 1, 'CANCELLED');
    for (const [o, rating] of [
      [first, 5],
      [second, 2],
    ] as const) {
      await db.review.create({ data: { channel: 'shop', externalId: `r-${o.id}`, orderId: o.id, rating, publishedAt: new Date() } });
    }
    // Lapsed: one order 120 days ago. Big: one large recent order (the top tenth by spend with Repeat).
    await order(db, await make('Lapsed'), 100_00, 120);
    await order(db, await make('Big', true), 5_000_00, 5);
    for (let i = 0; i < 8; i++) await order(db, await make(`Small${i}`), (i + 1) * 10_00, 3);
  });
  afterAll(() => database.drop());

  it('reads every customer’s statistics in one statement, with hand-computed figures', async () => {
    statements = [];
    const r = await manager(LIST, {});
    expect(r.errors).toBeUndefined();
    const nodes = r.data.customers.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toHaveLength(11);
    // One statement for spend and ratings of the whole page, one for the HIGH_VALUE threshold: no N+1.
    expect(statements.filter((s) => s.includes('"Review"'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('percentile_disc'))).toHaveLength(1);
    const repeat = nodes.find((n: { id: string }) => n.id === encodeGlobalId('Customer', ids.Repeat!));
    expect(repeat.stats).toMatchObject({ orderCount: 2, totalSpent: [{ minorUnits: 800_00, currency: 'RUB' }], averageRating: 3.5, ratingCount: 2 });
    expect(new Date(repeat.stats.lastOrderAt).getTime()).toBeGreaterThan(new Date(repeat.stats.firstOrderAt).getTime());
    expect(repeat.segments).toEqual(['REPEAT', 'HIGH_VALUE']);
  });

  it('lists each segment from the customer columns the trigger keeps', async () => {
    const names = async (segment: string) => {
      const r = await manager(LIST, { segment });
      expect(r.errors).toBeUndefined();
      const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [encodeGlobalId('Customer', id), name]));
      return r.data.customers.edges.map((e: { node: { id: string } }) => byId[e.node.id]);
    };
    expect(await names('REPEAT')).toEqual(['Repeat']);
    expect(await names('LAPSED')).toEqual(['Lapsed']);
    // 11 buyers: the 90th percentile of spend is Repeat's 800 ₽, so the top tenth is Big and Repeat.
    expect(await names('HIGH_VALUE')).toEqual(['Big', 'Repeat']);
  });

  const AUDIENCE = `query($segment: CustomerSegment!) { campaignAudience(first: 20, segment: $segment) { edges { node { id email masked } } } }`;
  const EXPORT = `mutation($segment: CustomerSegment!) { exportCampaignAudience(input: { segment: $segment }) { csv recipients hasMore userErrors { code field } } }`;
  const CONSENT = `mutation($input: RecordMarketingConsentInput!) { recordMarketingConsent(input: $input) { customer { marketingConsent marketingConsentSource } userErrors { code field } } }`;

  it('reaches only buyers with recorded consent; the export needs customers:read_pii and is audited', async () => {
    const audience = await manager(AUDIENCE, { segment: 'HIGH_VALUE' });
    expect(audience.data.campaignAudience.edges.map((e: { node: { email: string } }) => e.node.email).sort()).toEqual(['big@example.ru', 'repeat@example.ru']);

    const picker = createTestClient(database.prisma, { roles: ['PICKER'] });
    const refused = await picker(EXPORT, { segment: 'HIGH_VALUE' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Big withdraws through an integrator (write_customers grants it), then the export leaves Big out.
    const integrator = createTestClient(database.prisma, { apiKeyScopes: ['write_customers'] });
    const withdrawn = await integrator(CONSENT, { input: { customerId: encodeGlobalId('Customer', ids.Big!), consent: false, source: 'unsubscribe link' } });
    expect(withdrawn.data.recordMarketingConsent).toEqual({ customer: { marketingConsent: false, marketingConsentSource: 'unsubscribe link' }, userErrors: [] });

    const before = await database.prisma.auditLog.count({ where: { action: 'pii.read' } });
    const exported = await manager(EXPORT, { segment: 'HIGH_VALUE' });
    expect(exported.data.exportCampaignAudience).toMatchObject({ recipients: 1, hasMore: false, userErrors: [] });
    const [header, row, end] = exported.data.exportCampaignAudience.csv.split('\r\n');
    expect(header).toBe('id,name,email,phone,channel,orders,lastOrderAt,consentAt');
    expect(row).toContain(',Repeat,repeat@example.ru,,,2,');
    expect(end).toBe('');
    const audit = await database.prisma.auditLog.findMany({ where: { action: 'pii.read' }, skip: before });
    expect(audit).toMatchObject([{ subjectType: 'Customer', subjectId: ids.Repeat, data: { fields: ['email', 'name'] } }]);
    expect(await database.prisma.auditLog.count({ where: { action: 'customer.consent_withdrawn', subjectId: ids.Big } })).toBe(1);
  });

  it('refuses the export while a buyer of the segment is marked as consenting without a record', async () => {
    await database.prisma.customer.update({ where: { id: ids.Small0! }, data: { marketingConsent: true } });
    await order(database.prisma, ids.Small0!, 10_00, 2);
    const before = await database.prisma.auditLog.count();
    const r = await manager(EXPORT, { segment: 'REPEAT' });
    expect(r.data.exportCampaignAudience).toEqual({ csv: null, recipients: null, hasMore: null, userErrors: [{ code: 'CONSENT_DATA_MISSING', field: ['segment'] }] });
    expect(await database.prisma.auditLog.count()).toBe(before);
    // Unknown customer, empty source: userErrors, nothing written.
    const bad = await manager(CONSENT, { input: { customerId: encodeGlobalId('Customer', ids.Small1!), consent: true, source: '  ' } });
    expect(bad.data.recordMarketingConsent.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'source'] }]);
    expect((await database.prisma.customer.findUniqueOrThrow({ where: { id: ids.Small1! } })).marketingConsentAt).toBeNull();
  });
});
