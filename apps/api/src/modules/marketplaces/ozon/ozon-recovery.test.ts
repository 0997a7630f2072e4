// The Ozon connector recovering on its own, on the real PostgreSQL against the in-process fake Ozon:
// a ship whose answer was lost and that a sync then saw shipped (our side completed once), the
// stock limit of 80 calls a minute shared by two instances, outbound jobs that wait out a method
// block instead of failing, the health view classifying problems by kind, and returns pulled from
// Ozon into Orderly's returns (a 403 for an account without access degrading cleanly).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase, type OzonAccount } from '@orderly/schema';
import type { FakeOzon } from '../../../../../../test/ozon-fake/fake.ts';
import { createTestClient } from '../../../testing/graphql-client.ts';
import { cancelOrder } from '../../orders/order.service.ts';
import { breakerPolicy } from './breaker.ts';
import { queueCancellations } from './cancel.service.ts';
import { labelLimits } from './labels.service.ts';
import { useOzonHarness, useOzonRunner } from './ozon.fixtures.ts';
import { pullReturns, returnsPolicy } from './returns.service.ts';
import { shipPosting } from './ship.service.ts';
import { pushStock, stockLimits } from './stock.service.ts';
import { syncPosting } from './sync.service.ts';

let clock = Date.now();
const now = () => new Date(clock);
const ozon = useOzonHarness({ now });
// The jobs whose put-off we check, run as the runner runs them (a running job re-adding its key waits behind it).
const runner = useOzonRunner(ozon, now, ['ozon.cancel', 'ozon.labels']);
let db: Db;
let fake: FakeOzon;
let account: OzonAccount;
beforeAll(() => {
  ({ db, fake, account } = ozon);
});
beforeEach(() => {
  clock = Date.now();
});
afterEach(async () => {
  fake.unblockMethod();
  fake.allowAccess();
  await db.ozonMethodBlock.deleteMany();
});

const reload = () => db.ozonAccount.findUniqueOrThrow({ where: { id: account.id } });
const shippedEntries = (orderId: string) => db.orderEvent.count({ where: { orderId, actor: { startsWith: 'ozon:' }, data: { path: ['change'], equals: 'shipped' } } });
const attention = async () => {
  const answer = await createTestClient(db)(`{ marketplaceAccounts { syncHealth { unshipped attention { kind count postingNumbers lastError } } } }`);
  expect(answer.errors).toBeUndefined();
  return answer.data.marketplaceAccounts[0].syncHealth as {
    unshipped: number;
    attention: { kind: string; count: number; postingNumbers: string[]; lastError: string | null }[];
  };
};

/** A posting imported as an order. */
const importedOrder = (sku = 501, offerId = 'OZ-A', quantity = 1) => ozon.importPosting({ products: [{ sku, offer_id: offerId, quantity }] });

/** A posting imported as an order, packed in one parcel. */
async function packedOrder(sku = 501, offerId = 'OZ-A', quantity = 1) {
  const { posting, order } = await importedOrder(sku, offerId, quantity);
  const parcel = await ozon.packInOneParcel(order, `R-${posting.posting_number}`, { quantity });
  return { posting, order, parcel };
}

