// The shared setup of the Ozon tests: a fresh real database, the fake Ozon Seller API (test/ozon-fake)
// in-process, an ADMIN GraphQL client, one Ozon account mapped to a warehouse with the products OZ-A
// and OZ-B, optionally our HTTP server (the fake then pushes to the account's endpoint), and a job
// drain that runs the queued Ozon jobs as the runner would.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { Db, OzonAccount, Parcel, Prisma } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type FakeCustomer, type FakeOzon, startFakeOzon } from '../../../../../../test/ozon-fake/fake.ts';
import { createHttpServer } from '../../../app.ts';
import { createProduct, createWarehouse } from '../../../testing/fixtures.ts';
import { createTestClient, type TestClient } from '../../../testing/graphql-client.ts';
import { receiveStock } from '../../inventory/inventory.service.ts';
import { type InProcessRunner, startInProcessRunner } from '../../jobs/in-process-runner.ts';
import { ozonTasks } from './ozon.tasks.ts';
import { pushLog } from './push.ts';
import { clientOptions, syncPosting } from './sync.service.ts';

/** The Ozon warehouse id the account maps to our warehouse. */
export const OZON_WH = 22_000_001;

/** An rFBS buyer in Kazan (customer id and delivery comment as given). */
export const kazanBuyer = (customerId: number, comment = ''): FakeCustomer => ({
  customer_id: customerId,
  name: 'Ярослава Кузнецова',
  address: {
    address_tail: 'ул. Лесная, д. 14, кв. 88',
    city: 'Казань',
    region: 'Республика Татарстан',
    district: 'Вахитовский',
    country: 'Россия',
    zip_code: '420111',
    comment,
    pvz_code: 0,
  },
});

type PostingInput = Parameters<FakeOzon['createPosting']>[0];

export interface OzonHarnessOptions {
  /** Serve the API over HTTP and let the fake push (held until flushed) to the account's endpoint. */
  http?: boolean;
  /** How many times the Ozon client tries a call. */
  attempts?: number;
  /** Stock received for each product (none when left out). */
  stock?: number;
  /** The clock of the fake and of the jobs the drain runs. */
  now?: () => Date;
}

export interface OzonHarness {
  db: Db;
  /** The test database's address (a second "instance" opens its own pool on it). */
  url: string;
  fake: FakeOzon;
  admin: TestClient;
  /** Our HTTP server's origin (only with `http`). */
  base: string;
  account: OzonAccount;
  warehouse: Awaited<ReturnType<typeof createWarehouse>>;
  /** Lines the push endpoint logged. */
  logged: string[];
  /** Runs one Ozon task as the runner does, on the harness clock. */
  runTask(task: string, payload?: Record<string, unknown>): Promise<unknown>;
  /** Runs the queued Ozon jobs whose task is LIKE `task` as the runner does (failures stay queued, attempts counted). */
  drainJobs(task?: string): Promise<{ ran: number; failed: number }>;
  /** A posting created on the fake (one OZ-A in the mapped warehouse unless told) and synced in: the posting and its order with lines. */
  importPosting(input?: Partial<PostingInput>): Promise<{ posting: ReturnType<FakeOzon['createPosting']>; order: ImportedOrder }>;
  /** Packs `quantity` (1) of the order's first line into one PACKED parcel (on a manifest when given) and marks the order PACKED. */
  packInOneParcel(order: ImportedOrder, code: string, options?: { quantity?: number; manifestId?: string }): Promise<Parcel>;
}

type ImportedOrder = Prisma.OrderGetPayload<{ include: { lines: true } }>;

