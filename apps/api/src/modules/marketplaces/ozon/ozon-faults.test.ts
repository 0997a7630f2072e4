// Rate limits and faults of the Ozon connector, on the real PostgreSQL against the in-process fake
// Ozon: the per-account limiter shared by two instances (two connection pools), the circuit breaker
// for Ozon's per-method blocks ("Circle is open": open → half-open probe → closed, jobs put off
// instead of failing, the block in sync health), act creation that survives a lost answer and a
// crash between Ozon's answer and our save (one act), and shipping after Ozon split the posting
// before we packed it (each part shipped with its own parcels).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase, type OzonAccount } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import type { FakeOzon } from '../../../../../../test/ozon-fake/fake.ts';
import { createTestClient } from '../../../testing/graphql-client.ts';
import { enqueueJob } from '../../jobs/enqueue.ts';
import { advanceAct } from './acts.service.ts';
import { breakerPolicy, PostgresBreaker } from './breaker.ts';
import { ozonLabelForParcel, fetchDueLabels } from './labels.service.ts';
import { OZON_WH, useOzonHarness, useOzonRunner } from './ozon.fixtures.ts';
import { syncPostingJobKey } from './ozon.tasks.ts';
import { PostgresRateLimiter } from './rate-limiter.ts';
import { clientFor, syncPosting } from './sync.service.ts';

let clock = Date.now();
const now = () => new Date(clock);
const ozon = useOzonHarness({ now });
// The breaker runs on the test's clock (the fake's blocks too).
const runner = useOzonRunner(ozon, now, ['ozon.sync-posting']);
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
  // A test that failed half-way leaves no block behind for the next.
  fake.unblockMethod();
  await db.ozonMethodBlock.deleteMany();
});

const callsOf = (path: string) => fake.requests.filter((r) => r.path === path).length;

