// Out to Ozon beyond ship, against the in-process fake Ozon on the real database: package labels
// (the ~45 s delay, ≤ 20 a call, one bad posting failing the whole call), Ozon's act for a closed
// manifest, cancellation with Ozon's reason ids, and rFBS tracking numbers — each through its job.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db, OzonAccount } from '@orderly/schema';
import { cancelReasons, type FakeOzon } from '../../../../../../test/ozon-fake/fake.ts';
import { createTestClient } from '../../../testing/graphql-client.ts';
import { renderLabel } from '../../shipping/documents.ts';
import { cancelOrder } from '../../orders/order.service.ts';
import { OzonApiError } from './client.ts';
import { ozonCancelReason } from './cancel.service.ts';
import { fetchDueLabels, labelLimits, requestLabels } from './labels.service.ts';
import { OZON_WH, useOzonHarness } from './ozon.fixtures.ts';
import { clientFor } from './sync.service.ts';

let clock = Date.now();
const ozon = useOzonHarness({ now: () => new Date(clock) });
let db: Db;
let fake: FakeOzon;
let account: OzonAccount;
const { runTask: run, drainJobs } = ozon;
beforeAll(() => {
  ({ db, fake, account } = ozon);
});
beforeEach(() => {
  clock = Date.now();
});
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** A posting imported as an order (rFBS with a buyer when asked). */
const importedOrder = (options: { rfbs?: boolean } = {}) =>
  ozon.importPosting(
    options.rfbs
      ? {
          customer: {
            customer_id: 7,
            name: 'Иван Петров',
            address: { address_tail: 'ул. Ленина, 1', city: 'Москва', region: 'Москва', district: '', country: 'Россия', zip_code: '101000', comment: '', pvz_code: 0 },
          },
        }
      : {},
  );

/** An imported order packed in one parcel and shipped to Ozon (our ship job). */
async function shippedOrder() {
  const { posting, order } = await importedOrder();
  const parcel = await ozon.packInOneParcel(order, `P-${posting.posting_number}`);
  await run('ozon.ship');
  return { posting, order, parcel };
}

describe('package labels', () => {
  it('fetches the label in the background once Ozon has it ready, caches it, and our label printing uses it', async () => {
    const { posting, order, parcel } = await shippedOrder();
    const row = await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } });
    expect(row.shippedAt).not.toBeNull();
    // Ship queued the label fetch for ~45 s later.
    const [job] = await db.$queryRaw<{ runAt: Date }[]>`SELECT "runAt" FROM "JobQueue" WHERE task = 'ozon.labels'`;
    expect(job!.runAt.getTime()).toBeGreaterThanOrEqual(row.shippedAt!.getTime() + labelLimits.readyAfterMs - 1000);

    // Too early: nothing is due, no call is made; Ozon itself would refuse it.
    const calls = () => fake.requests.filter((r) => r.path === '/v2/posting/fbs/package-label');
    expect(await fetchDueLabels(db, account, new Date(clock + 10_000))).toEqual({ fetched: 0, failed: [] });
    expect(calls()).toHaveLength(0);
    clock += 10_000;
    const early = await requestLabels(clientFor(account), [posting.posting_number]);
    expect(early.files).toEqual([]);
    expect(early.failed).toEqual([{ postingNumber: posting.posting_number, error: expect.stringContaining('not ready') }]);

    clock = row.shippedAt!.getTime() + 46_000;
    await run('ozon.labels');
    const cached = await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } });
    expect(cached.labelFetchedAt).not.toBeNull();
    expect(cached.labelError).toBeNull();
    expect(Buffer.from(cached.labelPdf!).toString('latin1')).toContain(`Ozon package labels: ${posting.posting_number}`);

    // Printing the parcel's label gives Ozon's label (PDF); ZPL stays ours.
    const label = await db.shippingLabel.create({ data: { parcelId: parcel.id, format: 'PDF', barcodeValue: parcel.code } });
    const document = await renderLabel(db, label.id, 'PDF');
    expect(Buffer.from(document.content, 'base64').equals(Buffer.from(cached.labelPdf!))).toBe(true);
    const zpl = await renderLabel(db, (await db.shippingLabel.create({ data: { parcelId: parcel.id, format: 'ZPL', barcodeValue: parcel.code } })).id, 'ZPL');
    expect(zpl.content).toContain('^XA');

    // The posting shows it in GraphQL.
    const admin = createTestClient(db);
    const shown = await admin(`query($id: ID!) { node(id: $id) { ... on Order { marketplacePosting { labelFetchedAt labelError label { contentType } } } } }`, {
      id: globalId('Order', order.id),
    });
    expect(shown.errors).toBeUndefined();
    expect(shown.data.node.marketplacePosting).toEqual({ labelFetchedAt: expect.any(String), labelError: null, label: { contentType: 'application/pdf' } });
    // Nothing left to fetch.
    const before = calls().length;
    await run('ozon.labels');
    expect(calls()).toHaveLength(before);
  });

  it('asks at most 20 postings a call and splits a call one bad posting failed, down to that posting', async () => {
    const client = clientFor(account);
    const numbers: string[] = [];
    for (let i = 0; i < 24; i++) {
      const p = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 900 + i, offer_id: `X-${i}`, quantity: 1 }] });
      await client.call('/v4/posting/fbs/ship', { posting_number: p.posting_number, packages: [{ products: [{ product_id: 900 + i, quantity: 1 }] }] });
      numbers.push(p.posting_number);
    }
    clock += 60_000;
    // Ozon refuses more than 20 at once.
    await expect(client.call('/v2/posting/fbs/package-label', { posting_number: numbers.slice(0, 21) })).rejects.toBeInstanceOf(OzonApiError);

    const bad = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 999, offer_id: 'X-bad', quantity: 1 }] }).posting_number; // never shipped
    const asked = [...numbers.slice(0, 7), bad, ...numbers.slice(7)];
    const from = fake.requests.length;
    const result = await requestLabels(client, asked);
    expect(result.failed).toEqual([{ postingNumber: bad, error: expect.stringContaining('INVALID_POSTING_STATUS') }]);
    expect(result.files.flatMap((f) => f.postingNumbers).sort()).toEqual([...numbers].sort());
    expect(result.files.every((f) => f.postingNumbers.length <= 20 && f.pdf.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    // First chunk (20, with the bad one) refused, halves tried, the second chunk (5) went through at once.
    const labelCalls = fake.requests.slice(from).filter((r) => r.path === '/v2/posting/fbs/package-label');
    expect(labelCalls[0]!.status).toBe(400);
    expect(labelCalls.filter((r) => r.status === 200)).toHaveLength(result.files.length);
  });
});

