import type { Prisma } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { maskEmail, maskName, maskPhone } from './masking.ts';
import { canReadPii, piiField } from './pii.ts';
import { anonymizeExpiredPii, piiRetentionDays } from './retention.service.ts';

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
      marketingConsent: t.exposeBoolean('marketingConsent'),
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
    description: "Buyers, newest first. `search` matches the channel's buyer id, and — for callers who may read buyer data — name, e-mail and phone.",
    args: { search: t.arg.string({ required: false, validate: z.string().max(100) }) },
    resolve: (query, _root, args, ctx) => {
      const term = args.search?.trim();
      const or: Prisma.CustomerWhereInput[] = term ? [{ externalId: { equals: term } }] : [];
      if (term && canReadPii(ctx)) {
        or.push({ name: { contains: term, mode: 'insensitive' } }, { email: { contains: term, mode: 'insensitive' } }, { phone: { contains: term } });
      }
      return ctx.db.customer.findMany({ ...query, where: or.length ? { OR: or } : {}, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    },
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
