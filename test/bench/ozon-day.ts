// Benchmark: a simulated trading day of the Ozon connector against the fake Ozon Seller API
// (test/ozon-fake), on the real PostgreSQL. Prints figures, asserts nothing.
//
//   pnpm bench:ozon-day [--postings 10000] [--rate 20] [--poll-seconds 10] [--ship-workers 8] [--rfbs 0.1]
//
// Phase 1 (pushes): postings are created at --rate a second (keep it under what the import
// sustains on the machine, or the latency measures the queue); 10 % of Ozon calls fail (5xx,
// timeouts, 429, answers lost after Ozon did the work, ship_failed on ship); pushes are held and sent in shuffled batches (reordered),
// 10 % twice, 10 % late, 5 % never (only the reconciling poller finds those). Our push endpoint
// queues durable sync jobs, run by the in-process job runner; the poller runs every --poll-seconds.
// After the day: reconciliation (two polls), then every order is packed and shipped to Ozon until
// Ozon took them all (--ship-workers at once, as several job runners would), while the coalesced
// stock push runs every second; the rFBS share (--rfbs, the seller delivers) then gets its carrier's
// tracking numbers sent to Ozon until Ozon took them all.
// Phase 2 (no pushes): a tenth of the postings with pushes off: only the poller imports them.
// Printed: missing and duplicated orders after reconciliation, creation → order p50/p95 with and
// without pushes, ship and tracking reports accepted, the poller's runs, and the stock-push rate
// against Ozon's limits.
// The day is compressed: the request limiter (client and fake) is raised from Ozon's 50/s to
// 1000/s and the client's timeout is 500 ms (the fake answers in milliseconds; an injected timeout
// would otherwise cost 15 s); the stock limits stay Ozon's (80 calls a minute, 100 pairs a call,
// 30 s per pair).
// What dominated before at 10,000 postings: the poller applied every open posting in its own
// transaction on every run (now it skips postings whose Ozon state is what it applied last), the
// bench polled with the account as loaded at start (its cursor never moved: every run re-read a
// week), and shipping ran one posting at a time behind 2-second injected timeouts.
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createTestDatabase, setupTestDatabaseServer } from '@orderly/schema/testing';
import { createHttpServer } from '@orderly/api/app';
import { createProduct, createWarehouse } from '../../apps/api/src/testing/fixtures.ts';
import { receiveStock } from '../../apps/api/src/modules/inventory/inventory.service.ts';
import { startInProcessRunner } from '../../apps/api/src/modules/jobs/in-process-runner.ts';
import { createOzonAccount } from '../../apps/api/src/modules/marketplaces/ozon/accounts.service.ts';
import { ozonTasks } from '../../apps/api/src/modules/marketplaces/ozon/ozon.tasks.ts';
import { pushLog } from '../../apps/api/src/modules/marketplaces/ozon/push.ts';
import { postingsToShip, shipPosting } from '../../apps/api/src/modules/marketplaces/ozon/ship.service.ts';
import { sendTrackingNumbers } from '../../apps/api/src/modules/marketplaces/ozon/tracking.service.ts';
import { pushStock, stockLimits } from '../../apps/api/src/modules/marketplaces/ozon/stock.service.ts';
import { clientOptions, pollAccount } from '../../apps/api/src/modules/marketplaces/ozon/sync.service.ts';
import { startFakeOzon } from '../ozon-fake/fake.ts';

const { values: flags } = parseArgs({
  options: {
    postings: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '20' },
    'poll-seconds': { type: 'string', default: '10' },
    'ship-workers': { type: 'string', default: '8' },
    rfbs: { type: 'string', default: '0.1' },
  },
  allowPositionals: true,
});
const POSTINGS = Number(flags.postings);
const RATE = Number(flags.rate);
const POLL_MS = Number(flags['poll-seconds']) * 1000;
const SHIP_WORKERS = Math.max(1, Number(flags['ship-workers']));
const RFBS_SHARE = Number(flags.rfbs);
const FAULT_KINDS = ['5xx', 'timeout', '429', 'answer_lost'] as const;
const FAULT_RATE = 0.1;
const SKUS = 50;
const OZON_WH = 22_000_001;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const log = (line: string) => console.log(line);