describe("Ozon's act for a closed manifest", () => {
  it('creates the act as a job, waits while Ozon forms it, keeps the PDF, and shows it on the manifest', async () => {
    const { posting, parcel } = await shippedOrder();
    const carrier = await db.carrier.create({ data: { code: `ozon-${clock}`, name: 'Ozon' } });
    const warehouseId = (await db.warehouse.findFirstOrThrow()).id;
    const manifest = await db.manifest.create({ data: { carrierId: carrier.id, warehouseId, status: 'CLOSED', closedAt: new Date() } });
    await db.parcel.update({ where: { id: parcel.id }, data: { manifestId: manifest.id, carrierId: carrier.id, status: 'HANDED_OVER' } });

    await run('ozon.acts');
    await run('ozon.acts'); // a second sweep opens nothing new
    const acts = await db.ozonAct.findMany({ where: { manifestId: manifest.id } });
    expect(acts).toEqual([expect.objectContaining({ status: 'PENDING', postingNumbers: [posting.posting_number] })]);

    // First run: created on Ozon, still being formed → the job fails and stays queued.
    expect(await drainJobs('ozon.act')).toEqual({ ran: 1, failed: 1 });
    expect(await db.ozonAct.findUniqueOrThrow({ where: { id: acts[0]!.id } })).toMatchObject({ status: 'CREATED', ozonActId: expect.any(String), error: null });
    fake.injectFault({ path: '/v2/posting/fbs/act/check-status', kind: '5xx', times: 5 });
    expect(await drainJobs('ozon.act')).toEqual({ ran: 1, failed: 1 });
    expect((await db.ozonAct.findUniqueOrThrow({ where: { id: acts[0]!.id } })).error).toContain('500');
    fake.clearFaults();
    expect(await drainJobs('ozon.act')).toEqual({ ran: 1, failed: 0 });
    const ready = await db.ozonAct.findUniqueOrThrow({ where: { id: acts[0]!.id } });
    expect(ready).toMatchObject({ status: 'READY', error: null });
    expect(Buffer.from(ready.pdf!).toString('latin1')).toContain(`Ozon act ${ready.ozonActId}`);
    expect(fake.requests.filter((r) => r.path === '/v2/posting/fbs/act/create')).toHaveLength(1);

    const admin = createTestClient(db);
    const shown = await admin(
      `query($id: ID!) { node(id: $id) { ... on Manifest { ozonActs { status ozonActId postingNumbers document { contentType filename } } } } }`,
      {
        id: globalId('Manifest', manifest.id),
      },
    );
    expect(shown.errors).toBeUndefined();
    expect(shown.data.node.ozonActs).toEqual([
      {
        status: 'READY',
        ozonActId: ready.ozonActId,
        postingNumbers: [posting.posting_number],
        document: { contentType: 'application/pdf', filename: `ozon-act-${ready.ozonActId}.pdf` },
      },
    ]);
  });
});

