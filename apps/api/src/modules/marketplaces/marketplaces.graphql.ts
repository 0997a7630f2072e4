// Marketplace accounts in GraphQL (ADMIN: marketplaces:manage). The Api-Key is write-only: no field
// returns it, sealed or not.
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { createOzonAccount, disableOzonAccount, updateOzonAccount } from './ozon/accounts.service.ts';

builder.prismaObject('OzonWarehouseMapping', {
  authScopes: { permission: 'marketplaces:manage' },
  description: 'Which of our warehouses fulfils an Ozon warehouse.',
  fields: (t) => ({
    ozonWarehouseId: t.exposeString('ozonWarehouseId', { description: "Ozon's warehouse_id." }),
    warehouseCode: t.string({
      select: { warehouseId: true },
      resolve: async (m, _args, ctx) => (await ctx.db.warehouse.findUniqueOrThrow({ where: { id: m.warehouseId } })).code,
    }),
  }),
});

interface SyncHealthShape {
  accountId: string;
  lastSuccessfulSyncAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
}

const SyncHealth = builder.objectRef<SyncHealthShape>('MarketplaceSyncHealth').implement({
  description: "An account's sync: the last poll that finished, what is still waiting, the last failure.",
  fields: (t) => ({
    lastSuccessfulSyncAt: t.expose('lastSuccessfulSyncAt', { type: 'DateTime', nullable: true }),
    backlog: t.int({
      description: 'Postings seen but not imported yet (unknown products, invalid data): they need attention; the poller retries them.',
      resolve: (h, _args, ctx) => ctx.db.ozonPosting.count({ where: { accountId: h.accountId, blockedReason: { not: null } } }),
    }),
    lastErrorAt: t.expose('lastErrorAt', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true, description: "The last failure's kind and Ozon's error code (no data)." }),
    failing: t.boolean({
      description: 'The last failure is newer than the last successful sync.',
      resolve: (h) => !!h.lastErrorAt && (!h.lastSuccessfulSyncAt || h.lastErrorAt > h.lastSuccessfulSyncAt),
    }),
  }),
});

export const OzonAccountRef = builder.prismaNode('OzonAccount', {
  id: { field: 'id' },
  nullable: true,
  authScopes: { permission: 'marketplaces:manage' },
  description: 'An Ozon seller account (Seller API Client-Id; the Api-Key is stored encrypted and never returned).',
  fields: (t) => ({
    marketplace: t.string({ resolve: () => 'ozon' }),
    name: t.exposeString('name'),
    channel: t.exposeString('channel', { description: "The orders' channel code." }),
    clientId: t.exposeString('clientId'),
    apiBaseUrl: t.exposeString('apiBaseUrl'),
    active: t.exposeBoolean('active'),
    pushPath: t.string({
      description: "Where Ozon sends push notifications for this account (prefix with the server's public address).",
      resolve: (a) => `/integrations/ozon/${a.id}/push`,
    }),
    warehouses: t.relation('warehouses'),
    syncHealth: t.field({
      type: SyncHealth,
      select: { lastSyncAt: true, lastErrorAt: true, lastError: true },
      resolve: (a) => ({ accountId: a.id, lastSuccessfulSyncAt: a.lastSyncAt, lastErrorAt: a.lastErrorAt, lastError: a.lastError }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const WarehouseMappingInput = builder.inputType('OzonWarehouseMappingInput', {
  fields: (t) => ({
    ozonWarehouseId: t.string({ required: true, description: "Ozon's warehouse_id." }),
    warehouseCode: t.string({ required: true, description: 'Our warehouse code.' }),
  }),
});

const CreateOzonAccountInput = builder.inputType('CreateOzonAccountInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    channel: t.string({ required: true, description: 'Channel code of its orders, e.g. "ozon" or "ozon-shop2" (unique).' }),
    clientId: t.string({ required: true }),
    apiKey: t.string({ required: true, description: 'Stored encrypted; never returned.' }),
    apiBaseUrl: t.string({ required: false, description: 'Default https://api-seller.ozon.ru.' }),
    warehouses: t.field({ type: [WarehouseMappingInput], required: false }),
  }),
});

const UpdateOzonAccountInput = builder.inputType('UpdateOzonAccountInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    apiKey: t.string({ required: false, description: 'A new Api-Key (stored encrypted; never returned).' }),
    apiBaseUrl: t.string({ required: false }),
    active: t.boolean({ required: false }),
    warehouses: t.field({ type: [WarehouseMappingInput], required: false, description: 'Replaces the whole mapping.' }),
  }),
});

const OzonAccountPayload = payloadType<{ accountId: string }>('OzonAccountPayload', {
  fields: (t) => ({
    account: t.prismaField({
      type: OzonAccountRef,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.accountId ? ctx.db.ozonAccount.findUnique({ ...query, where: { id: p.accountId } }) : null),
    }),
  }),
});

builder.queryFields((t) => ({
  marketplaceAccounts: t.prismaField({
    type: [OzonAccountRef],
    authScopes: { permission: 'marketplaces:manage' },
    description: 'Marketplace seller accounts (Ozon) with their sync health.',
    resolve: (query, _root, _args, ctx) => ctx.db.ozonAccount.findMany({ ...query, orderBy: { createdAt: 'asc' } }),
  }),
}));

builder.mutationFields((t) => ({
  createOzonAccount: t.field({
    type: OzonAccountPayload,
    authScopes: { permission: 'marketplaces:manage' },
    description: 'Connect an Ozon seller account (Client-Id, Api-Key, warehouse mapping).',
    args: { input: t.arg({ type: CreateOzonAccountInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'createOzonAccount', args, (tx) => createOzonAccount(tx, args.input)),
  }),
  updateOzonAccount: t.field({
    type: OzonAccountPayload,
    authScopes: { permission: 'marketplaces:manage' },
    description: 'Rename, replace the Api-Key, move the API address, re-enable, or replace the warehouse mapping.',
    args: { id: t.arg.globalID({ for: OzonAccountRef }), input: t.arg({ type: UpdateOzonAccountInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'updateOzonAccount', args, (tx) => updateOzonAccount(tx, args.id.id, args.input)),
  }),
  disableOzonAccount: t.field({
    type: OzonAccountPayload,
    authScopes: { permission: 'marketplaces:manage' },
    description: 'Stop syncing an account: pushes for it are refused and the poller skips it (its orders stay).',
    args: { id: t.arg.globalID({ for: OzonAccountRef }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'disableOzonAccount', args, (tx) => disableOzonAccount(tx, args.id.id)),
  }),
}));
