// The floor's order filters and search through the GraphQL endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@orderly/schema';
import { loadScaleData } from '@orderly/schema/seed/scale';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createOrder } from '../../testing/fixtures.ts';
import { countOrdersByStatus, matchingOrdersSql, orderIdPageSql } from './order-list.ts';

describe('order filters and search', () => {
  let database: TestDatabase;
  let gql: ReturnType<typeof createTestClient>;
  const hour = 3_600_000;
  let ozonLate: Awaited<ReturnType<typeof createOrder>>;
  let manualHeld: Awaited<ReturnType<typeof createOrder>>;
  let later: Awaited<ReturnType<typeof createOrder>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    ozonLate = await createOrder(database.prisma, { channel: 'ozon', status: 'CONFIRMED', shipBy: new Date(Date.now() - hour) });
    manualHeld = await createOrder(database.prisma, { status: 'ON_HOLD', shipBy: new Date(Date.now() + 2 * hour) });
    await database.prisma.order.update({ where: { id: manualHeld.id }, data: { holdReason: 'AWAITING_BUYER', shipName: 'Пётр Иванов' } });
    later = await createOrder(database.prisma, { channel: 'ozon', shipBy: new Date(Date.now() + 72 * hour) });
  });
  afterAll(() => database.drop());

  async function numbers(args: string, variables: Record<string, unknown> = {}) {
    const defs = [args.includes('$search') && '$search: String', args.includes('$before') && '$before: DateTime'].filter(Boolean).join(', ');
    const r = await gql(`query${defs ? `(${defs})` : ''} { orders(first: 50, ${args}) { totalCount edges { node { number lateRisk } } } }`, variables);
    expect(r.errors).toBeUndefined();
    expect(r.data.orders.totalCount).toBe(r.data.orders.edges.length);
    return r.data.orders.edges.map((e: any) => e.node.number);
  }

  it('filters by channel, status, hold reason and deadline', async () => {
    expect(await numbers('channel: ["ozon"]')).toEqual([ozonLate.number, later.number]);
    expect(await numbers('status: [ON_HOLD]')).toEqual([manualHeld.number]);
    expect(await numbers('holdReason: [AWAITING_BUYER]')).toEqual([manualHeld.number]);
    expect(await numbers('shipByBefore: $before', { before: new Date(Date.now() + 24 * hour).toISOString() })).toEqual([ozonLate.number, manualHeld.number]);
  });

  it('searches by order number, external id, recipient name and SKU', async () => {
    expect(await numbers('search: $search', { search: `#${later.number}` })).toEqual([later.number]);
    expect(await numbers('search: $search', { search: ozonLate.externalId! })).toEqual([ozonLate.number]);
    expect(await numbers('search: $search', { search: 'пётр' })).toEqual([manualHeld.number]);
    expect(await numbers('search: $search', { search: 'Петр Иванов' })).toEqual([manualHeld.number]);
    expect(await numbers('search: $search', { search: later.lines[1].sku })).toEqual([later.number]);
  });

  it('flags late risk for unshipped orders near or past their deadline', async () => {
    const r = await gql(`{ orders(first: 10) { edges { node { number lateRisk } } } }`);
    expect(r.data.orders.edges.map((e: any) => e.node)).toEqual([
      { number: ozonLate.number, lateRisk: true },
      { number: manualHeld.number, lateRisk: true },
      { number: later.number, lateRisk: false },
    ]);
  });
});

