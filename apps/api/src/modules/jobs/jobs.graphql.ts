// Background-job failures for admins: what /health counts, with the details (never data).
import { builder } from '../../builder.ts';
import { listJobFailures, type JobFailure } from './jobs.ts';

const JobFailureType = builder.objectRef<JobFailure>('JobFailure').implement({
  authScopes: { permission: 'audit:read' },
  description:
    'A background job whose last attempt failed: retrying with backoff (nextAttemptAt) or given up after maxAttempts. Webhook deliveries keep their own log (webhookDeliveries).',
  fields: (t) => ({
    task: t.exposeString('task', { description: 'notifications.send, webhooks.dispatch, housekeeping.purge, pii.retention, …' }),
    attempts: t.exposeInt('attempts'),
    maxAttempts: t.exposeInt('maxAttempts'),
    lastError: t.exposeString('lastError', { description: "The error's kind, code and stack frames; never its message (it may quote buyer data)." }),
    failedAt: t.expose('failedAt', { type: 'DateTime', description: 'When the last attempt failed.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true, description: 'When it is tried again; null once it gave up.' }),
    gaveUp: t.boolean({ resolve: (f) => f.nextAttemptAt === null }),
  }),
});

builder.queryFields((t) => ({
  jobFailures: t.field({
    type: [JobFailureType],
    authScopes: { permission: 'audit:read' },
    description: 'Background jobs whose last attempt failed, newest first (the same list on every instance; /health counts it).',
    args: { first: t.arg.int({ required: false, defaultValue: 50, description: 'At most 100.' }) },
    resolve: (_root, args, ctx) => listJobFailures(ctx.db, Math.min(Math.max(args.first ?? 50, 1), 100)),
  }),
}));