/** Registers the hooks that set up, reset (faults, held pushes) and tear down the Ozon test world; its handles are filled in beforeAll. */
export function useOzonHarness(options: OzonHarnessOptions = {}): OzonHarness {
  const now = options.now ?? (() => new Date());
  const tasks = new Map(ozonTasks({ poller: true }).map((t) => [t.name, t]));
  let database: TestDatabase | undefined;
  let server: ReturnType<typeof createHttpServer>['server'] | undefined;
  const h = {
    base: '',
    logged: [] as string[],
    runTask: (task: string, payload: Record<string, unknown> = {}) => tasks.get(task)!.run({ db: h.db, now, log: () => {}, addJob: async () => {} }, payload),
    async drainJobs(task = 'ozon.%') {
      const rows = await h.db.$queryRaw<{ id: bigint; task: string; payload: Record<string, unknown> }[]>`
        SELECT id, task, payload FROM "JobQueue" WHERE task LIKE ${task} ORDER BY id`;
      let failed = 0;
      for (const row of rows) {
        try {
          await h.runTask(row.task, row.payload);
          await h.db.$executeRaw`DELETE FROM "JobQueue" WHERE id = ${row.id}`;
        } catch {
          failed++;
          await h.db.$executeRaw`UPDATE "JobQueue" SET attempts = attempts + 1 WHERE id = ${row.id}`;
        }
      }
      return { ran: rows.length, failed };
    },
    async importPosting(input = {}) {
      const posting = h.fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 501, offer_id: 'OZ-A', quantity: 1 }], ...input });
      await syncPosting(h.db, h.account.id, posting.posting_number);
      const order = await h.db.order.findFirstOrThrow({ where: { channel: 'ozon', externalId: posting.posting_number }, include: { lines: true } });
      return { posting, order };
    },
    async packInOneParcel(order, code, { quantity = 1, manifestId } = {}) {
      const parcel = await h.db.parcel.create({
        data: {
          orderId: order.id,
          sequence: 1,
          code,
          status: 'PACKED',
          ...(manifestId ? { manifestId } : {}),
          items: { create: [{ orderLineId: order.lines[0]!.id, quantity }] },
        },
      });
      await h.db.order.update({ where: { id: order.id }, data: { status: 'PACKED' } });
      return parcel;
    },
  } as OzonHarness;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = (h.db = database.prisma);
    h.url = database.url!;
    pushLog.write = (line) => void h.logged.push(line);
    clientOptions.current = { backoffBaseMs: 1, backoffCapMs: 5, timeoutMs: 300, attempts: options.attempts ?? 3 };
    if (options.http) {
      ({ server } = createHttpServer({ db, rateLimit: false }));
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
      h.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    h.warehouse = await createWarehouse(db);
    for (const sku of ['OZ-A', 'OZ-B']) {
      const product = await createProduct(db, { sku });
      if (options.stock) {
        const input = { productId: product.id, warehouseId: h.warehouse.id, locationId: null, quantity: options.stock, actor: 'test' };
        await db.$transaction((tx) => receiveStock(tx, input));
      }
    }
    h.admin = createTestClient(db);
    h.fake = await startFakeOzon({ now, ...(options.http ? { push: { hold: true } } : {}) });
    const created = await h.admin(
      `mutation($input: CreateOzonAccountInput!) { createOzonAccount(input: $input) { account { pushPath } userErrors { code field message } } }`,
      {
        input: {
          name: 'Main shop',
          channel: 'ozon',
          clientId: '1001',
          apiKey: 'fake-api-key',
          apiBaseUrl: h.fake.url,
          warehouses: [{ ozonWarehouseId: String(OZON_WH), warehouseCode: h.warehouse.code }],
        },
      },
    );
    expect(created.data.createOzonAccount.userErrors).toEqual([]);
    h.account = await db.ozonAccount.findFirstOrThrow({ where: { clientId: '1001' } });
    // The fake pushes to our endpoint for this account.
    if (options.http) h.fake.pushUrl = h.base + created.data.createOzonAccount.account.pushPath;
  });

  afterAll(async () => {
    await h.fake?.stop();
    server?.close();
    await database?.drop();
  });

  beforeEach(() => {
    h.fake.clearFaults();
    h.fake.dropPushes();
  });

  return h;
}

/**
 * An in-process job runner for the named Ozon tasks, on the test's clock (the Ozon client and its
 * breaker too), polling only when ticked; started after the harness, stopped at the end.
 */
export function useOzonRunner(h: OzonHarness, now: () => Date, taskNames: string[]): Pick<InProcessRunner, 'tick'> {
  let runner: InProcessRunner | undefined;
  beforeAll(() => {
    clientOptions.current = { ...clientOptions.current, now };
    const tasks = ozonTasks({ poller: false }).filter((t) => taskNames.includes(t.name));
    runner = startInProcessRunner(h.db, tasks, { log: () => {}, now, pollMs: 3_600_000 });
  });
  afterAll(async () => {
    await runner?.stop();
  });
  return { tick: () => runner!.tick() };
}
