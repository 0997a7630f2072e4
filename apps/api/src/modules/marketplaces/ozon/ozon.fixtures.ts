// The shared setup of the Ozon tests: a fresh real database, the fake Ozon Seller API (test/ozon-fake)
// in-process, an ADMIN GraphQL client, one Ozon account mapped to a warehouse with the products OZ-A
// and OZ-B, optionally our HTTP server (the fake then pushes to the account's endpoint), and a job
// drain that runs the queued Ozon jobs as the runner would.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { Db, OzonAccount } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type FakeOzon, startFakeOzon } from '../../../../../../test/ozon-fake/fake.ts';
import { createHttpServer } from '../../../app.ts';
import { createProduct, createWarehouse } from '../../../testing/fixtures.ts';
import { createTestClient, type TestClient } from '../../../testing/graphql-client.ts';
import { receiveStock } from '../../inventory/inventory.service.ts';
import { ozonTasks } from './ozon.tasks.ts';
import { pushLog } from './push.ts';
import { clientOptions } from './sync.service.ts';

/** The Ozon warehouse id the account maps to our warehouse. */
export const OZON_WH = 22_000_001;

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
}

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