describe('cancel on Ozon', () => {
  it("maps our cancel reasons to Ozon's reason ids from Ozon's list", async () => {
    const list = await clientFor(account).call<{ result: typeof cancelReasons }>('/v2/posting/fbs/cancel-reason/list', {});
    const available = new Set(list.result.filter((r) => r.is_available_for_cancellation).map((r) => r.id));
    for (const reason of Object.values(ozonCancelReason)) {
      expect(available.has(reason.id)).toBe(true);
      if (reason.id === 402) expect(reason.message).toBeTruthy();
    }
  });

  it('cancels the posting on Ozon with the reason id as a job, once, and leaves postings Ozon cancelled alone', async () => {
    const { posting, order } = await importedOrder();
    await db.$transaction((tx) => cancelOrder(tx, { orderId: order.id, reason: 'OUT_OF_STOCK', actor: 'user:test' }));
    fake.injectFault({ path: '/v2/posting/fbs/cancel', kind: '5xx', times: 5 });
    await run('ozon.cancellations');
    await run('ozon.cancellations'); // keyed: still one job
    expect(await drainJobs('ozon.cancel')).toEqual({ ran: 1, failed: 1 });
    expect(fake.postings.get(posting.posting_number)!.status).toBe('awaiting_packaging');
    expect((await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).cancelError).toContain('500');
    fake.clearFaults();
    expect(await drainJobs('ozon.cancel')).toEqual({ ran: 1, failed: 0 });
    const cancelled = fake.postings.get(posting.posting_number)!;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancellation).toMatchObject({ cancel_reason_id: 352, cancellation_initiator: 'Продавец' });
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({
      cancelSentAt: expect.any(Date),
      cancelReasonId: 352,
      cancelError: null,
    });
    const events = await db.orderEvent.findMany({ where: { orderId: order.id, type: 'NOTE_ADDED' } });
    expect(events.map((e) => (e.data as { change?: string }).change)).toContain('cancel_sent');
    // Nothing more to send.
    await run('ozon.cancellations');
    expect(await drainJobs('ozon.cancel')).toEqual({ ran: 0, failed: 0 });

    // A posting the buyer cancelled on Ozon (reason 402 needs a message: ours carries one) is not sent back.
    const other = await importedOrder();
    await db.$transaction((tx) => cancelOrder(tx, { orderId: other.order.id, reason: 'BUYER_REQUEST', actor: 'user:test' }));
    fake.cancel(other.posting.posting_number);
    await run('ozon.cancellations');
    const sent = fake.requests.filter((r) => r.path === '/v2/posting/fbs/cancel').length;
    await drainJobs('ozon.cancel');
    expect(fake.requests.filter((r) => r.path === '/v2/posting/fbs/cancel').length).toBe(sent);
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: other.posting.posting_number } })).toMatchObject({ cancelSentAt: expect.any(Date) });
  });
});

describe('rFBS tracking numbers', () => {
  async function shippedWithTracking(rfbs: boolean, trackingNumber: string) {
    const { posting, order } = await importedOrder({ rfbs });
    const carrier = await db.carrier.upsert({ where: { code: 'cdek' }, create: { code: 'cdek', name: 'CDEK' }, update: {} });
    const shipment = await db.shipment.create({ data: { orderId: order.id, carrierId: carrier.id } });
    const parcel = await db.parcel.create({ data: { orderId: order.id, sequence: 1, code: `P-${posting.posting_number}`, status: 'SHIPPED', shipmentId: shipment.id } });
    await db.trackingNumber.create({ data: { shipmentId: shipment.id, parcelId: parcel.id, carrierId: carrier.id, number: trackingNumber } });
    await db.order.update({ where: { id: order.id }, data: { status: 'SHIPPED' } });
    return posting;
  }

  it("sends our carrier's tracking number of a shipped rFBS order to Ozon, once, and none for FBS", async () => {
    const rfbs = await shippedWithTracking(true, 'CDEK-1000001');
    const fbs = await shippedWithTracking(false, 'CDEK-1000002');
    fake.injectFault({ path: '/v2/fbs/posting/tracking-number/set', kind: '5xx', times: 5 });
    await expect(run('ozon.tracking')).rejects.toThrow();
    expect(fake.trackingNumbers.has(rfbs.posting_number)).toBe(false);
    fake.clearFaults();
    await run('ozon.tracking');
    expect(fake.trackingNumbers.get(rfbs.posting_number)).toBe('CDEK-1000001');
    expect(fake.trackingNumbers.has(fbs.posting_number)).toBe(false);
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: rfbs.posting_number } })).toMatchObject({
      trackingNumber: 'CDEK-1000001',
      trackingSentAt: expect.any(Date),
      trackingError: null,
    });
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: fbs.posting_number } })).toMatchObject({ trackingSentAt: null, trackingError: 'NOT_RFBS' });
    const sets = fake.requests.filter((r) => r.path === '/v2/fbs/posting/tracking-number/set').length;
    await run('ozon.tracking');
    expect(fake.requests.filter((r) => r.path === '/v2/fbs/posting/tracking-number/set').length).toBe(sets);
  });
});