describe('the rate limiter shared by every instance', () => {
  let first: TestDatabase;
  let second: Awaited<ReturnType<typeof openDatabase>>;
  beforeAll(async () => {
    first = await createTestDatabase();
    // A second instance: its own client and connection pool on the same database.
    second = await openDatabase({ target: { kind: 'postgres', url: first.url! } });
  });
  afterAll(async () => {
    await second?.close();
    await first?.drop();
  });

  it('grants one account at most 50 calls in any second, however the calls are spread over two instances', async () => {
    const limiters = { a: new PostgresRateLimiter(first.prisma), b: new PostgresRateLimiter(second.prisma) };
    const waits: number[] = [];
    // The callers do not really wait here (the slots are the database's): the test takes no time.
    const noSleep = async (ms: number) => void waits.push(ms);
    const grants: { atUs: number; by: 'a' | 'b' }[] = [];
    const burst = (by: 'a' | 'b', n: number) =>
      Promise.all(Array.from({ length: n }, async () => grants.push({ atUs: (await limiters[by].take('ozon:1001', 50, noSleep)).atUs, by })));
    await Promise.all([burst('a', 150), burst('b', 150), limiters.a.take('ozon:other', 50, noSleep)]);

    expect(grants).toHaveLength(300);
    grants.sort((x, y) => x.atUs - y.atUs);
    // The most slots in any one-second window (sliding: however Ozon's seconds are aligned).
    let most = 0;
    for (let i = 0, j = 0; i < grants.length; i++) {
      while (grants[i]!.atUs - grants[j]!.atUs >= 1_000_000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBe(50);
    const gaps = grants.slice(1).map((g, i) => g.atUs - grants[i]!.atUs);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(20_000);
    // Both instances were served, interleaved on one timeline; the later callers are told to wait.
    expect(new Set(grants.slice(0, 100).map((g) => g.by))).toEqual(new Set(['a', 'b']));
    expect(Math.max(...waits)).toBeGreaterThan(1_000);
  });
});

describe("the circuit breaker for Ozon's per-method blocks", () => {
  const method = '/v3/posting/fbs/get';
  const syncJobs = () =>
    db.$queryRaw<{ runAt: Date; attempts: number; lastError: string | null }[]>`
      SELECT "runAt", attempts, "lastError" FROM "JobQueue" WHERE task = 'ozon.sync-posting'`;
  const health = async () => {
    const admin = createTestClient(db);
    const answer = await admin(`{ marketplaceAccounts { syncHealth { methodBlocks { method state blockedUntil opens message } } } }`);
    expect(answer.errors).toBeUndefined();
    return answer.data.marketplaceAccounts[0].syncHealth.methodBlocks;
  };

  it('stops calling a blocked method, puts the job off until the block ends, probes once, and closes when Ozon answers', async () => {
    const posting = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 501, offer_id: 'OZ-A', quantity: 1 }] });
    fake.blockMethod(method, 10 * 60_000);
    await enqueueJob(db, 'ozon.sync-posting', {
      payload: { accountId: account.id, postingNumber: posting.posting_number },
      runAt: now(),
      jobKey: syncPostingJobKey(account.id, posting.posting_number),
    });
    const before = callsOf(method);
    await runner.tick();
    // One call, answered "Circle is open": not retried, the breaker is open.
    expect(callsOf(method)).toBe(before + 1);
    let [job] = await syncJobs();
    expect(job).toMatchObject({ attempts: 0, lastError: null });
    expect(job!.runAt.getTime()).toBeGreaterThanOrEqual(clock + breakerPolicy.blockMs);
    const [block] = await health();
    expect(block).toEqual({ method, state: 'OPEN', blockedUntil: new Date(clock + breakerPolicy.blockMs).toISOString(), opens: 1, message: 'Circle is open' });

    // While it is open no call of the method leaves, from any instance (a new client each time); other methods go on.
    await expect(clientFor(account, db).getPosting(posting.posting_number)).rejects.toMatchObject({
      name: 'OzonMethodBlockedError',
      until: new Date(clock + breakerPolicy.blockMs),
    });
    await expect(clientFor(account, db).call('/v2/posting/fbs/cancel-reason/list', {})).resolves.toMatchObject({ result: expect.any(Array) });
    await runner.tick(); // the job is not due before the block ends
    expect(callsOf(method)).toBe(before + 1);
    expect(await syncJobs()).toHaveLength(1);

    // The block ends on our side, Ozon still blocks: the one probe re-opens it, twice as long.
    clock += breakerPolicy.blockMs + 6_000;
    await runner.tick();
    expect(callsOf(method)).toBe(before + 2);
    [job] = await syncJobs();
    expect(job).toMatchObject({ attempts: 0, lastError: null });
    expect((await health())[0]).toMatchObject({ state: 'OPEN', opens: 2, blockedUntil: new Date(clock + 2 * breakerPolicy.blockMs).toISOString() });

    // Half-open: of two instances only one gets the probe; the other waits for its lease.
    clock += 2 * breakerPolicy.blockMs + 6_000;
    fake.unblockMethod(method);
    const one = new PostgresBreaker(db, account.id, now);
    const two = new PostgresBreaker(db, account.id, now);
    expect(await one.check(method)).toEqual({ blockedUntil: null, probe: true });
    expect(await two.check(method)).toEqual({ blockedUntil: new Date(clock + breakerPolicy.probeLeaseMs), message: 'Circle is open', probe: false });
    await one.release(method); // that probe got no answer: the next caller probes

    // The job's call is the probe; Ozon answers: closed, the posting imported, nothing blocked any more.
    await runner.tick();
    expect(await syncJobs()).toEqual([]);
    expect(await db.order.count({ where: { channel: 'ozon', externalId: posting.posting_number } })).toBe(1);
    expect(await health()).toEqual([]);
    expect(callsOf(method)).toBeGreaterThanOrEqual(before + 3);
  });

  it("opens on a method's own per-minute limit for the rest of the minute", async () => {
    const stocks = '/v2/products/stocks';
    const client = clientFor(account, db);
    for (let i = 0; i < 80; i++) await client.call(stocks, { stocks: [{ offer_id: `LIMIT-${i}`, stock: 1, warehouse_id: OZON_WH }] });
    await expect(client.call(stocks, { stocks: [{ offer_id: 'LIMIT-X', stock: 1, warehouse_id: OZON_WH }] })).rejects.toMatchObject({
      name: 'OzonMethodBlockedError',
      until: new Date(clock + breakerPolicy.minuteLimitMs),
    });
    const sent = callsOf(stocks);
    await expect(client.call(stocks, { stocks: [{ offer_id: 'LIMIT-Y', stock: 1, warehouse_id: OZON_WH }] })).rejects.toMatchObject({ name: 'OzonMethodBlockedError' });
    expect(callsOf(stocks)).toBe(sent);
    await new PostgresBreaker(db, account.id, now).close(stocks);
  });
});