describe('search keys, escaping and buyer data', () => {
  let database: TestDatabase;
  let admin: ReturnType<typeof createTestClient>;
  let picker: ReturnType<typeof createTestClient>;
  let order: Awaited<ReturnType<typeof createOrder>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = createTestClient(database.prisma);
    picker = createTestClient(database.prisma, { roles: ['PICKER'] });
    order = await createOrder(database.prisma, { channel: 'ozon' });
    await database.prisma.order.update({
      where: { id: order.id },
      data: { externalId: '87215400-0001-1', shipPhone: '+7 (912) 345-67-89', shipName: 'Зоя Кузнецова' },
    });
    await createOrder(database.prisma, { channel: 'ozon' });
  });
  afterAll(() => database.drop());

  async function search(client: ReturnType<typeof createTestClient>, term: string) {
    const r = await client(`query($s: String) { orders(first: 10, search: $s) { totalCount edges { node { number } } } }`, { s: term });
    expect(r.errors).toBeUndefined();
    expect(r.data.orders.totalCount).toBe(r.data.orders.edges.length);
    return r.data.orders.edges.map((e: any) => e.node.number);
  }

  it('treats LIKE wildcards and the escape character as text', async () => {
    for (const term of ['\\', '%', '_', '\\%', 'a\\']) expect(await search(admin, term)).toEqual([]);
    // The reported request, as GraphQL text: search for one backslash (was INTERNAL_SERVER_ERROR).
    const literal = await admin(`{ orders(first: 1, search: "\\\\") { totalCount } }`);
    expect(literal.errors).toBeUndefined();
    expect(literal.data.orders.totalCount).toBe(0);
    const nul = await admin(`query($s: String) { orders(first: 1, search: $s) { totalCount } }`, { s: 'a\u0000' });
    expect(nul.errors?.[0]?.message).toContain('NUL');
    expect(nul.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('finds a posting by its number or its prefix, and a SKU in any case', async () => {
    expect(await search(admin, '87215400-0001-1')).toEqual([order.number]);
    expect(await search(admin, '87215400-0001')).toEqual([order.number]);
    expect(await search(admin, order.lines[0].sku.toLowerCase())).toEqual([order.number]);
  });

  it('finds a recipient by phone in any notation and by the words of the name, for buyer-data readers only', async () => {
    for (const phone of ['+79123456789', '8 912 345 67 89', '9123456789']) expect(await search(admin, phone)).toEqual([order.number]);
    expect(await search(admin, 'кузнец')).toEqual([order.number]);
    expect(await search(admin, 'ЗОЯ КУЗНЕЦОВА')).toEqual([order.number]);
    // Words in any order, the last one while it is being typed; "е" finds "ё" and back.
    expect(await search(admin, 'кузнецова, зоя')).toEqual([order.number]);
    expect(await search(admin, 'Зоя Кузн')).toEqual([order.number]);
    expect(await search(admin, 'Зоя Кузнецов Иван')).toEqual([]);
    // Without customers:read_pii buyer data is not a search key: nothing tells a phone or a name matched.
    expect(await search(picker, '+79123456789')).toEqual([]);
    expect(await search(picker, 'Кузнецова')).toEqual([]);
    expect(await search(picker, '87215400-0001-1')).toEqual([order.number]);
  });

  it('does not find orders whose buyer data retention removed by their placeholder', async () => {
    const anonymised = await createOrder(database.prisma, { channel: 'ozon' });
    await database.prisma.order.update({ where: { id: anonymised.id }, data: { shipName: '[removed]', shipPhone: null, piiAnonymizedAt: new Date() } });
    expect(await search(admin, 'removed')).toEqual([]);
    expect(await search(admin, '[removed]')).toEqual([]);
  });
});

describe('order list plans on a database with statistics', () => {
  // Thousands of orders and ANALYZE: the planner weighs indexes against scans as it would on a
  // big database (enable_seqscan=off would prove nothing). Every list and search query must find
  // its rows through an index, never by reading all orders or lines.
  let database: TestDatabase;
  const pii = { searchBuyerData: true };
  let sample: { id: string; number: number; externalId: string; shipPhone: string; shipName: string; sku: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadScaleData((statement) => database.prisma.$executeRawUnsafe(statement), { orders: 10_000 });
    [sample] = await database.prisma.$queryRaw<(typeof sample)[]>`
      SELECT o.id::text, o.number, o."externalId", o."shipPhone", o."shipName", l.sku
      FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o.id
      WHERE o."externalId" IS NOT NULL AND o.status = 'PICKING' ORDER BY o.number LIMIT 1`;
  });
  afterAll(() => database.drop());

  /** The plan's nodes, flattened. */
  async function plan(query: Prisma.Sql) {
    const [row] = await database.prisma.$queryRaw<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${query}`);
    const nodes: PlanNode[] = [];
    const walk = (node: PlanNode) => {
      nodes.push(node);
      node.Plans?.forEach(walk);
    };
    walk(row!['QUERY PLAN'][0].Plan);
    return nodes;
  }
  interface PlanNode {
    'Node Type': string;
    'Relation Name'?: string;
    'Index Name'?: string;
    Plans?: PlanNode[];
  }

  async function expectIndexes(query: Prisma.Sql, indexes: string[]) {
    const nodes = await plan(query);
    const scans = nodes.filter((n) => n['Node Type'] === 'Seq Scan' && ['Order', 'OrderLine'].includes(n['Relation Name']!));
    expect(scans, JSON.stringify(nodes.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']]))).toEqual([]);
    const used = new Set(nodes.map((n) => n['Index Name']).filter(Boolean));
    for (const index of indexes) expect([...used]).toContain(index);
  }

  const open = ['NEW', 'CONFIRMED', 'ON_HOLD', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP'] as const;

  it('pages by keyset through the (status, shipBy, id) and (shipBy, id) indexes', async () => {
    const page = { take: 51 };
    const after = { take: 51, cursor: { id: sample.id } };
    await expectIndexes(orderIdPageSql({ status: [...open] }, page, pii), ['Order_status_shipBy_id_idx']);
    await expectIndexes(orderIdPageSql({ status: [...open] }, after, pii), ['Order_status_shipBy_id_idx', 'Order_pkey']);
    await expectIndexes(orderIdPageSql({ status: ['COMPLETED'] }, after, pii), ['Order_status_shipBy_id_idx']);
    await expectIndexes(orderIdPageSql({}, after, pii), ['Order_shipBy_id_idx']);
    await expectIndexes(orderIdPageSql({}, { take: -51, cursor: { id: sample.id } }, pii), ['Order_shipBy_id_idx']);
    await expectIndexes(matchingOrdersSql({ status: [...open], shipByBefore: new Date() }, pii)!, ['Order_status_shipBy_id_idx']);
  });

  it('searches every key through its own index', async () => {
    const cases: [string, string[]][] = [
      [`#${sample.number}`, ['Order_number_key']],
      [sample.externalId, ['Order_externalId_lower_idx']],
      [sample.sku.toLowerCase(), ['OrderLine_sku_lower_shipBy_orderId_idx']],
      [sample.shipPhone, ['Order_shipPhone_key_idx']],
      [sample.shipName, ['Order_shipName_words_idx']],
    ];
    for (const [term, indexes] of cases) {
      await expectIndexes(orderIdPageSql({ search: term }, { take: 51 }, pii), indexes);
      await expectIndexes(matchingOrdersSql({ search: term }, pii)!, indexes);
      const found = await database.prisma.$queryRaw<{ id: string }[]>(orderIdPageSql({ search: term }, { take: 51 }, pii));
      expect(found.map((r) => r.id)).toContain(sample.id);
    }
  });

  it("counts a SKU's orders from the line index alone, without reading an order per line", async () => {
    // At a million orders a SKU sits on ~1 000 lines: one Order lookup each was the SKU search's
    // growth (issue 11). Without other filters the count needs only the orders' ids.
    const nodes = await plan(matchingOrdersSql({ search: sample.sku }, { searchBuyerData: false })!);
    expect(nodes.filter((n) => n['Index Name'] === 'OrderLine_sku_lower_shipBy_orderId_idx')).toHaveLength(1);
    // The only Order reads left are the external-id branch's own index (the pkey is never probed per line).
    const orderReads = nodes.filter((n) => n['Relation Name'] === 'Order').map((n) => n['Index Name']);
    expect(orderReads).toEqual(['Order_externalId_lower_idx']);
    const [{ count }] = await database.prisma.$queryRaw<{ count: number }[]>(
      Prisma.sql`SELECT count(*)::int AS count FROM (${matchingOrdersSql({ search: sample.sku }, { searchBuyerData: false })!}) m`,
    );
    const [{ expected }] = await database.prisma.$queryRaw<{ expected: number }[]>`
      SELECT count(DISTINCT "orderId")::int AS expected FROM "OrderLine" WHERE lower(sku) = lower(${sample.sku})`;
    expect(count).toBe(expected);
  });

  it("pages a SKU's orders along the line index, stopping after the page", async () => {
    // At a million orders a SKU sits on ~1 000 lines: sorting them all by the orders' shipBy was
    // the SKU search's growth (issue 11). The line's copy of shipBy orders the index itself.
    // A SKU as common as at a million orders (10 000 orders hold ~10 lines of each): the planner
    // sorts a few lines rather than walk the index, rightly, and only walks it for many.
    await database.prisma.$executeRaw`UPDATE "OrderLine" SET sku = 'BULK-1' WHERE position = 1 AND "orderId" <> ${sample.id}::uuid AND "orderId" IN (
      SELECT id FROM "Order" ORDER BY number LIMIT 2000)`;
    await database.prisma.$executeRawUnsafe('ANALYZE "OrderLine"');
    for (const page of [{ take: 21 }, { take: 21, cursor: { id: sample.id } }, { take: -21, cursor: { id: sample.id } }]) {
      const nodes = await plan(orderIdPageSql({ search: 'bulk-1' }, page, pii));
      // A Limit right over the index walk, no sort of the SKU's lines in between.
      const limitOverLines = nodes.find(
        (n) => n['Node Type'] === 'Limit' && JSON.stringify(n).includes('OrderLine_sku_lower_shipBy_orderId_idx') && !JSON.stringify(n).includes('"Node Type":"Sort"'),
      );
      expect(limitOverLines, JSON.stringify(nodes.map((n) => [n['Node Type'], n['Index Name']]))).toBeDefined();
    }
  });

  it("walks a SKU's orders page by page, forwards and backwards, in (shipBy, id) order", async () => {
    // The SKU of most orders, one order holding it twice (DISTINCT), and a filter that joins Order.
    const [{ sku }] = await database.prisma.$queryRaw<{ sku: string }[]>`
      SELECT sku FROM "OrderLine" WHERE sku <> 'BULK-1' GROUP BY sku ORDER BY count(*) DESC, sku LIMIT 1`;
    const [twice] = await database.prisma.$queryRaw<{ orderId: string; position: number }[]>`
      SELECT "orderId"::text, min(position) AS position FROM "OrderLine"
      GROUP BY "orderId" HAVING count(*) >= 2 AND bool_and(sku NOT IN (${sku}, 'BULK-1')) ORDER BY "orderId" LIMIT 1`;
    await database.prisma.$executeRaw`UPDATE "OrderLine" SET sku = ${sku} WHERE "orderId" = ${twice!.orderId}::uuid`;
    await database.prisma.$executeRaw`UPDATE "OrderLine" SET sku = lower(sku) WHERE "orderId" = ${twice!.orderId}::uuid AND position = ${twice!.position}`;
    const cutoff = new Date();
    for (const filter of [{ search: sku }, { search: sku, shipByBefore: cutoff }]) {
      const expected = (
        await database.prisma.$queryRaw<{ id: string }[]>`
          SELECT o.id::text FROM "Order" o WHERE EXISTS (SELECT 1 FROM "OrderLine" l WHERE l."orderId" = o.id AND lower(l.sku) = lower(${sku}))
          AND (${!filter.shipByBefore} OR o."shipBy" < ${cutoff}) ORDER BY o."shipBy", o.id`
      ).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(8);
      if (!filter.shipByBefore) expect(expected).toContain(twice!.orderId);
      const forward: string[] = [];
      let cursor: { id: string } | undefined;
      for (;;) {
        const ids = (await database.prisma.$queryRaw<{ id: string }[]>(orderIdPageSql(filter, { take: 4, cursor }, pii))).map((r) => r.id);
        forward.push(...ids);
        if (ids.length < 4) break;
        cursor = { id: ids.at(-1)! };
      }
      expect(forward).toEqual(expected);
      const before = (await database.prisma.$queryRaw<{ id: string }[]>(orderIdPageSql(filter, { take: -4, cursor: { id: expected.at(-1)! } }, pii))).map((r) => r.id);
      expect(before.reverse()).toEqual(expected.slice(-5, -1));
    }
  });

  it("keeps each line's shipBy equal to its order's, on insert and when the order's changes", async () => {
    const mismatched = () => database.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "OrderLine" l JOIN "Order" o ON o.id = l."orderId" WHERE l."shipBy" IS DISTINCT FROM o."shipBy"`;
    expect(await mismatched()).toEqual([{ n: 0 }]);
    await database.prisma.order.update({ where: { id: sample.id }, data: { shipBy: new Date('2020-01-01T00:00:00Z') } });
    // A write to the copy itself is overruled by the order's value.
    await database.prisma.$executeRaw`UPDATE "OrderLine" SET "shipBy" = now() WHERE "orderId" = ${sample.id}::uuid`;
    expect(await mismatched()).toEqual([{ n: 0 }]);
    const [first] = await database.prisma.$queryRaw<{ id: string }[]>(orderIdPageSql({ search: sample.sku }, { take: 1 }, pii));
    expect(first!.id).toBe(sample.id);
  });

  it('keeps the per-status tally equal to the orders, through updates and folding', async () => {
    const actual = () =>
      database.prisma.$queryRaw<{ status: string; count: number }[]>`SELECT o.status::text, count(*)::int AS count FROM "Order" o GROUP BY o.status ORDER BY o.status`;
    const tallied = async () => (await countOrdersByStatus(database.prisma)).map((c) => ({ status: c.status, count: c.count }));
    expect(await tallied()).toEqual(await actual());
    await database.prisma.order.updateMany({ where: { status: 'NEW', number: { lt: 9_900 } }, data: { status: 'CONFIRMED' } });
    await database.prisma.order.update({ where: { id: sample.id }, data: { status: 'PICKED', version: { increment: 1 } } });
    expect(await tallied()).toEqual(await actual());
    await database.prisma.$executeRaw`SELECT orderly_fold_order_status_tally()`;
    expect(await tallied()).toEqual(await actual());
    const [{ rows }] = await database.prisma.$queryRaw<{ rows: number }[]>`SELECT count(*)::int AS rows FROM "OrderStatusTally"`;
    expect(rows).toBe((await actual()).length);
  });
});
