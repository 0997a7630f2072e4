// The Ozon connector against the fake Ozon Seller API (test/ozon-fake, started in-process) on the
// real database: accounts with a sealed Api-Key, the push endpoint over HTTP, durable sync jobs
// (drained from the job table as the runner would), the reconciling poller, faults and retries.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, OzonAccount } from '@orderly/schema';
import type { FakeOzon } from '../../../../../../test/ozon-fake/fake.ts';
import { createProduct } from '../../../testing/fixtures.ts';
import { createTestClient, type TestClient } from '../../../testing/graphql-client.ts';
import { confirmOrder } from '../../orders/order.service.ts';
import { receiveStock } from '../../inventory/inventory.service.ts';
import { OZON_WH, useOzonHarness } from './ozon.fixtures.ts';
import { ozonTasks } from './ozon.tasks.ts';
import { pushStock } from './stock.service.ts';
import { pollAccount, syncPosting } from './sync.service.ts';

const ozon = useOzonHarness({ http: true, attempts: 4, stock: 50 });
let db: Db;
let fake: FakeOzon;
let admin: TestClient;
let base = '';
let account: OzonAccount;
let warehouseCode = '';
let warehouseId = '';
const { logged, drainJobs } = ozon;
const tasks = new Map(ozonTasks({ poller: true }).map((t) => [t.name, t]));
beforeAll(() => {
  ({ db, fake, admin, base, account } = ozon);
  ({ code: warehouseCode, id: warehouseId } = ozon.warehouse);
});

const queued = async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "JobQueue" WHERE task = 'ozon.sync-posting'`)[0]!.n;
const ordersOf = (postingNumber: string) => db.order.findMany({ where: { channel: 'ozon', externalId: postingNumber }, include: { lines: true } });
const post = (path: string, body: string) => fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const reload = async () => (account = await db.ozonAccount.findUniqueOrThrow({ where: { id: account.id } }));

describe('Ozon accounts', () => {
  it('keeps the Api-Key sealed, never returns it, and shows sync health to ADMIN only', async () => {
    expect(account.apiKeySealed).not.toContain('fake-api-key');
    const list = await admin(
      `{ marketplaceAccounts { id name channel clientId active pushPath warehouses { ozonWarehouseId warehouseCode } syncHealth { lastSuccessfulSyncAt backlog lastError failing } } }`,
    );
    expect(list.errors).toBeUndefined();
    expect(list.data.marketplaceAccounts).toEqual([
      expect.objectContaining({
        name: 'Main shop',
        clientId: '1001',
        warehouses: [{ ozonWarehouseId: String(OZON_WH), warehouseCode }],
        syncHealth: expect.objectContaining({ backlog: 0 }),
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain('fake-api-key');
    const manager = createTestClient(db, { roles: ['MANAGER'] });
    expect((await manager(`{ marketplaceAccounts { id } }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const dup = await admin(`mutation($input: CreateOzonAccountInput!) { createOzonAccount(input: $input) { account { id } userErrors { code field } } }`, {
      input: { name: 'Again', channel: 'ozon-2', clientId: '1001', apiKey: 'another-key-123' },
    });
    expect(dup.data.createOzonAccount).toEqual({ account: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'clientId'] }] });
  });
});

describe('Ozon push endpoint', () => {
  it('answers TYPE_PING as Ozon expects', async () => {
    fake.pushUrl = `${base}/integrations/ozon/${account.id}/push`;
    const ping = await fake.ping('1001');
    expect(ping).toEqual({ status: 200, body: { version: expect.any(String), name: 'orderly', time: expect.any(String) } });
  });

  it('refuses bad pushes with the right status and queues nothing', async () => {
    const path = `/integrations/ozon/${account.id}/push`;
    const answers = [
      await post(path, '{not json'),
      await post(path, JSON.stringify({ posting_number: '1-1-1' })),
      await post(path, JSON.stringify({ message_type: 'TYPE_NEW_POSTING', seller_id: 1001 })),
      await post(path, JSON.stringify({ message_type: 'TYPE_NEW_POSTING', posting_number: 'x y', seller_id: 1001 })),
      await post(path, JSON.stringify({ message_type: 'TYPE_NEW_POSTING', posting_number: '1-1-1', seller_id: 999 })),
      await post('/integrations/ozon/00000000-0000-0000-0000-000000000000/push', JSON.stringify({ message_type: 'TYPE_NEW_POSTING', posting_number: '1-1-1' })),
      await post('/integrations/ozon/not-an-id/push', JSON.stringify({ message_type: 'TYPE_NEW_POSTING', posting_number: '1-1-1' })),
      await post(path, 'x'.repeat(70_000)),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 403, 404, 404, 413]);
    expect(await answers[0]!.json()).toEqual({ error: { code: 'ERROR_PARAMETER_VALUE_MISSED', message: expect.any(String), details: null } });
    // A type we do not handle is acknowledged (so Ozon keeps sending) and ignored.
    const chat = await post(path, JSON.stringify({ message_type: 'TYPE_CHAT_NEW_MESSAGE', seller_id: 1001, chat: { chat_id: 'c' } }));
    expect([chat.status, await chat.json()]).toEqual([200, { result: true }]);
    expect(await queued()).toBe(0);
    expect(await db.ozonPosting.count()).toBe(0);
    expect(logged.join('\n')).not.toContain('1-1-1'.repeat(2));
  });
});

