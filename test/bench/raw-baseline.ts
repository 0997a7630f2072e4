// The yardstick for `pnpm bench`, not part of the product: what a hand-written node:http + pg
// endpoint does for the queue page and for confirmOrder, same database, same JSON, same work
// (keyset page with lines and products; lock, price check, guarded reservation, ledger, status,
// timeline and outbox in one transaction). The API's throughput is printed as a ratio of this.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { compressResponse } from '../../apps/api/src/http-compression.ts';

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');

const QUEUE_SQL = `
  SELECT o.id, o.number, o.status, o."shipBy", o."totalAmount", o.currency,
    (SELECT coalesce(json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity, 'cancelled', l."quantityCancelled",
        'product', CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('name', p.name,
          'barcodes', (SELECT coalesce(json_agg(b.code ORDER BY b.code), '[]') FROM "ProductBarcode" b WHERE b."productId" = p.id)) END)
      ORDER BY l.position), '[]')
     FROM "OrderLine" l LEFT JOIN "Product" p ON p.id = l."productId" WHERE l."orderId" = o.id) AS lines
  FROM "Order" o
  WHERE o.status = ANY($1::"OrderStatus"[]) AND ($2::uuid IS NULL OR (o."shipBy", o.id) > ((SELECT c."shipBy" FROM "Order" c WHERE c.id = $2::uuid), $2::uuid))
  ORDER BY o."shipBy", o.id LIMIT $3`;

const RESERVE_SQL = `
  WITH wanted AS MATERIALIZED (SELECT * FROM unnest($2::uuid[], $3::int[]) AS w("productId", quantity)),
  locked AS MATERIALIZED (
    SELECT l."productId", l."onHand" - l.reserved - l.picked AS available FROM "InventoryLevel" l
    WHERE l."warehouseId" = $1 AND l."productId" IN (SELECT "productId" FROM wanted) ORDER BY l."productId" FOR UPDATE),
  short AS MATERIALIZED (
    SELECT w."productId" FROM wanted w LEFT JOIN locked k ON k."productId" = w."productId" WHERE coalesce(k.available, 0) < w.quantity),
  reserved AS (
    UPDATE "InventoryLevel" l SET reserved = l.reserved + w.quantity, "updatedAt" = now() FROM wanted w
    WHERE NOT EXISTS (SELECT 1 FROM short) AND l."warehouseId" = $1 AND l."productId" = w."productId"
      AND l."onHand" - l.reserved - l.picked >= w.quantity
    RETURNING l."productId", w.quantity),
  ledger AS (
    INSERT INTO "StockMovement" (id, "productId", "warehouseId", kind, "reservedDelta", "orderId", actor)
    SELECT gen_random_uuid(), r."productId", $1, 'RESERVATION', r.quantity, $4, $5 FROM reserved r RETURNING 1)
  SELECT (SELECT count(*) FROM short)::int AS short, (SELECT count(*) FROM ledger)::int AS reserved`;

type Json = Record<string, unknown>;

async function queue(pool: pg.Pool, input: Json, now: Date) {
  const { rows } = await pool.query(QUEUE_SQL, [input.status, input.after ?? null, input.first]);
  const soon = now.getTime() + 4 * 3_600_000;
  return {
    data: {
      orders: {
        pageInfo: { endCursor: rows.at(-1)?.id ?? null },
        edges: rows.map((o) => ({
          node: {
            id: gid('Order', o.id),
            number: o.number,
            status: o.status,
            shipBy: o.shipBy.toISOString(),
            lateRisk: o.shipBy.getTime() <= soon,
            itemCount: o.lines.reduce((sum: number, l: Json) => sum + (l.quantity as number) - (l.cancelled as number), 0),
            total: { minorUnits: o.totalAmount, currency: o.currency },
            lines: o.lines.map((l: Json) => ({ sku: l.sku, quantity: l.quantity, product: l.product })),
          },
        })),
      },
    },
  };
}

async function confirm(pool: pg.Pool, input: Json, actor: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const {
      rows: [order],
    } = await client.query(
      `SELECT id, number, status, version, "warehouseId", "shipName", "shipAddress1", "shipCity", "shipPostalCode", "shipCountryCode" FROM "Order" WHERE id = $1 FOR UPDATE`,
      [input.id],
    );
    if (!order || order.status !== 'NEW') throw new Error(`order ${input.id} is not NEW`);
    const { rows: lines } = await client.query(
      `SELECT l.id, l.sku, l."productId", l.quantity - l."quantityCancelled" AS units, l."unitPriceAmount" = p."priceAmount" AS "priceMatches"
       FROM "OrderLine" l JOIN "Product" p ON p.id = l."productId" WHERE l."orderId" = $1 AND l.quantity > l."quantityCancelled" ORDER BY l.position`,
      [order.id],
    );
    if (lines.some((l) => !l.priceMatches)) throw new Error('price mismatch');
    const units = new Map<string, number>();
    for (const l of lines) units.set(l.productId, (units.get(l.productId) ?? 0) + l.units);
    const ids = [...units.keys()].sort();
    const {
      rows: [reservation],
    } = await client.query(RESERVE_SQL, [order.warehouseId, ids, ids.map((id) => units.get(id)), order.id, actor]);
    if (reservation.short) throw new Error('short stock');
    await client.query(
      `WITH o AS (UPDATE "Order" SET status = 'CONFIRMED', "confirmedAt" = now(), version = version + 1, "updatedAt" = now() WHERE id = $1 RETURNING id, number, version),
       e AS (INSERT INTO "OrderEvent" (id, "orderId", type, actor, "fromStatus", "toStatus", data)
             VALUES (gen_random_uuid(), $1, 'CONFIRMED', $2, 'NEW', 'CONFIRMED', '{}'), (gen_random_uuid(), $1, 'STOCK_RESERVED', $2, NULL, NULL, $3::jsonb) RETURNING 1)
       INSERT INTO "OutboxEvent" (id, type, "aggregateType", "aggregateId", payload)
       SELECT gen_random_uuid(), 'order.status_changed', 'Order', o.id::text,
         json_build_object('orderId', o.id, 'number', o.number, 'from', 'NEW', 'to', 'CONFIRMED', 'orderVersion', o.version) FROM o`,
      [order.id, actor, JSON.stringify({ lines: lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.units })) })],
    );
    await client.query('COMMIT');
    return { data: { confirmOrder: { order: { status: 'CONFIRMED' }, userErrors: [] } } };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** Starts the baseline on `databaseUrl`: POST /queue {first, after, status} and POST /confirm {id}. */
export async function startRawBaseline(databaseUrl: string, poolSize: number): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const server: Server = createServer(async (request, response) => {
    // The same bytes on the wire as the API sends (brotli or gzip per Accept-Encoding, as app.ts does):
    // the ratio compares GraphQL and Prisma with hand-written SQL, not compressed with plain JSON.
    compressResponse(request, response);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
      const body = request.url === '/queue' ? await queue(pool, input, new Date()) : await confirm(pool, input, 'user:raw-baseline');
      const json = JSON.stringify(body);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
