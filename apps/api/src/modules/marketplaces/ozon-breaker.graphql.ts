// The Ozon circuit breaker in an account's sync health (ADMIN: marketplaces:manage, like the rest of
// the account): which methods Ozon blocks for the account ("Circle is open"), until when, and
// whether the breaker is still open or half-open (one probe call allowed). Read from the breaker's
// own rows (ozon/breaker.ts), shared by every API instance; no call to Ozon.
import { builder } from '../../builder.ts';
import { SyncHealth } from './marketplaces.graphql.ts';
import { type BreakerState, methodBlocks } from './ozon/breaker.ts';

const MethodBlock = builder.objectRef<BreakerState>('MarketplaceMethodBlock').implement({
  description:
    'An Ozon method blocked for the account (Ozon answered "Circle is open" or its per-minute limit): no call of it leaves any server until `blockedUntil`, ' +
    'then one probe call; jobs that need it wait for the block to end instead of failing.',
  fields: (t) => ({
    method: t.exposeString('method', { description: 'The Seller API path, e.g. /v3/posting/fbs/get.' }),
    state: t.exposeString('state', { description: 'OPEN (no calls until blockedUntil) or HALF_OPEN (one probe call may go; its answer closes or re-opens it).' }),
    blockedUntil: t.expose('blockedUntil', { type: 'DateTime' }),
    since: t.expose('since', { type: 'DateTime', description: 'When this run of blocks began.' }),
    opens: t.exposeInt('opens', { description: 'Blocks in a row (each lasts twice as long as the one before, capped).' }),
    message: t.exposeString('message', { description: "Ozon's error message." }),
  }),
});

builder.objectFields(SyncHealth, (t) => ({
  methodBlocks: t.field({
    type: [MethodBlock],
    description: 'Ozon methods the circuit breaker keeps off for this account, latest end first (empty when none is blocked).',
    resolve: (h, _args, ctx) => methodBlocks(ctx.db, h.accountId),
  }),
}));
