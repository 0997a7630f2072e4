// Marketplace accounts in GraphQL (ADMIN: marketplaces:manage). The Api-Key is write-only: no field
// returns it, sealed or not.
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { createOzonAccount, disableOzonAccount, updateOzonAccount } from './ozon/accounts.service.ts';
import { actionDescriptions, describeRequirements, type RequirementView } from './ozon/requirements.ts';

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

export const SyncHealth = builder.objectRef<SyncHealthShape>('MarketplaceSyncHealth').implement({
  authScopes: { permission: 'marketplaces:manage' },
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

// ─── An order's marketplace posting (Ozon): state, requirements, available actions ─────────────

const RequirementRef = builder.objectRef<RequirementView>('MarketplaceRequirement').implement({
  description: 'Something Ozon wants before it takes the posting (as Ozon last reported it).',
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'MARKING_CODES, CUSTOMS_DECLARATION, COUNTRY_OF_ORIGIN, CHANGE_COUNTRY_OF_ORIGIN, BATCH_REGISTRATION_NUMBER or JEWELLERY_ID.',
    }),
    description: t.exposeString('description', { description: 'What to do, in plain words.' }),
    skus: t.exposeStringList('skus', { description: 'Our SKUs (offer ids) it concerns.' }),
  }),
});

const ActionRef = builder.objectRef<{ code: string; description: string | null }>('MarketplaceAction').implement({
  description: 'Something Ozon lets the seller do with the posting now (its available_actions).',
  fields: (t) => ({
    code: t.exposeString('code', { description: "Ozon's action code (ship, cancel, label_download…)." }),
    description: t.exposeString('description', { nullable: true, description: 'In plain words (null for a code we do not know yet).' }),
  }),
});

/** Ozon statuses before hand-over: a cut-off in the past is worth a flag. */
const beforeHandOver = new Set([
  'awaiting_registration',
  'acceptance_in_progress',
  'awaiting_approve',
  'awaiting_verification',
  'awaiting_packaging',
  'awaiting_deliver',
]);

const MarketplacePosting = builder.prismaObject('OzonPosting', {
  name: 'MarketplacePosting',
  authScopes: { permission: 'orders:read' },
  description: 'The Ozon posting an order came from (no buyer data).',
  fields: (t) => ({
    marketplace: t.string({ resolve: () => 'ozon' }),
    postingNumber: t.exposeString('postingNumber'),
    status: t.exposeString('status', { description: "Ozon's status (awaiting_packaging, awaiting_deliver, delivering, delivered, cancelled…)." }),
    substatus: t.exposeString('substatus', { nullable: true, description: "Ozon's substatus (posting_created, posting_in_pickup_point…)." }),
    shipBy: t.expose('shipmentDate', { type: 'DateTime', nullable: true, description: "Ozon's cut-off: pack and hand over before it." }),
    pastCutoff: t.boolean({
      description: 'Not handed over yet and its cut-off has passed.',
      select: { status: true, shipmentDate: true },
      resolve: (p) => beforeHandOver.has(p.status) && !!p.shipmentDate && p.shipmentDate.getTime() < Date.now(),
    }),
    requirements: t.field({
      type: [RequirementRef],
      description: 'What Ozon still wants before it takes the posting (marking codes, customs declaration number, country of origin…).',
      select: { requirements: true },
      resolve: (p) => describeRequirements(p.requirements),
    }),
    availableActions: t.field({
      type: [ActionRef],
      select: { availableActions: true },
      resolve: (p) => p.availableActions.map((code) => ({ code, description: actionDescriptions[code] ?? null })),
    }),
    parts: t.prismaField({
      type: ['OzonPosting'],
      description: 'The postings this one was split into (each with its own number and state).',
      select: { accountId: true, postingNumber: true },
      resolve: (query, p, _args, ctx) =>
        ctx.db.ozonPosting.findMany({ ...query, where: { accountId: p.accountId, parentPostingNumber: p.postingNumber }, orderBy: { postingNumber: 'asc' } }),
    }),
  }),
});

builder.prismaObjectField('Order', 'marketplacePosting', (t) =>
  t.prismaField({
    type: MarketplacePosting,
    nullable: true,
    description: 'The marketplace (Ozon) posting this order came from: its state, requirements and available actions.',
    select: { id: true },
    resolve: (query, order, _args, ctx) =>
      ctx.db.ozonPosting.findFirst({ ...query, where: { orderId: order.id, parentPostingNumber: null }, orderBy: { createdAt: 'asc' } }),
  }),
);
