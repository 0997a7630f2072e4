// What people see of the Ozon sync, against the in-process fake Ozon on the real database: an
// account's queued work, what needs attention, the stock push state (settings screen, ADMIN only),
// and a posting's sync history on the order — import, Ozon's status changes, ship, label, act.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db, OzonAccount } from '@orderly/schema';
import type { FakeOzon } from '../../../../../../test/ozon-fake/fake.ts';
import { createTestClient, type TestClient } from '../../../testing/graphql-client.ts';
import { enqueueJob } from '../../jobs/enqueue.ts';
import { OZON_WH, useOzonHarness } from './ozon.fixtures.ts';
import { syncPostingJobKey } from './ozon.tasks.ts';
import { pushStock } from './stock.service.ts';
import { syncPosting } from './sync.service.ts';

let clock = Date.now();
const ozon = useOzonHarness({ now: () => new Date(clock), stock: 40 });
let db: Db;
let fake: FakeOzon;
let account: OzonAccount;
let admin: TestClient;
const { runTask: run, drainJobs } = ozon;
beforeAll(() => {
  ({ db, fake, account, admin } = ozon);
});
beforeEach(() => {
  clock = Date.now();
});
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const healthQuery = `{ marketplaceAccounts { name syncHealth {
  lastSuccessfulSyncAt backlog queuedSyncs retryingSyncs unshipped labelsWaiting
  attention { kind count postingNumbers lastError } methodBlocks { method } stockPush { pairs lastPushAt waiting } } } }`;
const health = async () => {
  const answer = await admin(healthQuery);
  expect(answer.errors).toBeUndefined();
  return answer.data.marketplaceAccounts[0].syncHealth;
};

describe('sync health on the settings screen', () => {
  it('counts queued syncs, groups what needs attention with posting numbers, and tracks the stock push', async () => {
    const start = await health();
    expect(start).toMatchObject({ queuedSyncs: 0, retryingSyncs: 0, unshipped: 0, labelsWaiting: 0, attention: [], methodBlocks: [] });
    // Both products in the one mapped warehouse: Ozon has none of their stock yet.
    expect(start.stockPush).toEqual({ pairs: 0, lastPushAt: null, waiting: 2 });

    // Two pushes queued (one of them failed once), one posting with a product we do not sell.
    await enqueueJob(db, 'ozon.sync-posting', { payload: { accountId: account.id, postingNumber: 'A-1' }, jobKey: syncPostingJobKey(account.id, 'A-1') });
    await enqueueJob(db, 'ozon.sync-posting', { payload: { accountId: account.id, postingNumber: 'A-2' }, jobKey: syncPostingJobKey(account.id, 'A-2') });
    await db.$executeRaw`UPDATE "JobQueue" SET attempts = 1, "lastError" = 'OzonUnavailableError' WHERE key = ${syncPostingJobKey(account.id, 'A-2')}`;
    const unknown = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 7001, offer_id: 'NOT-OURS', quantity: 1 }] });
    await syncPosting(db, account.id, unknown.posting_number);

    const later = await health();
    expect(later).toMatchObject({ queuedSyncs: 2, retryingSyncs: 1, backlog: 1 });
    expect(later.attention).toEqual([{ kind: 'UNKNOWN_PRODUCT', count: 1, postingNumbers: [unknown.posting_number], lastError: 'UNKNOWN_PRODUCT: NOT-OURS' }]);

    // A sync that gave up is a failure needing attention too.
    await db.$executeRaw`UPDATE "JobQueue" SET attempts = "maxAttempts" WHERE key = ${syncPostingJobKey(account.id, 'A-2')}`;
    const gaveUp = await health();
    expect(gaveUp.queuedSyncs).toBe(1);
    expect(gaveUp.attention).toContainEqual({ kind: 'SYNC_GAVE_UP', count: 1, postingNumbers: [], lastError: 'OzonUnavailableError' });
    await db.$executeRaw`DELETE FROM "JobQueue" WHERE task = 'ozon.sync-posting'`;

    // The stock push: both pairs sent, nothing waiting; a stock change waits for the next run.
    await pushStock(db, account, new Date(clock));
    const pushed = (await health()).stockPush;
    expect(pushed).toEqual({ pairs: 2, lastPushAt: expect.any(String), waiting: 0 });
    const product = await db.product.findFirstOrThrow({ where: { sku: 'OZ-A' } });
    await db.inventoryLevel.updateMany({ where: { productId: product.id }, data: { reserved: { increment: 3 } } });
    expect((await health()).stockPush.waiting).toBe(1);
  });

  it('is for ADMIN only and never shows the Api-Key', async () => {
    const manager = createTestClient(db, { roles: ['MANAGER'] });
    expect((await manager(healthQuery)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(await admin(healthQuery))).not.toContain('fake-api-key');
  });
});