describe('out to Ozon', () => {
  /** Imports a new posting and packs its order into parcels of the given units (per line, in line order). */
  async function packedOrder(products: { sku: number; offer_id: string; quantity: number }[], parcels: number[][]) {
    const posting = fake.createPosting({ warehouseId: OZON_WH, products });
    await fake.flushPushes();
    await drainJobs();
    const [order] = await ordersOf(posting.posting_number);
    const lines = [...order!.lines].sort((a, b) => a.position - b.position);
    for (const [i, units] of parcels.entries()) {
      await db.parcel.create({
        data: {
          orderId: order!.id,
          sequence: i + 1,
          code: `P-${posting.posting_number}-${i + 1}`,
          status: 'PACKED',
          items: { create: units.flatMap((quantity, l) => (quantity ? [{ orderLineId: lines[l]!.id, quantity }] : [])) },
        },
      });
    }
    await db.order.update({ where: { id: order!.id }, data: { status: 'PACKED' } });
    return { posting, order: order! };
  }

  it('ships a packed order as one package; a ship_failed 200 is retried', async () => {
    const { posting, order } = await packedOrder([{ sku: 501, offer_id: 'OZ-A', quantity: 2 }], [[2]]);
    fake.injectFault({ path: '/v4/posting/fbs/ship', kind: 'ship_failed' });
    await expect(tasks.get('ozon.ship')!.run({ db, now: () => new Date(), log: () => {}, addJob: async () => {} }, {})).rejects.toThrow();
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({
      shippedAt: null,
      shipError: 'OzonShipFailedError',
    });
    expect(fake.postings.get(posting.posting_number)!.status).toBe('awaiting_packaging');
    await tasks.get('ozon.ship')!.run({ db, now: () => new Date(), log: () => {}, addJob: async () => {} }, {});
    expect(fake.postings.get(posting.posting_number)!.status).toBe('awaiting_deliver');
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({
      shippedAt: expect.any(Date),
      shipError: null,
      orderId: order.id,
    });
    // Nothing left to ship: a second run sends nothing.
    const ships = fake.requests.filter((r) => r.path === '/v4/posting/fbs/ship').length;
    await tasks.get('ozon.ship')!.run({ db, now: () => new Date(), log: () => {}, addJob: async () => {} }, {});
    expect(fake.requests.filter((r) => r.path === '/v4/posting/fbs/ship').length).toBe(ships);
  });

  it('ships two parcels as a split, keeps the new posting numbers on the same order, and the poller adds no order', async () => {
    const { posting, order } = await packedOrder(
      [
        { sku: 501, offer_id: 'OZ-A', quantity: 1 },
        { sku: 502, offer_id: 'OZ-B', quantity: 1 },
      ],
      [
        [1, 0],
        [0, 1],
      ],
    );
    await tasks.get('ozon.ship')!.run({ db, now: () => new Date(), log: () => {}, addJob: async () => {} }, {});
    const parts = await db.ozonPosting.findMany({ where: { parentPostingNumber: posting.posting_number }, orderBy: { postingNumber: 'asc' } });
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.orderId === order.id && p.postingNumber !== posting.posting_number)).toBe(true);
    await pollAccount(db, await reload(), new Date());
    expect(await db.order.count({ where: { channel: 'ozon', externalId: { in: parts.map((p) => p.postingNumber) } } })).toBe(0);
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: 'PACKED' });
    expect((await db.ozonPosting.findMany({ where: { orderId: order.id } })).length).toBe(3);
  });

  it('pushes available stock coalesced, within 100 pairs a call and one update per pair per 30 s', async () => {
    await db.product.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({ sku: `OZ-BULK-${String(i).padStart(3, '0')}`, name: `Bulk ${i}`, priceAmount: 100, currency: 'RUB' })),
    });
    const calls = () => fake.requests.filter((r) => r.path === '/v2/products/stocks');
    const before = calls().length;
    const first = await pushStock(db, await reload());
    expect(first.calls).toBe(Math.ceil((await db.product.count({ where: { active: true } })) / 100));
    expect(first).toMatchObject({ deferred: 0, refused: 0 });
    expect(calls().length - before).toBe(first.calls);
    const level = await db.inventoryLevel.findFirstOrThrow({ where: { warehouseId, product: { sku: 'OZ-B' } } });
    expect(fake.stocks.get(`${OZON_WH}:OZ-B`)!.stock).toBe(level.onHand - level.reserved - level.picked);
    // Many changes within 30 s: nothing is sent for the pair until its 30 s are over, then one update.
    const product = await db.product.findUniqueOrThrow({ where: { sku: 'OZ-B' } });
    for (let i = 0; i < 3; i++) await db.$transaction((tx) => receiveStock(tx, { productId: product.id, warehouseId, locationId: null, quantity: 1, actor: 'test' }));
    const soon = await pushStock(db, await reload());
    expect(soon).toEqual({ sent: 0, calls: 0, deferred: 1, refused: 0 });
    expect(fake.requests.filter((r) => r.path === '/v2/products/stocks' && r.status !== 200)).toEqual([]);
    expect([...fake.stocks.values()].every((s) => s.stock >= 0)).toBe(true);
  });
});

