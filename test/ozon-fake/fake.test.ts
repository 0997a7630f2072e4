// The fake Ozon Seller API behaves as Ozon documents: auth headers, error body, list filters, ship
// (split, ship_failed), stock limits, rate limit, pushes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOzon, startFakeOzon } from './fake.ts';

let fake: FakeOzon;
const received: Record<string, unknown>[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push(JSON.parse(body));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":true}');
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  fake = await startFakeOzon({ rps: 20, pushUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`, push: { hold: true } });
});
afterAll(async () => {
  await fake.stop();
  receiver.close();
});

const call = async (path: string, body: unknown, headers: Record<string, string> = { 'Client-Id': '1001', 'Api-Key': 'fake-api-key' }) => {
  const res = await fetch(fake.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('fake Ozon Seller API', () => {
  it('refuses missing or wrong credentials with Ozon’s error body', async () => {
    expect(await call('/v3/posting/fbs/get', { posting_number: 'x' }, {})).toEqual({ status: 401, body: { code: 16, message: expect.any(String), details: [] } });
    const wrong = await call('/v3/posting/fbs/get', { posting_number: 'x' }, { 'Client-Id': '1001', 'Api-Key': 'nope' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe(7);
    expect((await call('/v3/posting/fbs/get', { posting_number: 'nope' })).status).toBe(404);
  });

  it('lists by cut-off and by last status change, and pages', async () => {
    const a = fake.createPosting({ products: [{ sku: 1, offer_id: 'A', quantity: 2 }] });
    const b = fake.createPosting({ products: [{ sku: 2, offer_id: 'B', quantity: 1 }] });
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect((await call('/v3/posting/fbs/unfulfilled/list', { limit: 10, filter: {} })).status).toBe(400);
    const open = await call('/v3/posting/fbs/unfulfilled/list', { limit: 1, offset: 0, filter: { cutoff_from: from, cutoff_to: to } });
    expect(open.body.result.count).toBe(2);
    expect(open.body.result.postings.map((p: any) => p.posting_number)).toEqual([a.posting_number]);
    const mark = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    fake.setStatus(b.posting_number, 'delivering');
    const changed = await call('/v3/posting/fbs/list', { limit: 100, filter: { since: from, to, last_changed_status_date: { from: mark, to } } });
    expect(changed.body.result).toEqual({
      postings: [expect.objectContaining({ posting_number: b.posting_number, status: 'delivering', substatus: 'posting_on_way_to_city' })],
      has_next: false,
    });
    const got = await call('/v3/posting/fbs/get', { posting_number: a.posting_number });
    expect(got.body.result).toMatchObject({ status: 'awaiting_packaging', products: [{ sku: 1, offer_id: 'A', quantity: 2, price: '1000.000000' }], customer: null });
  });

  it('ships (a split gives new numbers), refuses a second ship, and a ship_failed fault is a 200', async () => {
    const p = fake.createPosting({ products: [{ sku: 7, offer_id: 'S', quantity: 2 }] });
    fake.injectFault({ path: '/v4/posting/fbs/ship', kind: 'ship_failed' });
    const failed = await call('/v4/posting/fbs/ship', { posting_number: p.posting_number, packages: [{ products: [{ product_id: 7, quantity: 2 }] }] });
    expect(failed.status).toBe(200);
    expect((await call('/v3/posting/fbs/get', { posting_number: p.posting_number })).body.result).toMatchObject({
      status: 'awaiting_packaging',
      substatus: 'ship_failed',
    });
    const split = await call('/v4/posting/fbs/ship', {
      posting_number: p.posting_number,
      packages: [{ products: [{ product_id: 7, quantity: 1 }] }, { products: [{ product_id: 7, quantity: 1 }] }],
    });
    expect(split.body.result).toHaveLength(2);
    expect(split.body.result).not.toContain(p.posting_number);
    expect((await call('/v4/posting/fbs/ship', { posting_number: p.posting_number, packages: [{ products: [{ product_id: 7, quantity: 2 }] }] })).status).toBe(400);
  });

  it('enforces the stock limits', async () => {
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => ({ offer_id: `O${i}`, stock: 5, warehouse_id: 1 }));
    expect((await call('/v2/products/stocks', { stocks: pairs(101) })).status).toBe(400);
    const first = await call('/v2/products/stocks', { stocks: pairs(2) });
    expect(first.body.result.map((r: any) => r.updated)).toEqual([true, true]);
    const again = await call('/v2/products/stocks', { stocks: pairs(1) });
    expect(again.body.result[0]).toMatchObject({ updated: false, errors: [{ code: 'TOO_MANY_REQUESTS' }] });
  });

  it('shows rFBS buyers, requirements as SKU strings, the delivery interval on request, and splits before packing', async () => {
    const customer = {
      customer_id: 5,
      name: 'Покупатель',
      address: { address_tail: 'ул. Мира, 1', city: 'Тверь', region: 'Тверская', district: '', country: 'Россия', zip_code: '170000', comment: '', pvz_code: 0 },
    };
    const rfbs = fake.createPosting({ customer, products: [{ sku: 7, offer_id: 'R', quantity: 1 }], requirements: { products_requiring_gtd: ['7'] } });
    const plain = await call('/v3/posting/fbs/get', { posting_number: rfbs.posting_number });
    expect(plain.body.result).toMatchObject({
      tpl_integration_type: 'non_integrated',
      customer: { customer_id: 5, name: 'Покупатель', phone: '', address: { city: 'Тверь', zip_code: '170000' } },
      addressee: { name: 'Покупатель', phone: '' },
      analytics_data: null,
      requirements: { products_requiring_gtd: ['7'], products_requiring_mandatory_mark: [], products_requiring_change_country: [] },
      available_actions: expect.arrayContaining(['ship_with_additional_info']),
    });
    const withAnalytics = await call('/v3/posting/fbs/get', { posting_number: rfbs.posting_number, with: { analytics_data: true } });
    expect(withAnalytics.body.result.analytics_data).toMatchObject({ delivery_date_begin: rfbs.delivery_date_begin, delivery_date_end: rfbs.delivery_date_end });
    const end = new Date(Date.now() + 9 * 86_400_000);
    fake.changeDeliveryDate(rfbs.posting_number, new Date(end.getTime() - 3_600_000), end);
    expect(fake.queuedPushes.at(-1)).toEqual({
      message_type: 'TYPE_DELIVERY_DATE_CHANGED',
      seller_id: 1001,
      warehouse_id: rfbs.warehouse_id,
      posting_number: rfbs.posting_number,
      new_delivery_date_begin: new Date(end.getTime() - 3_600_000).toISOString(),
      new_delivery_date_end: end.toISOString(),
      old_delivery_date_begin: expect.any(String),
      old_delivery_date_end: expect.any(String),
    });
    const two = fake.createPosting({
      products: [
        { sku: 8, offer_id: 'S', quantity: 1 },
        { sku: 9, offer_id: 'T', quantity: 2 },
      ],
    });
    const parts = fake.splitPosting(two.posting_number, [[{ sku: 8, quantity: 1 }], [{ sku: 9, quantity: 2 }]]);
    expect(parts.map((p) => [p.status, p.parent_posting_number, p.products.map((x) => x.offer_id)])).toEqual([
      ['awaiting_packaging', two.posting_number, ['S']],
      ['awaiting_packaging', two.posting_number, ['T']],
    ]);
    expect((await call('/v3/posting/fbs/get', { posting_number: two.posting_number })).body.result.status).toBe('cancelled_from_split_pending');
    expect(fake.queuedPushes.slice(-2).map((p) => [p.message_type, p.posting_number])).toEqual(parts.map((p) => ['TYPE_NEW_POSTING', p.posting_number]));
  });

  it('rate-limits per Client-Id and injects 5xx', async () => {
    // Five times the 20/s allowed at once: on a loaded machine the burst may straddle a second or two.
    const statuses = await Promise.all(Array.from({ length: 100 }, () => call('/v3/posting/fbs/get', { posting_number: 'x' }).then((r) => r.status)));
    expect(statuses).toContain(429);
    await new Promise((r) => setTimeout(r, 1100));
    fake.injectFault({ kind: '5xx' });
    expect((await call('/v3/posting/fbs/get', { posting_number: 'x' })).status).toBe(500);
  });

  it('sends held pushes out of order and twice', async () => {
    received.length = 0;
    const queued = fake.queuedPushes.length;
    expect(queued).toBeGreaterThan(0);
    await fake.flushPushes({ reverse: true, duplicate: true });
    expect(received).toHaveLength(queued * 2);
    expect(received[0]).toEqual(received[1]);
    expect(received.at(-1)).toMatchObject({ message_type: 'TYPE_NEW_POSTING' });
  });
});

describe('fake Ozon: per-method blocks and the act list', () => {
  let clock = Date.parse('2026-12-01T08:00:00Z');
  let blocking: FakeOzon;
  beforeAll(async () => {
    blocking = await startFakeOzon({ now: () => new Date(clock), circuit: { errors: 3, windowMs: 60_000, blockMs: 180_000 } });
  });
  afterAll(() => blocking.stop());
  const at = async (path: string, body: unknown) => {
    const res = await fetch(blocking.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Client-Id': '1001', 'Api-Key': 'fake-api-key' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('blocks a method after a burst of errors ("Circle is open", 429) for a while; other methods answer', async () => {
    for (let i = 0; i < 3; i++) expect((await at('/v3/posting/fbs/get', { posting_number: 'nope' })).status).toBe(404);
    const p = blocking.createPosting({ products: [{ sku: 1, offer_id: 'A', quantity: 1 }] });
    expect(await at('/v3/posting/fbs/get', { posting_number: p.posting_number })).toEqual({ status: 429, body: { code: 8, message: 'Circle is open', details: [] } });
    expect((await at('/v2/posting/fbs/cancel-reason/list', {})).status).toBe(200);
    clock += 180_000;
    expect((await at('/v3/posting/fbs/get', { posting_number: p.posting_number })).status).toBe(200);
    blocking.blockMethod('/v3/posting/fbs/get', 60_000);
    expect((await at('/v3/posting/fbs/get', { posting_number: p.posting_number })).body.message).toBe('Circle is open');
    blocking.unblockMethod('/v3/posting/fbs/get');
    expect((await at('/v3/posting/fbs/get', { posting_number: p.posting_number, with: { related_postings: true } })).body.result.related_postings).toEqual({
      related_posting_numbers: [],
    });
  });

  it('lists acts by creation day and gives an act’s postings; a lost answer still creates the act', async () => {
    const p = blocking.createPosting({ products: [{ sku: 1, offer_id: 'A', quantity: 1 }] });
    await at('/v4/posting/fbs/ship', { posting_number: p.posting_number, packages: [{ products: [{ product_id: 1, quantity: 1 }] }] });
    blocking.injectFault({ path: '/v2/posting/fbs/act/create', kind: 'answer_lost' });
    const lost = await fetch(blocking.url + '/v2/posting/fbs/act/create', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Client-Id': '1001', 'Api-Key': 'fake-api-key' },
      body: JSON.stringify({ delivery_method_id: 1, departure_date: new Date(clock).toISOString() }),
      signal: AbortSignal.timeout(300),
    }).catch((error: Error) => error.name);
    expect(lost).toBe('TimeoutError');
    const day = new Date(clock).toISOString().slice(0, 10);
    expect((await at('/v2/posting/fbs/act/list', { filter: {} })).status).toBe(400);
    const list = await at('/v2/posting/fbs/act/list', { filter: { date_from: day, date_to: day }, limit: 10 });
    expect(list.body.result).toEqual([
      expect.objectContaining({ id: expect.any(Number), delivery_method_id: 1, status: 'in_process', created_at: new Date(clock).toISOString() }),
    ]);
    expect((await at('/v2/posting/fbs/act/list', { filter: { date_from: '2026-11-01', date_to: '2026-11-30' }, limit: 10 })).body.result).toEqual([]);
    const postings = await at('/v2/posting/fbs/act/get-postings', { id: list.body.result[0].id });
    expect(postings.body.result).toEqual([
      expect.objectContaining({ posting_number: p.posting_number, status: 'awaiting_deliver', products: [expect.objectContaining({ sku: 1, quantity: 1 })] }),
    ]);
  });

  it('lists returns with one date filter, at most 500 a page, paged by last_id; a key without access gets 403', async () => {
    const p = fake.createPosting({ products: [{ sku: 31, offer_id: 'R-A', quantity: 3 }] });
    const q = fake.createPosting({ products: [{ sku: 32, offer_id: 'R-B', quantity: 1 }] });
    const partial = fake.addReturn({ postingNumber: p.posting_number, type: 'PartialReturn', quantity: 1 });
    const client = fake.addReturn({ postingNumber: q.posting_number, type: 'ClientReturn' });
    const range = { time_from: new Date(Date.now() - 60_000).toISOString(), time_to: new Date(Date.now() + 60_000).toISOString() };
    expect((await call('/v1/returns/list', { limit: 501 })).status).toBe(400);
    expect((await call('/v1/returns/list', { limit: 10, filter: { logistic_return_date: range, visual_status_change_moment: range } })).body).toMatchObject({
      code: 3,
    });
    const first = await call('/v1/returns/list', { limit: 1, filter: { visual_status_change_moment: range, return_schema: 'FBS' } });
    expect(first.body).toEqual({
      returns: [
        expect.objectContaining({
          id: String(partial.id),
          type: 'PartialReturn',
          schema: 'Fbs',
          posting_number: p.posting_number,
          product: expect.objectContaining({ sku: '31', offer_id: 'R-A', quantity: 1 }),
        }),
      ],
      has_next: true,
    });
    const second = await call('/v1/returns/list', { limit: 1, last_id: Number(first.body.returns[0].id), filter: { visual_status_change_moment: range } });
    expect(second.body).toEqual({ returns: [expect.objectContaining({ id: String(client.id), type: 'ClientReturn' })], has_next: false });
    const past = { time_from: '2020-01-01T00:00:00Z', time_to: '2020-01-02T00:00:00Z' };
    expect((await call('/v1/returns/list', { limit: 10, filter: { visual_status_change_moment: past } })).body).toEqual({ returns: [], has_next: false });
    fake.denyAccess('/v1/returns/list');
    expect(await call('/v1/returns/list', { limit: 10 })).toEqual({ status: 403, body: { code: 7, message: expect.any(String), details: [] } });
    fake.allowAccess();
  });
});
