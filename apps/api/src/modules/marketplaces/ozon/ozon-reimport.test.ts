// Issue 17 item 4 for Ozon: a posting we already have, synced again with Ozon's edits, goes through
// the same takeOrderIn as any re-import (orders/order-reimport.ts) — against the fake Ozon Seller
// API on the real database. Ozon hides buyer data some time after delivery: blanks are never a
// change. Lines changed after picking started hold the order (also one held for another reason).
// The reconciling poll finds such edits without a status change (the posting's content hash) and
// leaves unchanged postings alone.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, OzonAccount } from '@orderly/schema';
import type { FakeOzon, FakePosting } from '../../../../../../test/ozon-fake/fake.ts';
import { confirmOrder, placeHold, releaseHold } from '../../orders/order.service.ts';
import { kazanBuyer, OZON_WH, useOzonHarness } from './ozon.fixtures.ts';
import { pollAccount, syncPosting } from './sync.service.ts';

const ozon = useOzonHarness({ stock: 100 });
let db: Db;
let fake: FakeOzon;
let account: OzonAccount;
beforeAll(() => {
  ({ db, fake, account } = ozon);
});

const orderOf = (posting: FakePosting) =>
  db.order.findFirstOrThrow({ where: { channel: 'ozon', externalId: posting.posting_number }, include: { lines: true, customer: true } });
const eventsOf = async (posting: FakePosting, type: 'IMPORTED' | 'HOLD_PLACED') =>
  db.orderEvent.findMany({ where: { order: { externalId: posting.posting_number }, type }, orderBy: { id: 'asc' } });
/** What the job after a push does: fetch the posting as Ozon has it now and apply it. */
const sync = (posting: FakePosting) => syncPosting(db, account.id, posting.posting_number);

/** An rFBS posting imported, confirmed and (optionally) with picking started. */
async function imported(customerId: number, pickingStarted = false) {
  const posting = fake.createPosting({ warehouseId: OZON_WH, customer: kazanBuyer(customerId), products: [{ sku: 501, offer_id: 'OZ-A', quantity: 2 }] });
  await sync(posting);
  const order = await orderOf(posting);
  await db.$transaction((tx) => confirmOrder(tx, { orderId: order.id, actor: 'test', acceptPriceMismatches: true }));
  if (pickingStarted) await db.order.update({ where: { id: order.id }, data: { status: 'PICKED' } });
  return { posting, order };
}

describe('an Ozon posting synced again', () => {
  it("applies Ozon's address edit before a label is printed, on the timeline by field path only", async () => {
    const { posting } = await imported(7_400_001);
    posting.customer!.address = { ...posting.customer!.address, address_tail: 'ул. Садовая, д. 3', zip_code: '420015' };
    await sync(posting);
    const order = await orderOf(posting);
    expect(order).toMatchObject({ shipAddress1: 'ул. Садовая, д. 3', shipPostalCode: '420015', shipCity: 'Казань', status: 'CONFIRMED' });
    const imports = await eventsOf(posting, 'IMPORTED');
    expect(imports.map((e) => e.data)).toContainEqual({ reimport: true, applied: ['shippingAddress.address1', 'shippingAddress.postalCode'] });
    expect(JSON.stringify(imports)).not.toMatch(/Садовая|420015/);
    // Synced again unchanged: nothing more on the timeline.
    await sync(posting);
    expect(await eventsOf(posting, 'IMPORTED')).toHaveLength(imports.length);
  });

  it('treats buyer data Ozon hid (blanked, or no customer at all) as no change and keeps what we have', async () => {
    const { posting, order: before } = await imported(7_400_002);
    const importsBefore = (await eventsOf(posting, 'IMPORTED')).length;
    // Part hidden: the name, the city and the postal code come back blank.
    posting.customer = { ...posting.customer!, name: '', address: { ...posting.customer!.address, city: '', zip_code: '' } };
    await sync(posting);
    // All hidden: no customer (what an FBS posting looks like).
    posting.customer = null;
    await sync(posting);
    // And after delivery, the state it usually happens in.
    fake.setStatus(posting.posting_number, 'delivered');
    await sync(posting);

    const after = await orderOf(posting);
    expect(after).toMatchObject({
      shipName: 'Ярослава Кузнецова',
      shipAddress1: 'ул. Лесная, д. 14, кв. 88',
      shipCity: 'Казань',
      shipPostalCode: '420111',
      customerId: before.customerId,
    });
    expect(after.customer).toMatchObject({ name: 'Ярослава Кузнецова' });
    expect(await eventsOf(posting, 'IMPORTED')).toHaveLength(importsBefore);
    expect(await eventsOf(posting, 'HOLD_PLACED')).toEqual([]);
  });

  it('holds the order when Ozon changes the lines after picking started, once per difference; lines stay as picked', async () => {
    const { posting, order } = await imported(7_400_003, true);
    posting.products[0]!.quantity = 1;
    await sync(posting);
    const held = await orderOf(posting);
    expect(held).toMatchObject({ status: 'ON_HOLD', holdReason: 'MARKETPLACE_CHANGED', statusBeforeHold: 'PICKED' });
    expect(held.holdNote).toContain('lines.OZ-A.quantity 2 → 1');
    expect(held.lines.map((l) => [l.sku, l.quantity])).toEqual([['OZ-A', 2]]);

    // Synced again, and again after a person released the hold having seen it: not held again.
    await sync(posting);
    await db.$transaction((tx) => releaseHold(tx, { orderId: order.id, actor: 'test' }));
    await sync(posting);
    expect((await orderOf(posting)).status).toBe('PICKED');
    expect(await eventsOf(posting, 'HOLD_PLACED')).toHaveLength(1);

    // A new difference holds it again.
    posting.products.push({ ...posting.products[0]!, sku: 502, offer_id: 'OZ-B', quantity: 1 });
    await sync(posting);
    expect(await orderOf(posting)).toMatchObject({
      status: 'ON_HOLD',
      holdReason: 'MARKETPLACE_CHANGED',
      holdNote: expect.stringContaining('lines.OZ-B.quantity – → 1'),
    });
  });

  it('an order already held for another reason: the hold becomes MARKETPLACE_CHANGED, the earlier reason kept in the note and timeline', async () => {
    const { posting, order } = await imported(7_400_004, true);
    await db.$transaction((tx) => placeHold(tx, { orderId: order.id, reason: 'INCORRECT_ADDRESS', note: 'Flat number missing', actor: 'test' }));
    posting.products[0]!.quantity = 3;
    await sync(posting);

    const held = await orderOf(posting);
    expect(held).toMatchObject({ status: 'ON_HOLD', holdReason: 'MARKETPLACE_CHANGED', statusBeforeHold: 'PICKED' });
    expect(held.holdNote).toBe('Lines changed after picking started: lines.OZ-A.quantity 2 → 3. Held before: INCORRECT_ADDRESS (Flat number missing).');
    const holds = await eventsOf(posting, 'HOLD_PLACED');
    expect(holds.map((e) => [e.fromStatus, e.toStatus, (e.data as { reason: string }).reason])).toEqual([
      ['PICKED', 'ON_HOLD', 'INCORRECT_ADDRESS'],
      ['ON_HOLD', 'ON_HOLD', 'MARKETPLACE_CHANGED'],
    ]);
    expect(holds[1]!.data).toMatchObject({ earlierReason: 'INCORRECT_ADDRESS', earlierNote: 'Flat number missing' });
    expect(held.version).toBeGreaterThan(order.version);

    // Released, it resumes where it was before either hold.
    await db.$transaction((tx) => releaseHold(tx, { orderId: order.id, actor: 'test' }));
    expect((await orderOf(posting)).status).toBe('PICKED');
  });
});