describe("a posting's sync history on the order", () => {
  it('lists import, Ozon status changes, ship, label and act in order, and flags a refused ship for attention', async () => {
    const { posting, order } = await ozon.importPosting();

    // Ozon moves the posting on before we pack (a substatus change): one entry, however often synced.
    fake.setStatus(posting.posting_number, 'awaiting_packaging', 'posting_acceptance_in_progress');
    await syncPosting(db, account.id, posting.posting_number);
    await syncPosting(db, account.id, posting.posting_number);

    // Packed and shipped; the first ship is refused (ship_failed) and shows under attention.
    const parcel = await ozon.packInOneParcel(order, `P-${posting.posting_number}`);
    expect((await health()).unshipped).toBe(1);
    fake.injectFault({ path: '/v4/posting/fbs/ship', kind: 'ship_failed', times: 1 });
    await run('ozon.ship').catch(() => undefined);
    expect((await health()).attention).toContainEqual(expect.objectContaining({ kind: 'SHIP_FAILED', postingNumbers: [posting.posting_number] }));
    await run('ozon.ship');
    expect((await health()).attention.map((a: { kind: string }) => a.kind)).not.toContain('SHIP_FAILED');
    expect((await health()).labelsWaiting).toBe(1);

    // The label, once Ozon has it; the act for the closed manifest.
    clock += 60_000;
    await run('ozon.labels');
    expect((await health()).labelsWaiting).toBe(0);
    const carrier = await db.carrier.create({ data: { code: `ozon-vis-${clock}`, name: 'Ozon' } });
    const manifest = await db.manifest.create({ data: { carrierId: carrier.id, warehouseId: ozon.warehouse.id, status: 'CLOSED', closedAt: new Date() } });
    await db.parcel.update({ where: { id: parcel.id }, data: { manifestId: manifest.id, carrierId: carrier.id, status: 'HANDED_OVER' } });
    await run('ozon.acts');
    for (let i = 0; i < 5 && (await db.ozonAct.count({ where: { manifestId: manifest.id, status: 'READY' } })) === 0; i++) {
      await drainJobs('ozon.act');
      clock += 60_000;
    }
    expect(await db.ozonAct.count({ where: { manifestId: manifest.id, status: 'READY' } })).toBe(1);

    const shown = await admin(
      `query($id: ID!) { node(id: $id) { ... on Order { marketplacePosting { postingNumber status substatus syncHistory { type actor data } } } } }`,
      { id: globalId('Order', order.id) },
    );
    expect(shown.errors).toBeUndefined();
    const { syncHistory, ...postingShown } = shown.data.node.marketplacePosting;
    expect(postingShown).toEqual({ postingNumber: posting.posting_number, status: 'awaiting_deliver', substatus: expect.any(String) });
    const steps = syncHistory.map((e: { type: string; data: { change?: string } }) => e.data.change ?? e.type);
    expect(steps).toEqual(['IMPORTED', 'ozon_status', 'shipped', 'label_fetched', 'act_created', 'act_ready']);
    expect(syncHistory.every((e: { actor: string }) => e.actor === 'ozon:ozon')).toBe(true);
    expect(syncHistory[1].data).toMatchObject({
      postingNumber: posting.posting_number,
      from: 'awaiting_packaging',
      to: 'awaiting_packaging',
      toSubstatus: 'posting_acceptance_in_progress',
    });
    expect(syncHistory[5].data).toMatchObject({ postingNumbers: [posting.posting_number], ozonActId: expect.any(String) });
    // The same entries are on the order's timeline.
    const timeline = await db.orderEvent.count({ where: { orderId: order.id, actor: 'ozon:ozon' } });
    expect(timeline).toBe(syncHistory.length);
  });
});
