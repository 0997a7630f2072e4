import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createOrder } from '../../testing/fixtures.ts';

/** An order as the queue lists it. */
const orderFields = /* GraphQL */ `
  {
    id
    number
    channel
    status
    shipBy
    lateRisk
    itemCount
    total {
      minorUnits
      currency
    }
    shippingAddress {
      city
      countryCode
    }
    lines {
      id
      sku
      quantity
      unitPrice {
        minorUnits
        currency
      }
      product {
        id
        sku
        name
        barcodes
        price {
          minorUnits
        }
      }
    }
  }
`;

const ordersWithLines = /* GraphQL */ `
  query Orders($first: Int!, $after: String, $status: [OrderStatus!]) {
    orders(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node ${orderFields}
      }
    }
  }
`;

describe('orders query', () => {
  let database: TestDatabase;
  let statements: string[] = [];
  let gql: ReturnType<typeof createTestClient>;

  beforeAll(async () => {
    database = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
    gql = createTestClient(database.prisma);
  });
  afterAll(() => database.drop());

  async function countStatements(first: number) {
    statements = [];
    const result = await gql(ordersWithLines, { first });
    expect(result.errors).toBeUndefined();
    return { count: statements.length, edges: result.data.orders.edges };
  }

  it('uses the same number of SQL statements for 5 and for 50 orders with lines and products', async () => {
    for (let i = 0; i < 5; i++) await createOrder(database.prisma, { lineCount: 3 });
    const five = await countStatements(5);
    expect(five.edges).toHaveLength(5);

    for (let i = 0; i < 45; i++) await createOrder(database.prisma, { lineCount: 3 });
    const fifty = await countStatements(50);
    expect(fifty.edges).toHaveLength(50);
    expect(fifty.edges.every((e: any) => e.node.lines.length === 3 && e.node.lines.every((l: any) => l.product.sku === l.sku))).toBe(true);

    expect(fifty.count).toBe(five.count);
    // 1 to authenticate the request, and 1 for the page of ids (keyset in SQL) with the total count
    // and the orders with their lines, products and barcodes as JSON (order-list.ts pageRowsSql;
    // itemCount and lines share the lines, which get the order's currency from it). Was 7, then 4, then 3.
    if (process.env.SHOW_SQL) console.log(statements.join('\n'));
    expect(five.count).toBe(2);
    const pageSql = statements.find((sql) => /FROM "Order" t0/.test(sql))!;
    expect(pageSql).toMatch(/FROM "OrderLine" t1/);
    expect(pageSql).toMatch(/FROM "ProductBarcode" t3/);
    // Only the product columns the query asks for (name, sku, price, barcodes), not the whole row.
    expect(pageSql).toContain("'name'");
    expect(pageSql).not.toMatch(/'description'|'attributes'|'imageUrls'/);
    const line = fifty.edges[0].node.lines[0];
    expect(line.unitPrice.currency).toBe(fifty.edges[0].node.total.currency);
  });

  it('selects only the columns the query asks for: no buyer data unless asked', async () => {
    statements = [];
    const result = await gql(`{ orders(first: 5) { edges { node { number itemCount lines { sku total { currency } } } } } }`);
    expect(result.errors).toBeUndefined();
    const orderSql = statements.find((sql) => /FROM "Order" t0/.test(sql))!;
    expect(orderSql).toContain('"number"');
    expect(orderSql).not.toMatch(/ship(Name|Phone|Address1|PostalCode)|customerId/);
    expect(statements.some((sql) => /FROM "public"\."Customer"/.test(sql))).toBe(false);
  });

  it("gives a line reached by its own id its order's currency", async () => {
    const list = await gql(`{ orders(first: 1) { edges { node { total { currency } lines { id } } } } }`);
    const node = list.data.orders.edges[0].node;
    const result = await gql(`query($id: ID!) { node(id: $id) { ... on OrderLine { sku total { minorUnits currency } } } }`, { id: node.lines[0].id });
    expect(result.errors).toBeUndefined();
    expect(result.data.node.total.currency).toBe(node.total.currency);
  });

  it('sorts by ship-by deadline, pages with cursors and filters by status', async () => {
    const soon = await createOrder(database.prisma, { status: 'CONFIRMED', shipBy: new Date(Date.now() - 3_600_000) });
    const page1 = await gql(ordersWithLines, { first: 2, status: ['CONFIRMED'] });
    expect(page1.errors).toBeUndefined();
    const first = page1.data.orders.edges[0].node;
    expect(first.number).toBe(soon.number);
    expect(first.lateRisk).toBe(true);
    expect(page1.data.orders.totalCount).toBe(1);
    expect(page1.data.orders.pageInfo.hasNextPage).toBe(false);

    const all = await gql(ordersWithLines, { first: 30 });
    const deadlines = all.data.orders.edges.map((e: any) => e.node.shipBy);
    expect(deadlines).toEqual([...deadlines].sort());
    const next = await gql(ordersWithLines, { first: 30, after: all.data.orders.pageInfo.endCursor });
    const firstIds = new Set(all.data.orders.edges.map((e: any) => e.node.id));
    expect(next.data.orders.edges.length).toBe(51 - 30);
    expect(next.data.orders.edges.some((e: any) => firstIds.has(e.node.id))).toBe(false);
  });

  it('pages backwards with last and before like forwards', async () => {
    const page = `query($last: Int, $before: String, $first: Int) {
      orders(first: $first, last: $last, before: $before, status: [NEW]) {
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { number } } } }`;
    const forward = (await gql(page, { first: 50 })).data.orders.edges;
    const numbers = forward.map((e: any) => e.node.number);
    const tail = await gql(page, { last: 3 });
    expect(tail.errors).toBeUndefined();
    expect(tail.data.orders.edges.map((e: any) => e.node.number)).toEqual(numbers.slice(-3));
    expect(tail.data.orders.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await gql(page, { last: 5, before: forward[10].cursor });
    expect(before.data.orders.edges.map((e: any) => e.node.number)).toEqual(numbers.slice(5, 10));
    expect(before.data.orders.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true, startCursor: forward[5].cursor });
    const first = await gql(page, { last: 5, before: forward[3].cursor });
    expect(first.data.orders.edges.map((e: any) => e.node.number)).toEqual(numbers.slice(0, 3));
    expect(first.data.orders.pageInfo.hasPreviousPage).toBe(false);
  });

  it('counts orders per status', async () => {
    const result = await gql(`{ orderStatusCounts { status count } }`);
    expect(result.data.orderStatusCounts).toEqual([
      { status: 'NEW', count: 50 },
      { status: 'CONFIRMED', count: 1 },
    ]);
  });

  it('answers a page from its JSON rows exactly as Prisma answers each order', async () => {
    const list = await gql(ordersWithLines, { first: 20 });
    expect(list.errors).toBeUndefined();
    for (const { node: listed } of list.data.orders.edges.slice(0, 5)) {
      // node(id:) loads the order through Prisma (findUnique with its relations).
      const single = await gql(`query($id: ID!) { node(id: $id) { ... on Order ${orderFields} } }`, { id: listed.id });
      expect(single.errors).toBeUndefined();
      expect(single.data.node).toEqual(listed);
    }
  });

  it('leaves pages whose selection the JSON rows do not cover to Prisma, still without N+1', async () => {
    const query = `{ orders(first: 20) { edges { node { number buyer { masked } timeline(first: 5) { totalCount } lines { sku } } } } }`;
    statements = [];
    const result = await gql(query);
    expect(result.errors).toBeUndefined();
    expect(result.data.orders.edges).toHaveLength(20);
    const twenty = statements.length;
    expect(statements.filter((sql) => /FROM "public"\."Order"/.test(sql))).toHaveLength(1);
    statements = [];
    await gql(query.replace('first: 20', 'first: 5'));
    expect(statements.length).toBe(twenty);
  });

  it('resolves an order by its global id through node', async () => {
    const order = await createOrder(database.prisma, { channel: 'ozon' });
    const list = await gql(`{ orders(first: 100) { edges { node { id number } } } }`);
    const id = list.data.orders.edges.find((e: any) => e.node.number === order.number).node.id;
    const result = await gql(`query($id: ID!) { node(id: $id) { __typename ... on Order { number channel externalId } } }`, { id });
    expect(result.data.node).toEqual({ __typename: 'Order', number: order.number, channel: 'ozon', externalId: order.externalId });
  });
});
