import type { Prisma } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { encodeGlobalId } from '../../core/global-id.ts';
import { MoneySum } from '../common/money.ts';
import { catchUserErrors, idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import {
  audienceCsv,
  campaignAudienceExport,
  type CustomerOrderStats,
  customerOrderStats,
  customerSegments,
  highValueThreshold,
  lapsedDays,
  maxExportRows,
  reachable,
  recordMarketingConsent,
  repeatMinOrders,
  segmentQuery,
  segmentsOf,
} from './customers.service.ts';
import { maskEmail, maskName, maskPhone } from './masking.ts';
import { canReadPii, piiField } from './pii.ts';
import { anonymizeExpiredPii, piiRetentionDays } from './retention.service.ts';

export const CustomerSegmentEnum = builder.enumType('CustomerSegment', {
  description: 'Groups of buyers for outreach.',
  values: {
    REPEAT: { value: 'REPEAT', description: `At least ${repeatMinOrders} orders (not cancelled).` },
    HIGH_VALUE: {
      value: 'HIGH_VALUE',
      description: 'Spent at least CUSTOMER_HIGH_VALUE_MIN_SPENT (minor units) when the server sets it, else in the top tenth of buyers by spend.',
    },
    LAPSED: { value: 'LAPSED', description: `Ordered before, but not in the last ${lapsedDays} days.` },
  } as const satisfies Record<(typeof customerSegments)[number], unknown>,
});

/** Per request: the HIGH_VALUE threshold (one aggregate), and the stats of every customer asked for, read in one statement. */
const thresholds = new WeakMap<Context, Promise<bigint | null>>();
const thresholdOf = (ctx: Context) => {
  let threshold = thresholds.get(ctx);
  if (!threshold) thresholds.set(ctx, (threshold = highValueThreshold(ctx.db)));
  return threshold;
};
const statsBatches = new WeakMap<Context, { ids: Set<string>; loaded: Promise<Map<string, CustomerOrderStats>> }>();
/** Resolvers of one list run in the same tick: their ids are collected and read together on the next. */
function orderStatsOf(ctx: Context, id: string): Promise<CustomerOrderStats> {
  let batch = statsBatches.get(ctx);
  if (!batch) {
    const ids = new Set<string>();
    const loaded = new Promise<Map<string, CustomerOrderStats>>((resolve, reject) =>
      setImmediate(() => {
        statsBatches.delete(ctx);
        customerOrderStats(ctx.db, [...ids]).then(resolve, reject);
      }),
    );
    statsBatches.set(ctx, (batch = { ids, loaded }));
  }
  batch.ids.add(id);
  return batch.loaded.then((stats) => stats.get(id)!);
}

const CustomerStats = builder.objectRef<{ id: string; orderCount: number; firstOrderAt: Date | null; lastOrderAt: Date | null }>('CustomerStats').implement({
  authScopes: { permission: 'customers:read' },
  description: "A buyer's orders (cancelled ones left out) and the rating they gave on reviews of their orders.",
  fields: (t) => ({
    orderCount: t.exposeInt('orderCount'),
    firstOrderAt: t.expose('firstOrderAt', { type: 'DateTime', nullable: true }),
    lastOrderAt: t.expose('lastOrderAt', { type: 'DateTime', nullable: true }),
    totalSpent: t.field({ type: [MoneySum], description: 'Order totals per currency.', resolve: async (c, _args, ctx) => (await orderStatsOf(ctx, c.id)).spent }),
    averageRating: t.float({
      nullable: true,
      description: 'Mean rating (1–5) of the reviews on their orders; null without any.',
      resolve: async (c, _args, ctx) => (await orderStatsOf(ctx, c.id)).averageRating,
    }),
    ratingCount: t.int({ resolve: async (c, _args, ctx) => (await orderStatsOf(ctx, c.id)).ratingCount }),
  }),
});

export const Customer = builder.prismaNode('Customer', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'customers:read' },
  description:
    "A buyer, recognised across orders by the channel's buyer id. Personal data is masked unless the caller may read it (customers:read_pii); unmasked reads are audited.",
  fields: (t) => {
    const pii = (field: 'name' | 'email' | 'phone', mask: (v: string) => string | null, nullable: boolean) =>
      t.string({
        nullable: nullable as true,
        select: { [field]: true, anonymizedAt: true } as { name: true; anonymizedAt: true },
        resolve: (c, _args, ctx) => {
          const value = (c as unknown as Record<string, string | null>)[field];
          return c.anonymizedAt ? value : piiField(ctx, { type: 'Customer', id: c.id }, field, value, mask);
        },
      });
    return {
      channel: t.exposeString('channel', { nullable: true }),
      externalId: t.exposeString('externalId', { nullable: true, description: "The channel's buyer id." }),
      name: pii('name', maskName, false),
      email: pii('email', maskEmail, true),
      phone: pii('phone', maskPhone, true),
      masked: t.boolean({ select: { anonymizedAt: true }, resolve: (c, _args, ctx) => !c.anonymizedAt && !canReadPii(ctx) }),
      marketingConsent: t.exposeBoolean('marketingConsent', { description: 'Consent to hear about new products and offers.' }),
      marketingConsentAt: t.expose('marketingConsentAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When the consent was last given or withdrawn; null when never recorded (such a buyer is left out of campaigns).',
      }),
      marketingConsentSource: t.exposeString('marketingConsentSource', {
        nullable: true,
        description: 'Where it was given or withdrawn (`order:<channel>`, a form, a call…).',
      }),
      stats: t.field({
        type: CustomerStats,
        select: { orderCount: true, firstOrderAt: true, lastOrderAt: true },
        description: 'Orders (not cancelled), spend and the rating given.',
        resolve: (c) => c,
      }),
      segments: t.field({
        type: [CustomerSegmentEnum],
        select: { orderCount: true, spentAmount: true, lastOrderAt: true },
        resolve: async (c, _args, ctx) => segmentsOf(c, ctx.now, await thresholdOf(ctx)),
      }),
      anonymizedAt: t.expose('anonymizedAt', { type: 'DateTime', nullable: true, description: "When the retention job removed this buyer's personal data." }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      orders: t.relatedConnection('orders', {
        cursor: 'id',
        nullable: true,
        description: "This buyer's orders, newest first (needs orders:read).",
        query: { orderBy: [{ placedAt: 'desc' }, { id: 'desc' }] },
      }),
    };
  },
});

