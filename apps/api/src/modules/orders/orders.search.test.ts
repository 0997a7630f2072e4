// The floor's order filters and search through the GraphQL endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createOrder } from '../../testing/fixtures.ts';

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