describe('a ship whose answer was lost', () => {
  it('completes our side once when a sync sees the posting shipped first: shippedAt, the parcel, one timeline entry, the label fetch', async () => {
    const { posting, order, parcel } = await packedOrder();
    // Ozon takes the packages, the answer never comes; our retry is refused (already shipped): the run fails.
    fake.injectFault({ path: '/v4/posting/fbs/ship', kind: 'answer_lost' });
    await expect(ozon.runTask('ozon.ship')).rejects.toThrow();
    expect(fake.postings.get(posting.posting_number)!.status).toBe('awaiting_deliver');
    expect((await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).shippedAt).toBeNull();

    // A sync (push or poll) sees awaiting_deliver before the sweep tries again.
    await syncPosting(db, account.id, posting.posting_number);
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({ status: 'awaiting_deliver', shippedAt: null });
    expect((await attention()).unshipped).toBe(1);
    await db.jobQueue.deleteMany({ where: { task: 'ozon.labels' } });

    // The sweep (and a second instance's shipper at the same time) recognise it and send nothing.
    const ships = fake.requests.filter((r) => r.path === '/v4/posting/fbs/ship').length;
    const row = await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } });
    await Promise.all([ozon.runTask('ozon.ship'), shipPosting(db, account, order.id), shipPosting(db, account, order.id)]);
    await ozon.runTask('ozon.ship');
    expect(fake.requests.filter((r) => r.path === '/v4/posting/fbs/ship').length).toBe(ships);
    expect(await db.ozonPosting.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      shippedAt: expect.any(Date),
      shipError: null,
      parcelId: parcel.id,
      status: 'awaiting_deliver',
    });
    expect(await shippedEntries(order.id)).toBe(1);
    const [entry] = await db.orderEvent.findMany({ where: { orderId: order.id, data: { path: ['change'], equals: 'shipped' } } });
    expect(entry!.data).toMatchObject({ postingNumbers: [posting.posting_number], foundShippedOnOzon: true });
    // The label fetch is queued for when Ozon has it ready; the order itself stays packed until hand-over.
    const [labels] = await db.$queryRaw<{ runAt: Date }[]>`SELECT "runAt" FROM "JobQueue" WHERE task = 'ozon.labels'`;
    expect(labels!.runAt.getTime()).toBeGreaterThan(Date.now() + labelLimits.readyAfterMs - 5_000);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('PACKED');
    expect((await attention()).unshipped).toBe(0);
  });
});

describe('the stock limit shared by every instance', () => {
  const saved = { ...stockLimits };
  let second: Awaited<ReturnType<typeof openDatabase>>;
  beforeAll(async () => {
    second = await openDatabase({ target: { kind: 'postgres', url: ozon.url } });
  });
  afterAll(async () => {
    Object.assign(stockLimits, saved);
    await second?.close();
  });

  it('keeps the calls of two instances pushing at once within the per-minute limit of the account', async () => {
    // A compressed minute: 300 calls a minute (5 a second) less the margin, 5 pairs a call.
    Object.assign(stockLimits, { callsPerMinute: 300, marginCalls: 60, pairsPerCall: 5 });
    await db.product.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({ sku: `OZ-LIM-${String(i).padStart(2, '0')}`, name: `Limited ${i}`, priceAmount: 100, currency: 'RUB' })),
    });
    const since = Date.now();
    const reports = await Promise.all([pushStock(db, await reload()), pushStock(second.prisma, await reload())]);
    const calls = fake.stockLog.filter((c) => c.at >= since).map((c) => c.at);
    expect(calls.length).toBe(reports[0]!.calls + reports[1]!.calls);
    // Both instances pushed, on one timeline: never more than the limit in any second.
    expect(reports.every((r) => r.calls > 0)).toBe(true);
    let most = 0;
    for (let i = 0, j = 0; i < calls.length; i++) {
      while (calls[i]! - calls[j]! >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(5);
    expect(fake.requests.filter((r) => r.path === '/v2/products/stocks' && r.status === 429)).toEqual([]);
    // Every pair reached Ozon (pairs both instances sent within 30 s were refused once, as Ozon does, and stay due).
    const pairs = await db.ozonStockState.count({ where: { accountId: account.id } });
    expect(pairs).toBe(await db.product.count({ where: { active: true } }));
  });
});

