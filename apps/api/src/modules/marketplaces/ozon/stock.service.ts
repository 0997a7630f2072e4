// Out to Ozon, 2: stock. Ozon gets what can be sold (on hand − reserved − picked, never below 0)
// for every active product (offer id = our SKU) in each mapped warehouse. Pushes are coalesced:
// a run sends only the pairs whose stock differs from what Ozon last accepted (OzonStockState),
// however many stock changes happened in between, within Ozon's limits — 100 pairs a call, at most
// 80 calls a minute per account, each pair at most once per 30 s (pairs sent less than 30 s ago wait
// for the next run). The 80 calls a minute are the account's, whichever API instance pushes: each
// call takes a slot of the account's stock key in the PostgreSQL limiter (rate-limiter.ts), spaced
// so that no 60 s window holds more than `callsPerMinute` less a small margin (a call reaches Ozon
// a little after its slot begins); a run that would wait more than a few seconds for the next slot
// leaves the rest for a later run.
import type { Db, OzonAccount } from '@orderly/schema';
import { PostgresRateLimiter } from './rate-limiter.ts';
import { clientFor, sweepAccounts } from './sync.service.ts';

export const stockLimits = { pairsPerCall: 100, callsPerMinute: 80, pairIntervalMs: 30_000, marginCalls: 2, maxWaitMs: 5_000 };

/** The account's stock-call key in the shared limiter (apart from its 50/s key: a separate budget). */
export const stockLimitKey = (account: Pick<OzonAccount, 'clientId'>) => `ozon-stock:${account.clientId}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface StockResult {
  warehouse_id?: number;
  offer_id?: string;
  updated?: boolean;
  errors?: { code?: string }[];
}

export interface StockPushReport {
  sent: number;
  calls: number;
  /** Changed pairs left for a later run (sent < 30 s ago, or the minute's calls used up). */
  deferred: number;
  /** Pairs Ozon refused for another reason (unknown offer…): recorded, not retried until they change. */
  refused: number;
}

export async function pushStock(db: Db, account: OzonAccount, now = new Date()): Promise<StockPushReport> {
  const mappings = await db.ozonWarehouseMapping.findMany({ where: { accountId: account.id } });
  const states = await db.ozonStockState.findMany({ where: { accountId: account.id } });
  const last = new Map(states.map((s) => [`${s.ozonWarehouseId}|${s.offerId}`, s]));
  const due: { ozonWarehouseId: string; offerId: string; stock: number }[] = [];
  let deferred = 0;
  for (const mapping of mappings) {
    const rows = await db.$queryRaw<{ sku: string; available: number }[]>`
      SELECT p.sku, greatest(coalesce(l."onHand" - l.reserved - l.picked, 0), 0)::int AS available
      FROM "Product" p LEFT JOIN "InventoryLevel" l ON l."productId" = p.id AND l."warehouseId" = ${mapping.warehouseId}::uuid
      WHERE p.active ORDER BY p.sku`;
    for (const row of rows) {
      const previous = last.get(`${mapping.ozonWarehouseId}|${row.sku}`);
      if (previous && previous.stock === row.available) continue;
      if (previous && now.getTime() - previous.pushedAt.getTime() < stockLimits.pairIntervalMs) {
        deferred++;
        continue;
      }
      due.push({ ozonWarehouseId: mapping.ozonWarehouseId, offerId: row.sku, stock: row.available });
    }
  }

  const client = clientFor(account, db);
  const limiter = new PostgresRateLimiter(db);
  const perSecond = (stockLimits.callsPerMinute - stockLimits.marginCalls) / 60;
  let sent = 0;
  let calls = 0;
  let refused = 0;
  for (let i = 0; i < due.length; i += stockLimits.pairsPerCall) {
    if (!(await limiter.tryTake(stockLimitKey(account), perSecond, stockLimits.maxWaitMs, sleep))) {
      deferred += due.length - i;
      break;
    }
    const batch = due.slice(i, i + stockLimits.pairsPerCall);
    calls++;
    const answer = await client.call<{ result?: StockResult[] }>('/v2/products/stocks', {
      stocks: batch.map((p) => ({ offer_id: p.offerId, stock: p.stock, warehouse_id: Number(p.ozonWarehouseId) })),
    });
    const results = Array.isArray(answer.result) ? answer.result : [];
    for (const pair of batch) {
      const result = results.find((r) => r.offer_id === pair.offerId && String(r.warehouse_id) === pair.ozonWarehouseId);
      if (!result) {
        deferred++;
        continue;
      }
      if (!result.updated && result.errors?.some((e) => e.code === 'TOO_MANY_REQUESTS')) {
        deferred++;
        continue;
      }
      if (result.updated) sent++;
      else refused++;
      await db.ozonStockState.upsert({
        where: { accountId_ozonWarehouseId_offerId: { accountId: account.id, ozonWarehouseId: pair.ozonWarehouseId, offerId: pair.offerId } },
        create: { accountId: account.id, ozonWarehouseId: pair.ozonWarehouseId, offerId: pair.offerId, stock: pair.stock, pushedAt: now },
        update: { stock: pair.stock, pushedAt: now },
      });
    }
  }
  return { sent, calls, deferred, refused };
}

/** Every active account; one whose stock call Ozon blocks waits for the next run (the pairs stay due). */
export async function pushStockAllAccounts(db: Db, now = new Date()) {
  await sweepAccounts(db, async (account) => {
    await pushStock(db, account, now);
  });
}