describe("the poll takes in Ozon's edits that come without a status change", () => {
  const poll = () => pollAccount(db, account, new Date());
  /** What a poll that has nothing to do must leave as it was: the order, its timeline, the posting's row. */
  const footprint = async (posting: FakePosting) => {
    const order = await orderOf(posting);
    const row = await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } });
    const events = await db.orderEvent.count({ where: { orderId: order.id } });
    return { version: order.version, updatedAt: order.updatedAt, events, rowUpdatedAt: row.updatedAt, contentHash: row.contentHash };
  };

  it('applies an address edit (status unchanged); an unchanged posting is not rewritten', async () => {
    const { posting } = await imported(7_400_101);
    await poll();
    const before = await footprint(posting);
    expect(before.contentHash).toEqual(expect.any(String));

    // Nothing changed on Ozon: the poll only compares.
    await poll();
    expect(await footprint(posting)).toEqual(before);

    posting.customer!.address = { ...posting.customer!.address, address_tail: 'пр. Победы, д. 7', zip_code: '420100' };
    await poll();
    const order = await orderOf(posting);
    expect(order).toMatchObject({ shipAddress1: 'пр. Победы, д. 7', shipPostalCode: '420100', status: 'CONFIRMED' });
    const imports = await eventsOf(posting, 'IMPORTED');
    expect(imports.at(-1)!.data).toEqual({ reimport: true, applied: ['shippingAddress.address1', 'shippingAddress.postalCode'] });
    expect(JSON.stringify(imports)).not.toMatch(/Победы|420100/);
    const row = await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } });
    expect(row.contentHash).not.toBe(before.contentHash);
    expect(JSON.stringify(row)).not.toMatch(/Победы|Кузнецова/);

    // And once taken in, the next poll has nothing to do again.
    const after = await footprint(posting);
    await poll();
    expect(await footprint(posting)).toEqual(after);
  });

  it('holds the order when the lines change after picking started, once', async () => {
    const { posting } = await imported(7_400_102, true);
    await poll();
    posting.products[0]!.quantity = 5;
    await poll();
    const held = await orderOf(posting);
    expect(held).toMatchObject({ status: 'ON_HOLD', holdReason: 'MARKETPLACE_CHANGED', statusBeforeHold: 'PICKED' });
    expect(held.holdNote).toContain('lines.OZ-A.quantity 2 → 5');
    expect(held.lines.map((l) => [l.sku, l.quantity])).toEqual([['OZ-A', 2]]);

    const after = await footprint(posting);
    await poll();
    expect(await footprint(posting)).toEqual(after);
    expect(await eventsOf(posting, 'HOLD_PLACED')).toHaveLength(1);
  });
});