describe('outbound jobs while Ozon blocks their method', () => {
  it('puts ozon.cancel off until the block ends, its attempts untouched, then cancels once', async () => {
    const { posting, order } = await importedOrder();
    await db.$transaction((tx) => cancelOrder(tx, { orderId: order.id, reason: 'OUT_OF_STOCK', actor: 'test' }));
    fake.blockMethod('/v3/posting/fbs/get', 10 * 60_000);
    await queueCancellations(db);
    clock = Date.now() + 1_000; // the job is due (queued on the database's clock)
    await runner.tick();
    const [job] = await db.jobQueue.findMany({ where: { task: 'ozon.cancel' } });
    expect(job).toMatchObject({ attempts: 0, lastError: null });
    expect(job!.runAt.getTime()).toBeGreaterThanOrEqual(clock + breakerPolicy.blockMs);
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({ cancelSentAt: null, cancelError: null });
    const health = await attention();
    expect(health.attention).toContainEqual(expect.objectContaining({ kind: 'METHOD_BLOCKED', count: 1, postingNumbers: ['/v3/posting/fbs/get'] }));
    expect(health.attention.map((a) => a.kind)).not.toContain('CANCEL_FAILED');

    // The block ends: the put-off job cancels on Ozon with the reason id, once.
    fake.unblockMethod();
    clock += breakerPolicy.blockMs + 6_000;
    await runner.tick();
    expect(await db.jobQueue.count({ where: { task: 'ozon.cancel' } })).toBe(0);
    expect(fake.postings.get(posting.posting_number)!.status).toBe('cancelled');
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({
      cancelSentAt: expect.any(Date),
      cancelReasonId: 352,
    });
  });

  it('puts the label fetch off while the label call is blocked, records no label error, and fetches it after', async () => {
    await db.jobQueue.deleteMany({ where: { task: 'ozon.labels' } });
    const { posting } = await packedOrder();
    await ozon.runTask('ozon.ship');
    const label = '/v2/posting/fbs/package-label';
    fake.blockMethod(label, 10 * 60_000);
    clock += labelLimits.readyAfterMs + 1_000;
    await runner.tick();
    const [job] = await db.jobQueue.findMany({ where: { task: 'ozon.labels' } });
    expect(job).toMatchObject({ attempts: 0, lastError: null });
    expect(job!.runAt.getTime()).toBeGreaterThanOrEqual(clock + breakerPolicy.blockMs);
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({ labelFetchedAt: null, labelError: null });
    expect((await attention()).attention.map((a) => a.kind)).toEqual(expect.arrayContaining(['METHOD_BLOCKED']));

    fake.unblockMethod();
    clock += breakerPolicy.blockMs + 6_000;
    await runner.tick();
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({
      labelFetchedAt: expect.any(Date),
      labelError: null,
    });
    expect((await attention()).attention.map((a) => a.kind)).not.toContain('METHOD_BLOCKED');
  });
});

