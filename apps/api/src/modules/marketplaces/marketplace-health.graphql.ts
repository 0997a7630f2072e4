// What the settings screen and the order screen show of the Ozon sync: an account's queued work,
// what needs attention and the stock push (Ozon's method blocks: ozon-breaker.graphql.ts) (ADMIN: marketplaces:manage, like
// the rest of the account); a posting's sync history (the order's timeline entries the connector
// wrote: import, Ozon's status changes, ship, label, act, tracking, cancellation).
import { builder } from '../../builder.ts';
import { Warehouse } from '../inventory/inventory.graphql.ts';
import { OrderEvent } from '../orders/order.type.ts';
import { SyncHealth } from './marketplaces.graphql.ts';
import { attentionItems, type AttentionItem, stockPushState, type StockPushState, syncQueue } from './ozon/health.service.ts';

const Attention = builder.objectRef<AttentionItem>('MarketplaceAttention').implement({
  authScopes: { permission: 'marketplaces:manage' },
  description: 'Postings (or acts, or syncs) that need someone: the settings screen says what to do for each kind.',
  fields: (t) => ({
    kind: t.exposeString('kind', {
      description:
        'UNKNOWN_PRODUCT (add the products: offer id = SKU), INVALID_POSTING, SPLIT_PART_UNKNOWN, ORDERS_ON_HOLD, SHIP_FAILED, LABEL_FAILED, ' +
        'CANCEL_FAILED, TRACKING_FAILED, ACT_FAILED, SYNC_GAVE_UP, SYNC_FAILING (the last sync failed after the last good one), ' +
        'METHOD_BLOCKED (Ozon blocks methods for a while; the work waits), RETURNS_UNAVAILABLE (Ozon refuses the returns list: no Premium ' +
        'subscription or role) or RETURN_NOT_IMPORTED (Ozon returns not in Orderly yet). The server is the one place that classifies; ' +
        'clients show the kinds they know and the rest by their code.',
    }),
    count: t.exposeInt('count'),
    postingNumbers: t.exposeStringList('postingNumbers', { description: 'Up to five of them, oldest first (METHOD_BLOCKED: the blocked methods).' }),
    lastError: t.exposeString('lastError', { nullable: true, description: "The newest error kept (Ozon's code and message, or our reason; no buyer data)." }),
  }),
});

const StockPush = builder.objectRef<StockPushState>('MarketplaceStockPush').implement({
  authScopes: { permission: 'marketplaces:manage' },
  description: 'The coalesced stock push to Ozon (sellable stock per product and mapped warehouse).',
  fields: (t) => ({
    pairs: t.exposeInt('pairs', { description: 'Product–warehouse pairs whose stock Ozon has from us.' }),
    lastPushAt: t.expose('lastPushAt', { type: 'DateTime', nullable: true }),
    waiting: t.exposeInt('waiting', { description: 'Pairs whose stock changed since Ozon last took it (sent within Ozon’s limits on the next runs).' }),
  }),
});

builder.objectFields(SyncHealth, (t) => ({
  queuedSyncs: t.int({
    description: 'Posting syncs waiting to run (pushes received; duplicates collapse into one).',
    resolve: async (h, _args, ctx) => (await syncQueue(ctx.db, h.accountId)).queuedSyncs,
  }),
  retryingSyncs: t.int({
    description: 'Of the queued syncs, those whose last attempt failed (retried with backoff).',
    resolve: async (h, _args, ctx) => (await syncQueue(ctx.db, h.accountId)).retryingSyncs,
  }),
  unshipped: t.int({
    description: 'Packed Ozon orders whose ship Ozon has not accepted yet (sent every minute).',
    resolve: async (h, _args, ctx) => (await syncQueue(ctx.db, h.accountId)).unshipped,
  }),
  labelsWaiting: t.int({
    description: 'Shipped postings whose Ozon label is not fetched yet (ready about a minute after ship).',
    resolve: async (h, _args, ctx) => (await syncQueue(ctx.db, h.accountId)).labelsWaiting,
  }),
  attention: t.field({
    type: [Attention],
    description: 'What needs someone, by kind, largest first (empty when all is well).',
    resolve: (h, _args, ctx) => attentionItems(ctx.db, h.accountId),
  }),
  stockPush: t.field({
    type: StockPush,
    resolve: (h, _args, ctx) => stockPushState(ctx.db, h.accountId),
  }),
}));

builder.prismaObjectField('OzonPosting', 'syncHistory', (t) =>
  t.prismaField({
    type: [OrderEvent],
    description: "The order's timeline entries the Ozon connector wrote (import, Ozon's status changes, ship, label, act, tracking, cancellation), oldest first.",
    args: { last: t.arg.int({ required: false, description: 'How many of the newest (default 30, at most 100).' }) },
    select: { orderId: true },
    resolve: async (query, p, args, ctx) => {
      if (!p.orderId) return [];
      const rows = await ctx.db.orderEvent.findMany({
        ...query,
        where: { orderId: p.orderId, actor: { startsWith: 'ozon:' } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: Math.min(Math.max(args.last ?? 30, 1), 100),
      });
      return rows.reverse();
    },
  }),
);

builder.queryFields((t) => ({
  warehouses: t.prismaField({
    type: [Warehouse],
    authScopes: { permission: 'inventory:read' },
    description: 'Our warehouses (for choosing one, e.g. in the Ozon warehouse mapping), by code.',
    resolve: (query, _root, _args, ctx) => ctx.db.warehouse.findMany({ ...query, orderBy: { code: 'asc' }, take: 200 }),
  }),
}));