builder.queryFields((t) => ({
  customers: t.prismaConnection({
    type: Customer,
    cursor: 'id',
    authScopes: { permission: 'customers:read' },
    description:
      "Buyers, newest first — or a segment's, in its order (REPEAT: most orders first; HIGH_VALUE: most spent first; LAPSED: longest silent first). `search` matches the channel's buyer id, and — for callers who may read buyer data — name, e-mail and phone.",
    args: {
      search: t.arg.string({ required: false, validate: z.string().max(100) }),
      segment: t.arg({ type: CustomerSegmentEnum, required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const term = args.search?.trim();
      const or: Prisma.CustomerWhereInput[] = term ? [{ externalId: { equals: term } }] : [];
      if (term && canReadPii(ctx)) {
        or.push({ name: { contains: term, mode: 'insensitive' } }, { email: { contains: term, mode: 'insensitive' } }, { phone: { contains: term } });
      }
      const searched: Prisma.CustomerWhereInput = or.length ? { OR: or } : {};
      if (!args.segment) return ctx.db.customer.findMany({ ...query, where: searched, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
      const { where, orderBy } = await segmentQuery(ctx.db, args.segment, ctx.now);
      return ctx.db.customer.findMany({ ...query, where: { AND: [where, searched] }, orderBy });
    },
  }),
  campaignAudience: t.prismaConnection({
    type: Customer,
    cursor: 'id',
    authScopes: { permission: 'customers:read' },
    description:
      "A campaign's recipients (a new product, an offer): the segment's buyers who gave marketing consent with a record of when and where from — nobody else. Contact data is masked unless the caller may read it (audited); exportCampaignAudience gives it as CSV.",
    args: { segment: t.arg({ type: CustomerSegmentEnum, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { where, orderBy } = await segmentQuery(ctx.db, args.segment, ctx.now);
      return ctx.db.customer.findMany({ ...query, where: { AND: [where, reachable] }, orderBy });
    },
  }),
}));

const ConsentInput = builder.inputType('RecordMarketingConsentInput', {
  fields: (t) => ({
    customerId: t.globalID({ for: Customer, required: true }),
    consent: t.boolean({ required: true, description: 'true: consent given; false: withdrawn.' }),
    source: t.string({ required: true, description: 'Where it was given or withdrawn: a form, a call, an e-mail reply (at most 100 characters).' }),
  }),
});

const ConsentPayload = payloadType<{ customerId: string }>('RecordMarketingConsentPayload', {
  description: 'The customer with the consent recorded, or userErrors saying why nothing was written.',
  fields: (t) => ({
    customer: t.prismaField({
      type: Customer,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.customerId ? ctx.db.customer.findUnique({ ...query, where: { id: p.customerId } }) : null),
    }),
  }),
});

const ExportInput = builder.inputType('ExportCampaignAudienceInput', {
  fields: (t) => ({
    segment: t.field({ type: CustomerSegmentEnum, required: true }),
    after: t.globalID({ for: Customer, required: false, description: 'Continue after this customer (the previous page’s endCursor).' }),
    limit: t.int({
      required: false,
      description: `Recipients per call (1–${maxExportRows}, default ${maxExportRows}).`,
      validate: z.number().int().min(1).max(maxExportRows),
    }),
  }),
});

const ExportPayload = payloadType<{ csv: string; recipients: number; hasMore: boolean; endCursor: string | null }>('ExportCampaignAudiencePayload', {
  description: 'One page of the audience as CSV, or userErrors (CONSENT_DATA_MISSING) and nothing exported.',
  fields: (t) => ({
    csv: t.string({
      nullable: true,
      description: 'id,name,email,phone,channel,orders,lastOrderAt,consentAt (RFC 4180, UTF-8); a cell starting like a formula is prefixed with an apostrophe.',
      resolve: (p) => p.csv,
    }),
    recipients: t.int({ nullable: true, resolve: (p) => p.recipients }),
    hasMore: t.boolean({ nullable: true, resolve: (p) => p.hasMore }),
    endCursor: t.id({ nullable: true, description: 'Pass as `after` for the next page.', resolve: (p) => p.endCursor }),
  }),
});

builder.mutationFields((t) => ({
  recordMarketingConsent: t.field({
    type: ConsentPayload,
    authScopes: { permission: 'customers:write' },
    description:
      "Record a buyer's marketing consent or its withdrawal, with where it came from; when and who are kept (AuditLog). A buyer whose data was removed: NOT_FOUND, nothing written.",
    args: { input: t.arg({ type: ConsentInput, required: true }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'recordMarketingConsent', { idempotencyKey: args.idempotencyKey, input: { ...args.input, customerId: args.input.customerId.id } }, (tx, actor) =>
        recordMarketingConsent(tx, { customerId: args.input.customerId.id, consent: args.input.consent, source: args.input.source, actor, now: ctx.now }),
      ),
  }),
  exportCampaignAudience: t.field({
    type: ExportPayload,
    authScopes: { permission: ['customers:read', 'customers:read_pii'] },
    description:
      "A segment's campaign audience with unmasked contact data as CSV — only buyers whose marketing consent is recorded. Audited like every unmasked read (one AuditLog row per buyer exported). While some buyer of the segment is marked as consenting without a record of when and where from: CONSENT_DATA_MISSING, nothing exported.",
    args: { input: t.arg({ type: ExportInput, required: true }) },
    resolve: (_root, args, ctx) =>
      catchUserErrors(async () => {
        const { recipients, hasMore } = await campaignAudienceExport(ctx.db, {
          segment: args.input.segment,
          now: ctx.now,
          after: args.input.after?.id,
          limit: args.input.limit ?? maxExportRows,
        });
        for (const r of recipients) {
          for (const field of ['name', 'email', 'phone'] as const) if (r[field] !== null) ctx.pii.record('Customer', r.id, field);
        }
        const last = recipients.at(-1);
        return {
          csv: audienceCsv(recipients, (id) => encodeGlobalId('Customer', id)),
          recipients: recipients.length,
          hasMore,
          endCursor: last ? encodeGlobalId('Customer', last.id) : null,
        };
      }),
  }),
}));

const RetentionResult = builder.objectRef<{ orders: number; customers: number; cutoff: Date }>('PiiRetentionResult').implement({
  fields: (t) => ({
    ordersAnonymized: t.exposeInt('orders'),
    customersAnonymized: t.exposeInt('customers'),
    cutoff: t.expose('cutoff', { type: 'DateTime', description: 'Orders finished before this time were anonymised.' }),
  }),
});

builder.mutationFields((t) => ({
  runPiiRetention: t.field({
    type: RetentionResult,
    authScopes: { permission: 'privacy:manage' },
    description: `Remove buyer personal data from orders finished (completed, cancelled, returned) more than retentionDays ago (default PII_RETENTION_DAYS = ${piiRetentionDays}), and from customers with no other orders. The server also runs this daily.`,
    args: { retentionDays: t.arg.int({ required: false, validate: z.number().int().min(1).max(3650) }) },
    resolve: (_root, args, ctx) => anonymizeExpiredPii(ctx.db, { now: ctx.now, retentionDays: args.retentionDays ?? undefined, actor: ctx.viewer?.actor }),
  }),
}));