const teardown = await setupTestDatabaseServer();
const database = await createTestDatabase({ poolSize: 20 });
const db = database.prisma;
pushLog.write = () => {};
clientOptions.current = { requestsPerSecond: 1000, timeoutMs: 500, attempts: 5, backoffBaseMs: 20, backoffCapMs: 400 };
const fake = await startFakeOzon({ rps: 1000, push: { hold: true } });
const { server } = createHttpServer({ db, rateLimit: false });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

try {
  const warehouse = await createWarehouse(db);
  const skus: string[] = [];
  for (let i = 1; i <= SKUS; i++) {
    const product = await createProduct(db, { sku: `DAY-${String(i).padStart(3, '0')}` });
    skus.push(product.sku);
    await db.$transaction((tx) => receiveStock(tx, { productId: product.id, warehouseId: warehouse.id, locationId: null, quantity: 1_000_000, actor: 'bench' }));
  }
  await db.$transaction((tx) =>
    createOzonAccount(tx, {
      name: 'Bench shop',
      channel: 'ozon',
      clientId: '1001',
      apiKey: 'fake-api-key',
      apiBaseUrl: fake.url,
      warehouses: [{ ozonWarehouseId: String(OZON_WH), warehouseCode: warehouse.code }],
    }),
  );
  const account = await db.ozonAccount.findFirstOrThrow();
  fake.pushUrl = `${base}/integrations/ozon/${account.id}/push`;
  const syncTask = ozonTasks({ poller: false }).filter((t) => t.name === 'ozon.sync-posting');
  const runner = startInProcessRunner(db, syncTask, { log: () => {}, pollMs: 20 });

  log(`Ozon trading day: ${POSTINGS} postings at ${RATE}/s, ${FAULT_RATE * 100} % faults, poll every ${seconds(POLL_MS)}`);
  fake.randomFaults = { rate: FAULT_RATE, kinds: [...FAULT_KINDS, 'ship_failed'] };
  const createdAt = new Map<string, number>();
  let running = true;

  // Pushes: held by the fake, then sent in shuffled batches; some twice, some late, some never.
  const pushStats = { sent: 0, duplicated: 0, late: 0, dropped: 0 };
  let late: { body: Record<string, unknown>; due: number }[] = [];
  const lateOnes = new WeakSet<object>();
  const pusher = (async () => {
    while (running || fake.queuedPushes.length || late.length) {
      const now = Date.now();
      const batch = [...fake.queuedPushes, ...late.filter((l) => l.due <= now).map((l) => l.body)];
      late = late.filter((l) => l.due > now);
      fake.dropPushes();
      const out: Record<string, unknown>[] = [];
      for (const body of batch) {
        const r = Math.random();
        if (lateOnes.has(body)) out.push(body);
        else if (r < 0.05) pushStats.dropped++;
        else if (r < 0.15) {
          out.push(body, body);
          pushStats.duplicated++;
        } else if (r < 0.25) {
          lateOnes.add(body);
          late.push({ body, due: now + 1000 + Math.random() * 4000 });
          pushStats.late++;
        } else out.push(body);
      }
      out.sort(() => Math.random() - 0.5);
      for (let i = 0; i < out.length; i += 16) await Promise.all(out.slice(i, i + 16).map((body) => fake.send('1001', body)));
      pushStats.sent += out.length;
      await sleep(100);
    }
  })();

  // The reconciling poller and the stock push, on their timers.
  const timers: Promise<void>[] = [];
  const every = (ms: number, work: () => Promise<unknown>) =>
    timers.push(
      (async () => {
        while (running) {
          await work().catch(() => {});
          await sleep(ms);
        }
      })(),
    );
  // The poller as its job runs it: the account read afresh (its cursor moves with each run).
  const polls: { ms: number; applied: number; failed: boolean }[] = [];
  const poll = async () => {
    const started = Date.now();
    const current = await db.ozonAccount.findUniqueOrThrow({ where: { id: account.id } });
    try {
      const { applied } = await pollAccount(db, current, new Date());
      polls.push({ ms: Date.now() - started, applied, failed: false });
    } catch (error) {
      polls.push({ ms: Date.now() - started, applied: 0, failed: true });
      throw error;
    }
  };
  every(POLL_MS, poll);
  every(1000, () => pushStock(db, account));
  // Goods arrive all day: stock of a few products changes every second (the push coalesces them).
  const products = await db.product.findMany({ select: { id: true } });
  every(1000, async () => {
    for (let i = 0; i < 5; i++) {
      const product = products[Math.floor(Math.random() * products.length)]!;
      await db.$transaction((tx) => receiveStock(tx, { productId: product.id, warehouseId: warehouse.id, locationId: null, quantity: 1, actor: 'bench' }));
    }
  });

  // Phase 1: the day's postings.
  const create = async (count: number, rate: number) => {
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      const wait = started + (i * 1000) / rate - Date.now();
      if (wait > 0) await sleep(wait);
      const lines = 1 + Math.floor(Math.random() * 3);
      const picked = new Set<number>();
      while (picked.size < lines) picked.add(Math.floor(Math.random() * SKUS));
      const rfbs = Math.random() < RFBS_SHARE;
      const posting = fake.createPosting({
        warehouseId: OZON_WH,
        products: [...picked].map((k) => ({ sku: 700_000 + k, offer_id: skus[k]!, quantity: 1 + Math.floor(Math.random() * 2) })),
        // rFBS: the seller delivers (with our carrier) to this buyer; the tracking number goes to Ozon.
        ...(rfbs
          ? {
              customer: {
                customer_id: 100_000 + i,
                name: 'Покупатель Бенч',
                address: {
                  address_tail: 'ул. Тверская, 1',
                  city: 'Москва',
                  region: 'Москва',
                  district: '',
                  country: 'Россия',
                  zip_code: '125009',
                  comment: '',
                  pvz_code: 0,
                },
              },
            }
          : {}),
      });
      createdAt.set(posting.posting_number, Date.now());
    }
  };
  const dayStart = Date.now();
  await create(POSTINGS, RATE);
  const phase1 = new Set(createdAt.keys());
  // Let the late pushes and queued jobs settle (at most two poll intervals), then reconcile.
  const settleUntil = Date.now() + 2 * POLL_MS;
  while (Date.now() < settleUntil && (await db.order.count({ where: { channel: 'ozon' } })) < phase1.size) await sleep(250);
  fake.randomFaults = { rate: FAULT_RATE, kinds: [...FAULT_KINDS] };
  for (let i = 0; i < 2; i++) await poll().catch(() => {});
  while ((await db.jobQueue.count({ where: { task: 'ozon.sync-posting', lastError: null } })) > 0) await sleep(100);

  const phase1Ms = Date.now() - dayStart;
  const orders = await db.order.findMany({ where: { channel: 'ozon' }, select: { id: true, externalId: true, createdAt: true } });
  const byPosting = new Map<string, number>();
  for (const o of orders) byPosting.set(o.externalId!, (byPosting.get(o.externalId!) ?? 0) + 1);
  const missing = [...phase1].filter((n) => !byPosting.has(n)).length;
  const duplicated = [...byPosting.values()].reduce((sum, n) => sum + n - 1, 0);
  const latencies = orders.filter((o) => phase1.has(o.externalId!)).map((o) => o.createdAt.getTime() - createdAt.get(o.externalId!)!);
  const statuses = new Map<number, number>();
  for (const r of fake.requests) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const failedJobs = await db.jobQueue.count({ where: { task: 'ozon.sync-posting' } });
  const jobErrors = await db.jobQueue.groupBy({ by: ['lastError'], where: { task: 'ozon.sync-posting' }, _count: true });
  for (const e of jobErrors) log(`  sync job failing ×${e._count}: ${(e.lastError ?? 'not run yet').split('\n')[0]!.slice(0, 160)}`);

  // Shipping: every order packed in one parcel, shipped to Ozon until Ozon took them all.
  fake.randomFaults = { rate: FAULT_RATE, kinds: [...FAULT_KINDS, 'ship_failed'] };
  const imported = await db.order.findMany({ where: { channel: 'ozon', status: { notIn: ['CANCELLED', 'ON_HOLD'] } }, include: { lines: true } });
  let sequence = 0;
  for (const order of imported) {
    await db.parcel.create({
      data: {
        orderId: order.id,
        sequence: 1,
        code: `DAY-P-${++sequence}`,
        status: 'PACKED',
        items: { create: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) },
      },
    });
  }
  await db.order.updateMany({ where: { id: { in: imported.map((o) => o.id) } }, data: { status: 'PACKED' } });
  let shipRuns = 0;
  const shipStart = Date.now();
  for (;;) {
    shipRuns++;
    // What the minute's ship job finds (packed, not recorded shipped yet — also those a sync saw
    // shipped on Ozon after our answer was lost), worked by several runners at once.
    const due = await postingsToShip(db, imported.length);
    if (!due.length || shipRuns > 50) break;
    let next = 0;
    await Promise.all(
      Array.from({ length: SHIP_WORKERS }, async () => {
        while (next < due.length) await shipPosting(db, account, due[next++]!.orderId!).catch(() => {});
      }),
    );
  }
  const shipped = await db.ozonPosting.count({ where: { shippedAt: { not: null }, orderId: { in: imported.map((o) => o.id) } } });
  const shipFailedSeen = await db.ozonPosting.count({ where: { orderId: { in: imported.map((o) => o.id) }, shipError: { not: null } } });
  const onOzon = imported.filter((o) => fake.postings.get(o.externalId!)?.status === 'awaiting_deliver').length;
  // Shipped on Ozon but not on our side (no shippedAt), and orders with more than one "shipped" timeline entry.
  const notRecorded = await db.ozonPosting.findMany({
    where: { shippedAt: null, parentPostingNumber: null, orderId: { in: imported.map((o) => o.id) } },
    select: { postingNumber: true },
  });
  const missingShippedAt = notRecorded.filter((p) => fake.postings.get(p.postingNumber)?.status === 'awaiting_deliver').length;
  const [{ twice }] = await db.$queryRaw<{ twice: number }[]>`
    SELECT count(*)::int AS twice FROM (
      SELECT "orderId" FROM "OrderEvent" WHERE actor LIKE 'ozon:%' AND data->>'change' = 'shipped' GROUP BY "orderId" HAVING count(*) > 1) x`;
  const shipMs = Date.now() - shipStart;

  // rFBS tracking: the seller's carrier took the rFBS parcels; their tracking numbers go to Ozon.
  const carrier = await db.carrier.create({ data: { code: 'bench-cdek', name: 'CDEK' } });
  const rfbsRows = await db.ozonPosting.findMany({
    where: { orderId: { in: imported.map((o) => o.id) }, shippedAt: { not: null }, parentPostingNumber: null },
    select: { postingNumber: true, orderId: true },
  });
  const rfbsOrders = rfbsRows.filter((r) => fake.postings.get(r.postingNumber)?.customer);
  for (const [i, row] of rfbsOrders.entries()) {
    const shipment = await db.shipment.create({ data: { orderId: row.orderId!, carrierId: carrier.id } });
    const parcel = await db.parcel.findFirstOrThrow({ where: { orderId: row.orderId! } });
    await db.parcel.update({ where: { id: parcel.id }, data: { status: 'SHIPPED', shipmentId: shipment.id } });
    await db.trackingNumber.create({ data: { shipmentId: shipment.id, parcelId: parcel.id, carrierId: carrier.id, number: `CDEK-${String(i).padStart(8, '0')}` } });
    await db.order.update({ where: { id: row.orderId! }, data: { status: 'SHIPPED' } });
  }
  let trackingRuns = 0;
  const trackingStart = Date.now();
  const trackingWanted = rfbsOrders.map((r) => r.postingNumber);
  for (;;) {
    const left = await db.ozonPosting.count({ where: { accountId: account.id, postingNumber: { in: trackingWanted }, trackingSentAt: null } });
    if (!left || trackingRuns >= 50) break;
    trackingRuns++;
    await sendTrackingNumbers(db, account, 1000).catch(() => {});
  }
  const trackingAccepted = trackingWanted.filter((n) => fake.trackingNumbers.has(n)).length;
  const trackingRecorded = await db.ozonPosting.count({ where: { accountId: account.id, postingNumber: { in: trackingWanted }, trackingSentAt: { not: null } } });
  const trackingMs = Date.now() - trackingStart;

  // Phase 2: pushes off, the poller alone.
  const phase2Count = Math.max(100, Math.round(POSTINGS / 10));
  const pushUrl = fake.pushUrl;
  fake.pushUrl = undefined;
  fake.randomFaults = { rate: FAULT_RATE, kinds: [...FAULT_KINDS] };
  const pollsBefore2 = polls.length;
  const before2 = new Set(createdAt.keys());
  await create(phase2Count, Math.min(RATE, phase2Count / 10));
  const phase2 = [...createdAt.keys()].filter((n) => !before2.has(n));
  // Wait for the poller: up to ten poll intervals after the last posting.
  const until2 = Date.now() + 10 * POLL_MS;
  while (Date.now() < until2 && (await db.order.count({ where: { channel: 'ozon', externalId: { in: phase2 } } })) < phase2.length) await sleep(250);
  const orders2 = await db.order.findMany({ where: { channel: 'ozon', externalId: { in: phase2 } }, select: { externalId: true, createdAt: true } });
  const latencies2 = orders2.map((o) => o.createdAt.getTime() - createdAt.get(o.externalId!)!);
  fake.pushUrl = pushUrl;

  running = false;
  await Promise.all([pusher, ...timers]);
  await runner.stop();

  // Stock pushes against Ozon's limits (from the fake's log of accepted stock calls).
  const stockCalls = fake.stockLog;
  let maxPerMinute = 0;
  for (let i = 0, j = 0; i < stockCalls.length; i++) {
    while (stockCalls[i]!.at - stockCalls[j]!.at >= 60_000) j++;
    maxPerMinute = Math.max(maxPerMinute, i - j + 1);
  }
  const maxPairs = Math.max(0, ...stockCalls.map((c) => c.pairs));
  const stock429 = fake.requests.filter((r) => r.path === '/v2/products/stocks' && r.status === 429).length;

  log('');
  log(
    `Day (phase 1, to reconciled) took ${seconds(phase1Ms)}, all of it ${seconds(Date.now() - dayStart)}; Ozon answered ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')} (timeouts are unanswered)`,
  );
  log(`Pushes: ${pushStats.sent} sent in shuffled batches, ${pushStats.duplicated} duplicated, ${pushStats.late} late, ${pushStats.dropped} never sent`);
  log(`Orders after reconciliation: ${phase1.size} postings → missing ${missing}, duplicated ${duplicated} (sync jobs still failing: ${failedJobs})`);
  log(
    `Creation → order with pushes:    p50 ${seconds(percentile(latencies, 50))}, p95 ${seconds(percentile(latencies, 95))}, max ${seconds(percentile(latencies, 100))} (n=${latencies.length})`,
  );
  log(
    `Creation → order without pushes: p50 ${seconds(percentile(latencies2, 50))}, p95 ${seconds(percentile(latencies2, 95))}, max ${seconds(percentile(latencies2, 100))} (n=${latencies2.length} of ${phase2.length}; poll interval ${seconds(POLL_MS)})`,
  );
  log(
    `Ship reports: ${shipped} of ${imported.length} accepted by Ozon (${onOzon} awaiting_deliver on the fake) after ${shipRuns - 1} run(s) in ${seconds(shipMs)}; ${shipFailedSeen} refused at least once on the way`,
  );
  log(`Shipped on Ozon without shippedAt here: ${missingShippedAt}; orders with more than one "shipped" timeline entry: ${twice}`);
  log(
    `Tracking reports (rFBS): ${trackingAccepted} of ${trackingWanted.length} accepted by Ozon (${trackingRecorded} recorded as sent) after ${trackingRuns} run(s) in ${seconds(trackingMs)}`,
  );
  const pollMs = polls.map((p) => p.ms);
  log(
    `Poller: ${polls.length} runs (${polls.filter((p) => p.failed).length} failed and retried on the next), duration p50 ${seconds(percentile(pollMs, 50))}, max ${seconds(percentile(pollMs, 100))}; ${polls.slice(pollsBefore2).length} runs without pushes`,
  );
  log(
    `Stock push: ${stockCalls.length} calls, max ${maxPerMinute} calls in any 60 s (Ozon: ${stockLimits.callsPerMinute}), max ${maxPairs} pairs a call (Ozon: ${stockLimits.pairsPerCall}), ${stock429} answered 429`,
  );
} finally {
  await fake.stop();
  server.close();
  await database.drop();
  await teardown();
}