describe('returns pulled from Ozon', () => {
  const pageSize = returnsPolicy.pageSize;
  afterAll(() => {
    returnsPolicy.pageSize = pageSize;
  });

  /** An Ozon order we shipped and Ozon delivered (as tracking would have left it). */
  async function deliveredOrder(sku: number, offerId: string, quantity: number) {
    const { posting, order } = await packedOrder(sku, offerId, quantity);
    await db.$executeRaw`UPDATE "OrderLine" SET "quantityPicked" = quantity, "quantityPacked" = quantity, "quantityShipped" = quantity WHERE "orderId" = ${order.id}::uuid`;
    await db.order.update({ where: { id: order.id }, data: { status: 'DELIVERED', deliveredAt: now() } });
    fake.setStatus(posting.posting_number, 'delivered');
    return { posting, order };
  }
  const returnsOf = (orderId: string) => db.return.findMany({ where: { orderId }, include: { lines: true } });

  it('turns client returns and units refused at delivery into Orderly returns, once, and retries those that cannot be yet', async () => {
    returnsPolicy.pageSize = 2; // pages by last_id
    const partial = await deliveredOrder(501, 'OZ-A', 3);
    const client = await deliveredOrder(502, 'OZ-B', 1);
    const refusedWhole = await deliveredOrder(501, 'OZ-A', 1);
    const notDelivered = await packedOrder(502, 'OZ-B', 1);
    const refused = fake.addReturn({ postingNumber: partial.posting.posting_number, type: 'PartialReturn', quantity: 2 });
    const sentBack = fake.addReturn({ postingNumber: client.posting.posting_number, type: 'ClientReturn', reasonName: 'Брак: товар не работает' });
    fake.addReturn({ postingNumber: refusedWhole.posting.posting_number, type: 'FullReturn' });
    const early = fake.addReturn({ postingNumber: notDelivered.posting.posting_number, type: 'ClientReturn' });

    await ozon.runTask('ozon.returns');
    const [fromPartial] = await returnsOf(partial.order.id);
    expect(fromPartial).toMatchObject({ externalId: `ozon-return:${refused.id}`, reason: 'PARTIAL_REFUSAL_AT_DELIVERY', requestedOutcome: 'REFUND' });
    expect(fromPartial!.lines).toMatchObject([{ orderLineId: partial.order.lines[0]!.id, quantity: 2 }]);
    const [fromClient] = await returnsOf(client.order.id);
    expect(fromClient).toMatchObject({ externalId: `ozon-return:${sentBack.id}`, reason: 'DEFECTIVE', buyerComment: 'Брак: товар не работает' });
    expect((await db.order.findUniqueOrThrow({ where: { id: client.order.id } })).status).toBe('RETURN_REQUESTED');
    // A whole posting refused at delivery is not a return of delivered goods (tracking brings the parcel back).
    expect(await returnsOf(refusedWhole.order.id)).toEqual([]);
    // Not shipped and delivered here yet: kept, flagged with the returns module's reason, tried again.
    expect(await db.ozonReturn.findFirstOrThrow({ where: { ozonReturnId: String(early.id) } })).toMatchObject({ returnId: null, error: 'NOT_SHIPPED' });
    expect((await attention()).attention).toContainEqual(
      expect.objectContaining({ kind: 'RETURN_NOT_IMPORTED', count: 1, postingNumbers: [notDelivered.posting.posting_number] }),
    );

    // Pulled again (the overlap reads the same returns): nothing doubles.
    await ozon.runTask('ozon.returns');
    expect(await db.return.count({ where: { channel: 'ozon' } })).toBe(2);

    // Delivered now: the next pull imports the waiting one, without asking Ozon for it again.
    await db.$executeRaw`UPDATE "OrderLine" SET "quantityShipped" = quantity WHERE "orderId" = ${notDelivered.order.id}::uuid`;
    await db.order.update({ where: { id: notDelivered.order.id }, data: { status: 'DELIVERED', deliveredAt: now() } });
    await ozon.runTask('ozon.returns');
    expect(await returnsOf(notDelivered.order.id)).toHaveLength(1);
    expect(await db.return.count({ where: { channel: 'ozon' } })).toBe(3);
    expect((await attention()).attention.map((a) => a.kind)).not.toContain('RETURN_NOT_IMPORTED');
  });

  it('degrades cleanly when Ozon refuses the returns list (403): one call, the account marked, asked again a day later', async () => {
    const method = '/v1/returns/list';
    const calls = () => fake.requests.filter((r) => r.path === method).length;
    fake.denyAccess(method);
    const before = calls();
    await ozon.runTask('ozon.returns'); // the job does not fail
    expect(calls()).toBe(before + 1);
    expect(await reload()).toMatchObject({ returnsUnavailableAt: now(), returnsUnavailable: expect.stringContaining('403') });
    const health = await attention();
    expect(health.attention).toContainEqual(expect.objectContaining({ kind: 'RETURNS_UNAVAILABLE', count: 1 }));
    expect(health.attention.map((a) => a.kind)).not.toContain('SYNC_FAILING');

    // Later runs the same day do not ask.
    clock += 60 * 60_000;
    expect(await pullReturns(db, await reload(), now())).toMatchObject({ unavailable: true, listed: 0 });
    expect(calls()).toBe(before + 1);

    // A day later, access granted (subscription bought): pulled again, the mark cleared.
    fake.allowAccess();
    clock += returnsPolicy.unavailableForMs;
    expect(await pullReturns(db, await reload(), now())).toMatchObject({ unavailable: false });
    expect(await reload()).toMatchObject({ returnsUnavailableAt: null, returnsUnavailable: null });
    expect((await attention()).attention.map((a) => a.kind)).not.toContain('RETURNS_UNAVAILABLE');
  });
});