/** A posting imported, packed in one parcel, shipped to Ozon, and handed over on a closed manifest. */
async function handedOver() {
  const { posting, order } = await ozon.importPosting();
  const carrier = await db.carrier.upsert({ where: { code: 'ozon' }, create: { code: 'ozon', name: 'Ozon' }, update: {} });
  const manifest = await db.manifest.create({ data: { carrierId: carrier.id, warehouseId: ozon.warehouse.id, status: 'CLOSED', closedAt: new Date() } });
  await ozon.packInOneParcel(order, `P-${posting.posting_number}`, { manifestId: manifest.id });
  await ozon.runTask('ozon.ship');
  expect(fake.postings.get(posting.posting_number)!.status).toBe('awaiting_deliver');
  await ozon.runTask('ozon.acts');
  const act = await db.ozonAct.findFirstOrThrow({ where: { manifestId: manifest.id } });
  return { posting, act };
}

/** Runs the act's steps until it is READY (Ozon forms it over two checks). */
async function finish(actId: string) {
  for (let i = 0; i < 5; i++) {
    const act = await advanceAct(db, actId, now()).catch(() => null);
    if (act?.status === 'READY') return act;
  }
  return db.ozonAct.findUniqueOrThrow({ where: { id: actId } });
}

describe("Ozon's act, created once", () => {
  const create = '/v2/posting/fbs/act/create';
  const actsWith = (postingNumber: string) => [...fake.acts.values()].filter((a) => a.postings.includes(postingNumber));

  it('finds the act its lost answer created instead of creating another', async () => {
    const { posting, act } = await handedOver();
    const sent = callsOf(create);
    fake.injectFault({ path: create, kind: 'answer_lost' });
    await expect(advanceAct(db, act.id, now())).rejects.toMatchObject({ name: 'OzonUnavailableError', reason: 'timeout' });
    // Ozon made the act; our client did not send act/create again after the timeout.
    expect(callsOf(create)).toBe(sent + 1);
    expect(actsWith(posting.posting_number)).toHaveLength(1);
    expect(await db.ozonAct.findUniqueOrThrow({ where: { id: act.id } })).toMatchObject({ ozonActId: null, createRequestedAt: expect.any(Date), deliveryMethodId: '1' });

    const ready = await finish(act.id);
    expect(ready).toMatchObject({ status: 'READY', ozonActId: String(actsWith(posting.posting_number)[0]!.id) });
    expect(callsOf(create)).toBe(sent + 1);
    expect(actsWith(posting.posting_number)).toHaveLength(1);
    expect(callsOf('/v2/posting/fbs/act/list')).toBeGreaterThan(0);
  });

  it('survives a crash between Ozon creating the act and our saving its id: one act', async () => {
    const { posting, act } = await handedOver();
    const sent = callsOf(create);
    // The process dies right after Ozon answered act/create: the transaction saving the id never runs.
    let crashed = false;
    const crashing = new Proxy(db, {
      get(target, prop) {
        if (prop === '$transaction' && !crashed && callsOf(create) > sent) {
          crashed = true;
          return () => Promise.reject(new Error('the process died'));
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    await expect(advanceAct(crashing, act.id, now())).rejects.toThrow('the process died');
    expect(crashed).toBe(true);
    expect(actsWith(posting.posting_number)).toHaveLength(1);
    expect((await db.ozonAct.findUniqueOrThrow({ where: { id: act.id } })).ozonActId).toBeNull();

    // The retry (the job's next attempt) finds Ozon's act: still one.
    const ready = await finish(act.id);
    expect(ready).toMatchObject({ status: 'READY', ozonActId: String(actsWith(posting.posting_number)[0]!.id) });
    expect(callsOf(create)).toBe(sent + 1);
    expect(actsWith(posting.posting_number)).toHaveLength(1);
  });
});

describe('ship after Ozon split the posting before packing', () => {
  const ship = '/v4/posting/fbs/ship';

  async function splitOrder() {
    const posting = fake.createPosting({
      warehouseId: OZON_WH,
      products: [
        { sku: 501, offer_id: 'OZ-A', quantity: 2 },
        { sku: 502, offer_id: 'OZ-B', quantity: 1 },
      ],
    });
    await syncPosting(db, account.id, posting.posting_number);
    const order = await db.order.findFirstOrThrow({ where: { channel: 'ozon', externalId: posting.posting_number }, include: { lines: true } });
    const [partA, partB] = fake.splitPosting(posting.posting_number, [[{ sku: 501, quantity: 2 }], [{ sku: 502, quantity: 1 }]]);
    // The original as Ozon has it now (cancelled_from_split_pending); the parts are not synced yet.
    await syncPosting(db, account.id, posting.posting_number);
    const line = (sku: string) => order.lines.find((l) => l.sku === sku)!.id;
    return { posting, order, partA: partA!, partB: partB!, line };
  }

  it("ships each part with its own parcels, keeps the parts on the order, and each parcel prints its part's label", async () => {
    const { posting, order, partA, partB, line } = await splitOrder();
    // Packed the other way round: parcel 1 holds the second part's unit, parcel 2 the first part's.
    const parcelB = await db.parcel.create({
      data: { orderId: order.id, sequence: 1, code: `P1-${posting.posting_number}`, status: 'PACKED', items: { create: [{ orderLineId: line('OZ-B'), quantity: 1 }] } },
    });
    const parcelA = await db.parcel.create({
      data: { orderId: order.id, sequence: 2, code: `P2-${posting.posting_number}`, status: 'PACKED', items: { create: [{ orderLineId: line('OZ-A'), quantity: 2 }] } },
    });
    await db.order.update({ where: { id: order.id }, data: { status: 'PACKED' } });
    const sent = callsOf(ship);
    await ozon.runTask('ozon.ship');

    expect(callsOf(ship)).toBe(sent + 2);
    expect(fake.postings.get(partA.posting_number)!.status).toBe('awaiting_deliver');
    expect(fake.postings.get(partB.posting_number)!.status).toBe('awaiting_deliver');
    expect(fake.postings.get(posting.posting_number)!.status).toBe('cancelled_from_split_pending');
    const rows = await db.ozonPosting.findMany({ where: { orderId: order.id }, orderBy: { postingNumber: 'asc' } });
    expect(rows.map((r) => ({ number: r.postingNumber, parent: r.parentPostingNumber, parcel: r.parcelId, shipped: !!r.shippedAt, error: r.shipError }))).toEqual([
      { number: posting.posting_number, parent: null, parcel: null, shipped: true, error: null },
      { number: partA.posting_number, parent: posting.posting_number, parcel: parcelA.id, shipped: true, error: null },
      { number: partB.posting_number, parent: posting.posting_number, parcel: parcelB.id, shipped: true, error: null },
    ]);
    const events = await db.orderEvent.findMany({ where: { orderId: order.id, type: 'NOTE_ADDED' } });
    const shippedParts = events
      .filter((e) => (e.data as { change?: string }).change === 'shipped')
      .flatMap((e) => (e.data as { postingNumbers: string[] }).postingNumbers);
    expect(shippedParts.sort()).toEqual([partA.posting_number, partB.posting_number].sort());

    // Nothing more to send.
    await ozon.runTask('ozon.ship');
    expect(callsOf(ship)).toBe(sent + 2);

    // Once Ozon has the labels, each parcel prints its own part's.
    clock += 60_000;
    expect((await fetchDueLabels(db, account, now())).failed).toEqual([]);
    const labelOf = async (parcel: { id: string; orderId: string; sequence: number }) => (await ozonLabelForParcel(db, parcel))?.toString('latin1') ?? '';
    expect(await labelOf(parcelB)).toContain(partB.posting_number);
    expect(await labelOf(parcelA)).toContain(partA.posting_number);
  });

  it('sends nothing when a parcel mixes units of two parts, and says why on the parts', async () => {
    const { posting, order, partA, partB, line } = await splitOrder();
    await db.parcel.create({
      data: {
        orderId: order.id,
        sequence: 1,
        code: `P-${posting.posting_number}`,
        status: 'PACKED',
        items: {
          create: [
            { orderLineId: line('OZ-A'), quantity: 2 },
            { orderLineId: line('OZ-B'), quantity: 1 },
          ],
        },
      },
    });
    await db.order.update({ where: { id: order.id }, data: { status: 'PACKED' } });
    const sent = callsOf(ship);
    await expect(ozon.runTask('ozon.ship')).rejects.toThrow('not shipped');
    expect(callsOf(ship)).toBe(sent);
    for (const part of [partA, partB]) {
      expect(fake.postings.get(part.posting_number)!.status).toBe('awaiting_packaging');
      const row = await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: part.posting_number } });
      expect(row).toMatchObject({ orderId: order.id, shippedAt: null, shipError: 'OzonPackagesMismatchError' });
    }
    expect(await db.ozonPosting.findFirstOrThrow({ where: { postingNumber: posting.posting_number } })).toMatchObject({ shippedAt: null });
  });
});