describe('orders in', () => {
  it('turns duplicated, late and out-of-order pushes plus the poller into exactly one order per posting', async () => {
    const cutoff = new Date(Date.now() + 36 * 3_600_000);
    const postings = [
      fake.createPosting({ warehouseId: OZON_WH, cutoff, products: [{ sku: 501, offer_id: 'OZ-A', quantity: 2, price: '1390.500000' }] }),
      fake.createPosting({
        warehouseId: OZON_WH,
        cutoff,
        products: [
          { sku: 502, offer_id: 'OZ-B', quantity: 1 },
          { sku: 501, offer_id: 'OZ-A', quantity: 1 },
        ],
      }),
      fake.createPosting({ warehouseId: OZON_WH, cutoff, products: [{ sku: 502, offer_id: 'OZ-B', quantity: 3 }] }),
    ];
    await fake.flushPushes({ reverse: true, duplicate: true });
    expect(fake.pushLog.slice(-6).map((p) => p.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // Six pushes, three postings: one pending job each.
    expect(await queued()).toBe(3);
    expect(await drainJobs()).toMatchObject({ failed: 0 });
    // A late push for the first posting, then the poller: nothing new.
    await fake.send('1001', { message_type: 'TYPE_NEW_POSTING', seller_id: 1001, posting_number: postings[0]!.posting_number, products: [], warehouse_id: OZON_WH });
    await drainJobs();
    await pollAccount(db, await reload(), new Date());
    for (const posting of postings) expect(await ordersOf(posting.posting_number)).toHaveLength(1);
    const [first] = await ordersOf(postings[0]!.posting_number);
    expect(first).toMatchObject({ status: 'NEW', shipBy: cutoff, warehouseId, currency: 'RUB', subtotalAmount: 2 * 139_050 });
    expect(first!.lines.map((l) => [l.sku, l.quantity, l.unitPriceAmount])).toEqual([['OZ-A', 2, 139_050]]);
    expect((await reload()).lastSyncAt).not.toBeNull();
    const row = await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: postings[0]!.posting_number } });
    expect(row).toMatchObject({ orderId: first!.id, status: 'awaiting_packaging', substatus: 'posting_created', blockedReason: null });
  });

  it('imports a posting once when its syncs run at the same time', async () => {
    const posting = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 501, offer_id: 'OZ-A', quantity: 1 }] });
    fake.dropPushes();
    const results = await Promise.all([1, 2, 3].map(() => syncPosting(db, account.id, posting.posting_number)));
    expect(results.filter((r) => r?.created)).toHaveLength(1);
    expect(await ordersOf(posting.posting_number)).toHaveLength(1);
  });

  it('keeps postings with unknown products (backlog) and imports them once the product exists', async () => {
    const posting = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 777, offer_id: 'OZ-NEW', quantity: 1 }] });
    await fake.flushPushes();
    await drainJobs();
    expect(await ordersOf(posting.posting_number)).toHaveLength(0);
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({
      orderId: null,
      blockedReason: 'UNKNOWN_PRODUCT: OZ-NEW',
    });
    const health = await admin(`{ marketplaceAccounts { syncHealth { backlog } } }`);
    expect(health.data.marketplaceAccounts[0].syncHealth.backlog).toBe(1);
    await createProduct(db, { sku: 'OZ-NEW' });
    await pollAccount(db, await reload(), new Date());
    expect(await ordersOf(posting.posting_number)).toHaveLength(1);
    expect((await admin(`{ marketplaceAccounts { syncHealth { backlog } } }`)).data.marketplaceAccounts[0].syncHealth.backlog).toBe(0);
  });

  it('holds an order from an Ozon warehouse we have not mapped, with the reason', async () => {
    const posting = fake.createPosting({ warehouseId: 55_555, products: [{ sku: 501, offer_id: 'OZ-A', quantity: 1 }] });
    await fake.flushPushes();
    await drainJobs();
    const [order] = await ordersOf(posting.posting_number);
    expect(order).toMatchObject({ status: 'ON_HOLD', holdReason: 'OTHER', holdNote: 'Ozon warehouse 55555 is not mapped to one of our warehouses' });
  });

  it('cancels the local order when Ozon cancels (stock released), also when only the poller sees it', async () => {
    const product = await db.product.findUniqueOrThrow({ where: { sku: 'OZ-A' } });
    const level = () => db.inventoryLevel.findUniqueOrThrow({ where: { productId_warehouseId: { productId: product.id, warehouseId } } });
    const viaPush = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 501, offer_id: 'OZ-A', quantity: 2 }] });
    const viaPoll = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 501, offer_id: 'OZ-A', quantity: 1 }] });
    await fake.flushPushes();
    await drainJobs();
    const before = (await level()).reserved;
    for (const p of [viaPush, viaPoll]) {
      const [order] = await ordersOf(p.posting_number);
      await db.$transaction((tx) => confirmOrder(tx, { orderId: order!.id, actor: 'test', acceptPriceMismatches: true }));
    }
    expect((await level()).reserved).toBe(before + 3);
    fake.cancel(viaPush.posting_number);
    await fake.flushPushes({ duplicate: true });
    await drainJobs();
    fake.cancel(viaPoll.posting_number);
    fake.dropPushes(); // Ozon never delivered this one
    await new Promise((r) => setTimeout(r, 5));
    await pollAccount(db, await reload(), new Date());
    for (const p of [viaPush, viaPoll]) {
      const [order] = await ordersOf(p.posting_number);
      expect(order).toMatchObject({ status: 'CANCELLED', cancelReason: 'BUYER_REQUEST' });
    }
    expect((await level()).reserved).toBe(before);
  });

  it('moves ship-by with the cut-off', async () => {
    const posting = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 502, offer_id: 'OZ-B', quantity: 1 }] });
    await fake.flushPushes();
    await drainJobs();
    const later = new Date(Date.now() + 72 * 3_600_000);
    fake.changeCutoff(posting.posting_number, later);
    await fake.flushPushes();
    await drainJobs();
    const [order] = await ordersOf(posting.posting_number);
    expect(order!.shipBy).toEqual(later);
    expect(await db.orderEvent.count({ where: { orderId: order!.id, type: 'NOTE_ADDED' } })).toBe(1);
  });

  it('retries 429, 5xx and timeouts; a sync that still fails imports nothing and is retried by its job', async () => {
    const posting = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 502, offer_id: 'OZ-B', quantity: 1 }] });
    await fake.flushPushes();
    fake.injectFault({ path: '/v3/posting/fbs/get', kind: '429' });
    fake.injectFault({ path: '/v3/posting/fbs/get', kind: '5xx' });
    fake.injectFault({ path: '/v3/posting/fbs/get', kind: 'timeout' });
    expect(await drainJobs()).toEqual({ ran: 1, failed: 0 });
    expect(await ordersOf(posting.posting_number)).toHaveLength(1);

    const second = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 502, offer_id: 'OZ-B', quantity: 1 }] });
    await fake.flushPushes();
    fake.injectFault({ path: '/v3/posting/fbs/get', kind: '5xx', times: 4 });
    expect(await drainJobs()).toEqual({ ran: 1, failed: 1 });
    expect(await ordersOf(second.posting_number)).toHaveLength(0);
    expect(await db.ozonPosting.count({ where: { postingNumber: second.posting_number } })).toBe(0);
    expect(await reload()).toMatchObject({ lastError: expect.stringContaining('OzonApiError /v3/posting/fbs/get 500') });
    expect(await drainJobs()).toEqual({ ran: 1, failed: 0 });
    expect(await ordersOf(second.posting_number)).toHaveLength(1);
    const health = (await admin(`{ marketplaceAccounts { syncHealth { lastError failing } } }`)).data.marketplaceAccounts[0].syncHealth;
    expect(health.lastError).toContain('500');
  });

  it('refuses pushes for a disabled account', async () => {
    const disabled = await admin(`mutation($id: ID!) { disableOzonAccount(id: $id) { account { active } userErrors { code } } }`, {
      id: (await admin(`{ marketplaceAccounts { id } }`)).data.marketplaceAccounts[0].id,
    });
    expect(disabled.data.disableOzonAccount).toEqual({ account: { active: false }, userErrors: [] });
    const res = await post(`/integrations/ozon/${account.id}/push`, JSON.stringify({ message_type: 'TYPE_NEW_POSTING', posting_number: '9-9-9', seller_id: 1001 }));
    expect(res.status).toBe(404);
    expect(await queued()).toBe(0);
  });
});
