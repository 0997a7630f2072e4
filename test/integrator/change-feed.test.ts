// The change feed as a connector that missed webhooks uses it: walk orderChanges(updatedSince:)
// page by page with an API key while rows keep changing — by the API, by raw SQL, and inside a
// transaction still open during the walk — and never miss a change.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../apps/api/src/testing/graphql-client.ts';
import { createOrder } from '../../apps/api/src/testing/fixtures.ts';

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

describe('change feed: updatedSince with keyset pages on (updatedAt, id)', () => {
  let database: TestDatabase;
  let key: TestClient;
  let since: string;
  const orderIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    key = createTestClient(database.prisma, { apiKeyScopes: ['write_orders', 'read_products', 'read_shipments', 'read_inventory', 'read_returns'] });
    since = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 12; i++) orderIds.push((await createOrder(database.prisma, { lineCount: 1 })).id);
  });
  afterAll(() => database?.drop());

  const pageQuery = `query($since: DateTime!, $after: String) {
    orderChanges(updatedSince: $since, first: 5, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number updatedAt } }
    }
  }`;
  async function page(after: string | null) {
    const answer = await key(pageQuery, { since, after });
    expect(answer.errors).toBeUndefined();
    return answer.data.orderChanges as {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { cursor: string; node: { id: string; updatedAt: string } }[];
    };
  }
  /** Walks from `after` to the end of the feed; returns what it saw and where it stopped. */
  async function walk(after: string | null, between?: (pageIndex: number) => Promise<void>) {
    const seen: { id: string; updatedAt: string }[] = [];
    for (let i = 0; ; i++) {
      const p = await page(after);
      seen.push(...p.edges.map((e) => e.node));
      after = p.pageInfo.endCursor ?? after;
      if (!p.pageInfo.hasNextPage) return { seen, after };
      await between?.(i);
    }
  }

  it('serves every row once, oldest change first; rows changed during the walk come again, none is skipped', async () => {
    const touched: string[] = [];
    const { seen, after } = await walk(null, async (pageIndex) => {
      if (pageIndex !== 0) return;
      // After the first page: one row already served (by the API) and one not yet served (raw SQL) change.
      const served = orderIds[0];
      const ahead = orderIds[9];
      const held = await key(`mutation($id: ID!) { placeHold(id: $id, reason: AWAITING_BUYER) { userErrors { code } } }`, { id: globalId('Order', served) });
      expect(held.data.placeHold.userErrors).toEqual([]);
      await database.prisma.$executeRaw`UPDATE "Order" SET "shipBy" = "shipBy" + interval '1 day' WHERE id = ${ahead}::uuid`;
      touched.push(served, ahead);
    });
    const ids = seen.map((n) => n.id);
    // Every order at least once; the two changed ones after their change as well.
    for (const id of orderIds) expect(ids).toContain(globalId('Order', id));
    expect(ids.filter((id) => id === globalId('Order', touched[0]))).toHaveLength(2);
    expect(ids.slice(-2)).toEqual(touched.map((id) => globalId('Order', id)));
    // The walk's order is (updatedAt, id), never backwards.
    const positions = seen.map((n) => n.updatedAt);
    expect(positions).toEqual([...positions].sort());
    // Nothing changed since: the saved cursor answers an empty page.
    expect((await page(after)).edges).toEqual([]);
  });

  // PGlite (ORDERLY_TEST_PGLITE=1) has one connection: no second transaction can stay open meanwhile.
  it.skipIf(process.env.ORDERLY_TEST_PGLITE === '1')(
    'holds back rows while a transaction that started earlier is still open, then serves what it committed',
    async () => {
      const { after: start } = await walk(null);
      const [slow, quick] = [orderIds[3], orderIds[4]];
      const connection = new pg.Client({ connectionString: database.url! });
      await connection.connect();
      try {
        // A slow writer: its transaction starts, writes, and commits only after the reader has walked.
        await connection.query('BEGIN');
        await connection.query(`UPDATE "Order" SET "shipBy" = "shipBy" + interval '1 hour' WHERE id = $1`, [slow]);
        // A quick writer commits a later change meanwhile.
        await database.prisma.$executeRaw`UPDATE "Order" SET "shipBy" = "shipBy" + interval '2 hours' WHERE id = ${quick}::uuid`;
        // The reader sees neither yet: serving the quick one would move its cursor past the slow one's stamp.
        const during = await walk(start);
        expect(during.seen).toEqual([]);
        await connection.query('COMMIT');
        const afterwards = await walk(during.after);
        expect(afterwards.seen.map((n) => n.id)).toEqual([globalId('Order', slow), globalId('Order', quick)]);
      } finally {
        await connection.end();
      }
    },
  );

  it('bumps updatedAt on every write, raw SQL included (a trigger on each fed table); every feed answers', async () => {
    const triggers = await database.prisma.$queryRaw<{ table: string }[]>`
      SELECT tgrelid::regclass::text AS table FROM pg_trigger WHERE tgname LIKE '%_touch_updated_at' ORDER BY 1`;
    expect(triggers.map((t) => t.table)).toEqual(['"InventoryLevel"', '"Order"', '"Product"', '"Return"', '"Shipment"']);

    const order = await database.prisma.order.findUniqueOrThrow({ where: { id: orderIds[5] }, include: { lines: true } });
    const before = order.updatedAt;
    await database.prisma.$executeRaw`UPDATE "Order" SET "shipBy" = "shipBy" WHERE id = ${order.id}::uuid`;
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).updatedAt.getTime()).toBeGreaterThan(before.getTime());

    const productId = order.lines[0].productId!;
    const mark = new Date();
    await database.prisma.$executeRaw`UPDATE "Product" SET "priceAmount" = "priceAmount" + 1 WHERE id = ${productId}::uuid`;
    const products = await key(`query($since: DateTime!) { productChanges(updatedSince: $since, first: 10) { edges { node { id sku updatedAt } } } }`, {
      since: mark.toISOString(),
    });
    expect(products.errors).toBeUndefined();
    expect(products.data.productChanges.edges.map((e: any) => e.node.id)).toEqual([globalId('Product', productId)]);

    for (const field of ['shipmentChanges', 'returnChanges', 'inventoryLevelChanges']) {
      const answer = await key(`query($since: DateTime!) { ${field}(updatedSince: $since, first: 10) { pageInfo { hasNextPage } edges { cursor node { id } } } }`, {
        since,
      });
      expect(answer.errors, field).toBeUndefined();
    }
  });

  it('refuses a walk backwards and a forged cursor', async () => {
    const backwards = await key(`query($since: DateTime!) { orderChanges(updatedSince: $since, last: 5) { edges { cursor } } }`, { since });
    expect(backwards.errors?.[0].message).toMatch(/forwards/);
    const forged = await key(pageQuery, { since, after: Buffer.from('change:yesterday:1').toString('base64') });
    expect(forged.errors?.[0].message).toMatch(/Invalid cursor/);
  });
});
