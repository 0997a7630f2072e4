import { type Db, WebhookDeliveryStatus } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { idempotencyArgs, type PayloadShape, payloadType, runMutation, runMutationWithSecret } from '../common/mutation.ts';
import { ApiKey } from '../auth/auth.graphql.ts';
import { type EventType, eventTypeList, eventTypes, isEventType } from './event-types.ts';
import { webhookBody } from './dispatcher.ts';
import { wakeJobRunner } from '../jobs/jobs.ts';
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  deliveryFilter,
  redeliverWebhook,
  subscriptionScope,
  updateWebhookSubscription,
} from './webhooks.service.ts';

export const EventTypeEnum = builder.enumType('EventType', {
  description: 'A domain event Orderly announces: to webhooks (the body\'s `type` is the lower-case wire name, e.g. "order.created") and to live updates.',
  values: Object.fromEntries(eventTypeList.map((t) => [eventTypes[t].name, { value: t, description: `\`${t}\`: ${eventTypes[t].description}` }])) as Record<
    string,
    { value: EventType; description: string }
  >,
});

const WebhookDeliveryStatusEnum = builder.enumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: not delivered yet (retrying with backoff); SUCCEEDED: answered 2xx; FAILED: every attempt failed (redeliverWebhook tries again).',
});

export const WebhookSubscription = builder.prismaNode('WebhookSubscription', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist, or is another key's, answers null
  authScopes: { permission: 'webhooks:read' },
  // node(id) sees what webhookSubscriptions lists: an API key its own subscriptions only.
  findUnique: (id, ctx) => ({ id, AND: [subscriptionScope(ctx.viewer)] }),
  description:
    "Which events an integrator's API key receives at which URL. Requests are signed with the subscription's secret (X-Orderly-Signature); the secret itself is only ever returned by createWebhookSubscription and updateWebhookSubscription(rotateSecret: true).",
  fields: (t) => ({
    url: t.exposeString('url'),
    eventTypes: t.field({ type: [EventTypeEnum], select: { eventTypes: true }, resolve: (s) => s.eventTypes.filter(isEventType) }),
    description: t.exposeString('description', { nullable: true }),
    active: t.exposeBoolean('active', { description: 'False once deleted (deactivated): no new deliveries; the log stays.' }),
    apiKey: t.relation('apiKey', {
      description: 'The integrator key the subscription belongs to.',
      // An integrator reads its own key here (webhooks:read only ever shows it its own subscriptions).
      grantScopes: (s, _args, ctx) => (s.apiKeyId === ctx.viewer?.apiKeyId ? ['self'] : []),
    }),
    createdBy: t.exposeString('createdBy', { nullable: true, description: 'apikey:<id> (the integrator) or user:<id> (an admin, for the key).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('WebhookDeliveryAttempt', {
  authScopes: { permission: 'webhooks:read' },
  description: 'One HTTP attempt of a delivery.',
  fields: (t) => ({
    number: t.exposeInt('number', { description: '1 for the first attempt; manual redeliveries count too.' }),
    manual: t.exposeBoolean('manual', { description: 'Asked for with redeliverWebhook.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    durationMs: t.exposeInt('durationMs'),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: 'The HTTP status answered; null when there was no answer (refused, timeout, DNS).' }),
    succeeded: t.exposeBoolean('succeeded'),
    duplicate: t.exposeBoolean('duplicate', {
      description:
        'A 2xx after the delivery had already succeeded through another attempt (rare: an instance lost its lease mid-request): the receiver got the event twice; the delivery counts once.',
    }),
    error: t.exposeString('error', { nullable: true }),
    responseSnippet: t.exposeString('responseSnippet', { nullable: true, description: 'The start of the response body (at most 1 KiB; secrets redacted).' }),
  }),
});

export const WebhookDelivery = builder.prismaNode('WebhookDelivery', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist, or is another key's, answers null
  authScopes: { permission: 'webhooks:read' },
  findUnique: (id, ctx) => ({ id, AND: [deliveryFilter(ctx.viewer, {})] }),
  description: 'One event for one subscription, and every attempt to deliver it.',
  fields: (t) => ({
    subscription: t.relation('subscription'),
    eventId: t.exposeString('eventId', { description: "The event's id: the body's `id` and X-Orderly-Event-Id (deduplicate on it)." }),
    eventType: t.field({ type: EventTypeEnum, select: { event: { select: { type: true } } }, resolve: (d) => d.event.type as EventType }),
    status: t.expose('status', { type: WebhookDeliveryStatusEnum }),
    attemptCount: t.exposeInt('attempts', { description: 'Attempts made so far.' }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the next attempt is due (PENDING only).',
      select: { status: true, nextAttemptAt: true },
      resolve: (d) => (d.status === 'PENDING' ? d.nextAttemptAt : null),
    }),
    lastAttemptAt: t.expose('lastAttemptAt', { type: 'DateTime', nullable: true }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    lastDurationMs: t.exposeInt('lastDurationMs', { nullable: true }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    body: t.string({
      description: 'The JSON body as it is sent (the signature covers exactly these bytes).',
      select: { event: { select: { id: true, type: true, createdAt: true, payload: true } } },
      resolve: (d) => webhookBody(d.event),
    }),
    attempts: t.relation('attemptLog', {
      description: 'The attempts, newest first (the last 20).',
      query: { orderBy: [{ startedAt: 'desc' }, { number: 'desc' }], take: 20 },
    }),
  }),
});

// ─── Queries ────────────────────────────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  webhookSubscriptions: t.prismaConnection({
    type: WebhookSubscription,
    cursor: 'id',
    authScopes: { permission: 'webhooks:read' },
    description: "The caller's webhook subscriptions (an API key sees its own; an admin sees every key's), newest first.",
    args: {
      apiKeyId: t.arg.globalID({ for: ApiKey, required: false, description: "Only this key's (admins)." }),
      includeInactive: t.arg.boolean({ required: false, description: 'Also deleted (deactivated) ones.' }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.db.webhookSubscription.findMany({
        ...query,
        where: {
          AND: [subscriptionScope(ctx.viewer), args.apiKeyId ? { apiKeyId: args.apiKeyId.id } : {}, args.includeInactive ? {} : { active: true }],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
  webhookSubscription: t.prismaField({
    type: WebhookSubscription,
    nullable: true,
    authScopes: { permission: 'webhooks:read' },
    description: "One of the caller's subscriptions (null when it is not theirs).",
    args: { id: t.arg.globalID({ for: WebhookSubscription }) },
    resolve: (query, _root, args, ctx) => ctx.db.webhookSubscription.findFirst({ ...query, where: { AND: [{ id: args.id.id }, subscriptionScope(ctx.viewer)] } }),
  }),
  webhookDeliveries: t.prismaConnection({
    type: WebhookDelivery,
    cursor: 'id',
    authScopes: { permission: 'webhooks:read' },
    description: "The delivery log of the caller's subscriptions (one subscription's, when given), newest first.",
    args: {
      subscriptionId: t.arg.globalID({ for: WebhookSubscription, required: false }),
      status: t.arg({ type: [WebhookDeliveryStatusEnum], required: false }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.db.webhookDelivery.findMany({
        ...query,
        where: deliveryFilter(ctx.viewer, { subscriptionId: args.subscriptionId?.id, status: args.status }),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
    totalCount: (_connection, args, ctx) =>
      ctx.db.webhookDelivery.count({ where: deliveryFilter(ctx.viewer, { subscriptionId: args.subscriptionId?.id, status: args.status }) }),
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

interface SubscriptionResult {
  subscriptionId: string;
  secret: string | null;
}

const loadSubscription = (query: object, p: PayloadShape<SubscriptionResult>, ctx: { db: Db }) =>
  p.subscriptionId ? ctx.db.webhookSubscription.findUnique({ ...query, where: { id: p.subscriptionId } }) : null;

const CreateWebhookSubscriptionPayload = payloadType<SubscriptionResult>('CreateWebhookSubscriptionPayload', {
  fields: (t) => ({
    webhookSubscription: t.prismaField({ type: WebhookSubscription, nullable: true, resolve: (query, p, _args, ctx) => loadSubscription(query, p, ctx) }),
    secret: t.string({
      nullable: true,
      description:
        'The signing secret (whsec_…), returned this once: store it to verify X-Orderly-Signature. A replay of the same idempotency key returns null (rotate the secret if it was lost).',
      resolve: (p) => p.secret ?? null,
    }),
  }),
});

const UpdateWebhookSubscriptionPayload = payloadType<SubscriptionResult>('UpdateWebhookSubscriptionPayload', {
  fields: (t) => ({
    webhookSubscription: t.prismaField({ type: WebhookSubscription, nullable: true, resolve: (query, p, _args, ctx) => loadSubscription(query, p, ctx) }),
    secret: t.string({
      nullable: true,
      description: 'The new signing secret when rotateSecret was asked for (returned this once); null otherwise.',
      resolve: (p) => p.secret ?? null,
    }),
  }),
});

const DeleteWebhookSubscriptionPayload = payloadType<SubscriptionResult>('DeleteWebhookSubscriptionPayload', {
  fields: (t) => ({
    webhookSubscription: t.prismaField({ type: WebhookSubscription, nullable: true, resolve: (query, p, _args, ctx) => loadSubscription(query, p, ctx) }),
  }),
});

const RedeliverWebhookPayload = payloadType<{ deliveryId: string }>('RedeliverWebhookPayload', {
  fields: (t) => ({
    webhookDelivery: t.prismaField({
      type: WebhookDelivery,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.deliveryId ? ctx.db.webhookDelivery.findUnique({ ...query, where: { id: p.deliveryId } }) : null),
    }),
  }),
});

const eventTypesValidation = { validate: z.array(z.string()).min(1, 'Subscribe to at least one event type').max(eventTypeList.length) };

const CreateWebhookSubscriptionInput = builder.inputType('CreateWebhookSubscriptionInput', {
  fields: (t) => ({
    url: t.string({ description: 'Where to POST the events: https (http only outside production); public addresses only in production.' }),
    eventTypes: t.field({ type: [EventTypeEnum], ...eventTypesValidation }),
    description: t.string({ required: false, description: 'What it is for ("ERP order sync"); at most 200 characters.' }),
    apiKeyId: t.globalID({
      for: ApiKey,
      required: false,
      description: 'The key the subscription belongs to. Staff (webhooks:manage) must name it; an API key creates subscriptions for itself and may omit it.',
    }),
  }),
});

const UpdateWebhookSubscriptionInput = builder.inputType('UpdateWebhookSubscriptionInput', {
  description: 'Only the fields given change.',
  fields: (t) => ({
    url: t.string({ required: false }),
    eventTypes: t.field({ type: [EventTypeEnum], required: false, ...eventTypesValidation }),
    description: t.string({ required: false }),
    active: t.boolean({ required: false, description: 'false deactivates (pending deliveries become FAILED); true reactivates.' }),
  }),
});

builder.mutationFields((t) => ({
  createWebhookSubscription: t.field({
    type: CreateWebhookSubscriptionPayload,
    authScopes: { permission: 'webhooks:manage' },
    description: 'Subscribe an API key to event types. The payload carries the signing secret this once.',
    args: { input: t.arg({ type: CreateWebhookSubscriptionInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutationWithSecret(ctx, 'createWebhookSubscription', args, 'secret', async (tx) => {
        const created = await createWebhookSubscription(tx, ctx.viewer, { ...args.input, apiKeyId: args.input.apiKeyId?.id });
        return { result: { subscriptionId: created.subscriptionId }, secret: created.secret };
      }),
  }),
  updateWebhookSubscription: t.field({
    type: UpdateWebhookSubscriptionPayload,
    authScopes: { permission: 'webhooks:manage' },
    description: 'Change the URL, event types, description or active flag; rotateSecret: true replaces the secret at once (returned this once).',
    args: {
      id: t.arg.globalID({ for: WebhookSubscription }),
      input: t.arg({ type: UpdateWebhookSubscriptionInput, required: false }),
      rotateSecret: t.arg.boolean({ required: false }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutationWithSecret(ctx, 'updateWebhookSubscription', args, 'secret', async (tx) => {
        const updated = await updateWebhookSubscription(tx, ctx.viewer, args.id.id, args.input ?? {}, { rotateSecret: args.rotateSecret });
        return { result: { subscriptionId: updated.subscriptionId }, secret: updated.secret };
      }),
  }),
  deleteWebhookSubscription: t.field({
    type: DeleteWebhookSubscriptionPayload,
    authScopes: { permission: 'webhooks:manage' },
    description: 'Stop a subscription (it is deactivated, its delivery log stays; pending deliveries become FAILED). Reactivate with updateWebhookSubscription.',
    args: { id: t.arg.globalID({ for: WebhookSubscription }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'deleteWebhookSubscription', args, (tx) => deleteWebhookSubscription(tx, ctx.viewer, args.id.id)),
  }),
  redeliverWebhook: t.field({
    type: RedeliverWebhookPayload,
    authScopes: { permission: 'webhooks:manage' },
    description: 'Send a delivery again, now (e.g. a FAILED one after fixing the receiver). A FAILED delivery gets one attempt; the payload is the same event (same id).',
    args: { deliveryId: t.arg.globalID({ for: WebhookDelivery }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) => {
      const result = await runMutation(ctx, 'redeliverWebhook', args, (tx) => redeliverWebhook(tx, ctx.viewer, args.deliveryId.id));
      if (result.deliveryId) wakeJobRunner();
      return result;
    },
  }),
}));
