// Operating the real server process: JSON request logs without buyer data or credentials,
// Prometheus metrics behind a token, readiness, and the migration gate at boot.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testServerUrl, type TestDatabase } from '@orderly/schema/testing';
import { createProduct, createWarehouse } from '../../apps/api/src/testing/fixtures.ts';
import { createApiKey, demoLogins, loginToken } from '../support/api-auth.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const metricsToken = 'metrics-token-for-the-test-0001';
const E = 'userErrors { code message }';
/** A buyer like the demo's, whose every detail must stay out of the log. */
const buyer = { name: 'Анна Смирнова-Лесная', phone: '+7 916 555-01-23', email: 'anna.lesnaya@example.ru', street: 'ул. Лесная, 17, кв. 4' };

describe('observability of a running server', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let adminToken: string;
  let apiKey: string;

  const gql = async (query: string, variables: Record<string, unknown> = {}, token = adminToken) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as any;
  };
  /** Every line the server wrote, parsed: each must be one JSON object. */
  const logLines = () =>
    server
      .output()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, any>;
        } catch {
          throw new Error(`not a JSON log line: ${line}`);
        }
      });

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.url, { LOG_LEVEL: 'debug', METRICS_TOKEN: metricsToken });
    adminToken = await loginToken(server.url, demoLogins.admin);
    apiKey = await createApiKey(server.url, ['read_orders']);
    await createWarehouse(database.prisma, 'OBS');
    await createProduct(database.prisma, { sku: 'OBS-1' });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('logs one JSON line per request, and no buyer data or credential through a whole order flow', async () => {
    expect(
      (await gql(`mutation { receiveStock(input: { code: "OBS-1", warehouseCode: "OBS", locationCode: "A-01-1", quantity: 2 }) { ${E} } }`)).data.receiveStock.userErrors,
    ).toEqual([]);
    const created = await gql(`mutation CreateOrder($i: CreateOrderInput!) { createOrder(input: $i, idempotencyKey: "obs-create-0001") { order { id } ${E} } }`, {
      i: {
        channel: 'manual',
        currency: 'RUB',
        warehouseCode: 'OBS',
        lines: [{ sku: 'OBS-1', quantity: 2 }],
        buyer: { name: buyer.name, phone: buyer.phone, email: buyer.email },
        shippingAddress: { name: buyer.name, phone: buyer.phone, address1: buyer.street, city: 'Тула', postalCode: '300000', countryCode: 'RU' },
      },
    });
    const orderId = created.data.createOrder.order.id;
    // A refused request whose error message quotes buyer data (the phone where a number belongs): logged as its code.
    const refused = await gql(`mutation CreateOrder($i: CreateOrderInput!) { createOrder(input: $i) { order { id } ${E} } }`, {
      i: { channel: 'manual', currency: 'RUB', lines: [{ sku: 'OBS-1', quantity: buyer.phone }], shippingAddress: { name: buyer.name, address1: buyer.street } },
    });
    expect(refused.errors[0].message).toContain(buyer.phone);
    const confirmed = await gql(`mutation ConfirmOrder($id: ID!) { confirmOrder(id: $id) { order { status } ${E} } }`, { id: orderId });
    expect(confirmed.data.confirmOrder.order.status).toBe('CONFIRMED');
    const picking = await gql(`mutation($ids: [ID!]) { createPickList(orderIds: $ids, warehouseCode: "OBS") { pickList { id } ${E} } }`, { ids: [orderId] });
    expect(picking.data.createPickList.userErrors).toEqual([]);
    const list = picking.data.createPickList.pickList;
    await gql(`mutation($l: ID!) { scanPick(pickListId: $l, code: "BC-OBS-1", quantity: 2, idempotencyKey: "obs-scan-0001") { ${E} } }`, { l: list.id });
    await gql(`mutation($l: ID!) { completePickList(pickListId: $l) { ${E} } }`, { l: list.id });
    const parcelId = (await gql(`mutation($o: ID!) { scanPack(orderId: $o, code: "OBS-1", quantity: 2) { parcel { id } ${E} } }`, { o: orderId })).data.scanPack.parcel
      .id;
    await gql(`mutation($p: ID!) { closeParcel(parcelId: $p, weightGrams: 300) { ${E} } }`, { p: parcelId });
    await gql(`mutation($p: ID!) { printLabel(parcelId: $p, format: ZPL, carrierCode: "cdek") { ${E} } }`, { p: parcelId });
    const shipped = await gql(
      `mutation ShipOrder($o: ID!, $p: ID!) { shipOrder(orderId: $o, parcels: [{ parcelId: $p, trackingNumbers: ["OBS-TRACK-1"] }]) { order { status } ${E} } }`,
      { o: orderId, p: parcelId },
    );
    expect(shipped.data.shipOrder).toEqual({ order: { status: 'SHIPPED' }, userErrors: [] });
    // The admin reads every order's address unmasked, the integrator the masked one.
    const read = `query Addresses { orders(first: 100) { edges { node { shippingAddress { name phone address1 } } } } }`;
    expect((await gql(read)).data.orders.edges.length).toBeGreaterThan(50);
    expect((await gql(read, {}, apiKey)).errors).toBeUndefined();

    await new Promise((r) => setTimeout(r, 300)); // the last lines reach the pipe
    const lines = logLines();
    const requests = lines.filter((l) => l.msg === 'graphql request');
    const byOperation = (name: string) => requests.filter((l) => l.operation === name);
    expect(byOperation('ShipOrder')).toEqual([
      expect.objectContaining({
        level: 'info',
        component: 'http',
        type: 'mutation',
        caller: 'user',
        status: 200,
        durationMs: expect.any(Number),
        cost: expect.any(Number),
      }),
    ]);
    expect(byOperation('CreateOrder')).toHaveLength(2);
    expect(byOperation('CreateOrder')[1]).toMatchObject({ caller: 'user', errors: ['BAD_REQUEST'] });
    expect(byOperation('Addresses').map((l) => l.caller)).toEqual(['user', 'apiKey']);
    expect(byOperation('Addresses')[0]!.actor).toMatch(/^user:/);

    const output = server.output();
    const demoBuyers = (await database.prisma.$queryRaw<{ shipName: string; shipPhone: string | null; shipAddress1: string }[]>`
      SELECT "shipName", "shipPhone", "shipAddress1" FROM "Order"`) as { shipName: string; shipPhone: string | null; shipAddress1: string }[];
    expect(demoBuyers.length).toBeGreaterThan(50);
    const secrets = [buyer.name, buyer.phone, buyer.email, buyer.street, 'Смирнова', '555-01-23', 'Лесная', adminToken, apiKey, metricsToken];
    for (const o of demoBuyers) secrets.push(o.shipName, o.shipAddress1, ...(o.shipPhone ? [o.shipPhone] : []));
    const leaked = [...new Set(secrets)].filter((secret) => output.includes(secret));
    expect(leaked).toEqual([]);
  });

  it('serves Prometheus metrics only with the token, never the PWA', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-the-same-size' } })).status).toBe(401);
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^orderly_graphql_operations_total\{operation="ShipOrder",type="mutation",result="ok"\} 1$/m);
    expect(text).toMatch(/^orderly_graphql_operation_duration_seconds_count\{operation="ShipOrder",type="mutation"\} 1$/m);
    expect(text).toMatch(/^orderly_graphql_errors_total\{code="BAD_REQUEST"\} 1$/m);
    expect(text).toMatch(/^orderly_webhook_deliveries\{status="PENDING"\} \d+$/m);
    expect(text).toMatch(/^orderly_outbox_backlog\{consumer="notifications"\} \d+$/m);
    expect(text).toMatch(/^orderly_jobs\{state="ready"\} \d+$/m);
    expect(text).toMatch(/^orderly_database_up 1$/m);
    expect(Number(/^orderly_database_pool_connections\{state="total"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^orderly_database_pool_connections\{state="max"\} \d+$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).not.toContain(buyer.name);
  });

  it('is ready: database reachable and every migration applied', async () => {
    const response = await fetch(`${server.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'ok' });
  });
});

describe('migrations at boot', () => {
  const name = `orderly_obs_empty_${process.pid}`;
  const admin = () => new pg.Client({ connectionString: testServerUrl });
  let url: string;

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
    const parsed = new URL(testServerUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  });

  it('refuses to serve an unmigrated database with MIGRATE_ON_BOOT=off; `only` deploys and exits; then it serves', async () => {
    await expect(startServer(url, { MIGRATE_ON_BOOT: 'off', LOG_LEVEL: 'info' })).rejects.toThrow(
      /exited with 1[\s\S]*migration\(s\) not applied and MIGRATE_ON_BOOT=off/,
    );
    await expect(startServer(url, { MIGRATE_ON_BOOT: 'only', LOG_LEVEL: 'info' })).rejects.toThrow(/exited with 0[\s\S]*Migrations deployed/);
    const server = await startServer(url, { MIGRATE_ON_BOOT: 'off', ORDERLY_DEMO_DATA: 'off' });
    try {
      expect(await (await fetch(`${server.url}/ready`)).json()).toMatchObject({ status: 'ready', migrations: 'ok' });
    } finally {
      await server.stop();
    }
  });
});
