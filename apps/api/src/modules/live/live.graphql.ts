// GraphQL subscriptions over SSE: POST (or GET) /graphql with `Accept: text/event-stream`.
//   subscription { orderChanged(id: "…") { eventType fromStatus toStatus order { id status version } } }
//   subscription { orderQueueChanged { orderIds changes { eventType toStatus order { id status } } } }
// Each message carries the order as it is now (read when the message is sent).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Repeater, SlidingBuffer } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { builder } from '../../builder.ts';
import type { Context, Viewer } from '../../context.ts';
import { authenticate } from '../auth/auth.service.ts';
import { unauthenticatedError } from '../auth/auth-errors.ts';
import { grants } from '../auth/permissions.ts';
import { OrderStatusEnum } from '../orders/order-status.ts';
import { Order } from '../orders/order.type.ts';
import { EventTypeEnum } from '../webhooks/webhooks.graphql.ts';
import { type CredentialsChanged, liveUpdates, type OrderChangeEvent } from './live-bus.ts';
import { config, configNow } from '../../core/config.ts';

/** Open streams one caller may hold in one process (LIVE_MAX_STREAMS_PER_CALLER). */
const maxStreamsPerCaller = config.LIVE_MAX_STREAMS_PER_CALLER;
/**
 * How often a long-lived stream re-checks its session / key (LIVE_REAUTH_SECONDS), whether or not
 * events flow: the fallback for a session that expires, or a change announced while Redis was away.
 * Read per stream, not once at boot, so a test can shorten it for the streams it opens.
 */
const reauthMs = () => configNow('LIVE_REAUTH_SECONDS') * 1000;
/** orderQueueChanged gathers the changes of this window into one message (LIVE_QUEUE_COALESCE_MS). */
const coalesceMs = config.LIVE_QUEUE_COALESCE_MS;

const openStreams = new Map<string, number>();
/** Streams open in this process (tests wait on it to know a subscription is live). */
export const openStreamCount = () => [...openStreams.values()].reduce((a, b) => a + b, 0);

const concerns = (viewer: Viewer, change: CredentialsChanged) =>
  (!!change.apiKeyId && change.apiKeyId === viewer.apiKeyId) ||
  (!!change.userId && change.userId === viewer.userId) ||
  (!!change.sessionId && change.sessionId === viewer.sessionId);

/**
 * The caller's order changes, filtered; one stream per subscription. Ends with UNAUTHENTICATED
 * as soon as the session or key behind it is revoked, expires or loses orders:read: at once when
 * the change is announced (revokeApiKey, deactivateUser, logout… on any instance), else at the
 * next periodic re-check. The stream never blocks the bus: a consumer that cannot keep up loses
 * its oldest messages (at most 256 wait).
 */
function orderChangeStream(ctx: Context, keep: (event: OrderChangeEvent) => boolean): AsyncIterableIterator<OrderChangeEvent> {
  const caller = ctx.viewer?.actor ?? 'anonymous';
  const open = openStreams.get(caller) ?? 0;
  if (open >= maxStreamsPerCaller) {
    throw new GraphQLError(`Too many live streams open (${open}); close some first`, { extensions: { code: 'TOO_MANY_STREAMS', maxStreams: maxStreamsPerCaller } });
  }
  const bus = liveUpdates();
  const source = bus.subscribe();
  const headers = (ctx as Context & { request?: Request }).request?.headers;

  return new Repeater<OrderChangeEvent>(async (push, stop) => {
    openStreams.set(caller, (openStreams.get(caller) ?? 0) + 1);
    // One check at a time; events arriving meanwhile wait for its verdict (a push after stop() is dropped).
    let checking: Promise<void> | null = null;
    const check = async () => {
      if (!headers) return;
      const viewer = await authenticate(ctx.db, headers).catch(() => ctx.viewer); // database away: keep the stream until it answers
      if (!viewer || !grants(viewer, 'orders:read'))
        stop(unauthenticatedError('The session or API key behind this stream is no longer valid: sign in again and resubscribe'));
    };
    const recheck = () => (checking ??= check().finally(() => (checking = null)));
    const stopListening = bus.onCredentialsChanged((change) => {
      if (ctx.viewer && concerns(ctx.viewer, change)) void recheck();
    });
    const timer = setInterval(() => void recheck(), reauthMs());
    timer.unref();
    void stop.then(() => {
      clearInterval(timer);
      stopListening();
      void source.return?.();
    });
    try {
      for await (const event of source) {
        if (!keep(event)) continue;
        if (checking) await checking;
        void push(event);
      }
    } catch (error) {
      stop(error);
    } finally {
      const left = (openStreams.get(caller) ?? 1) - 1;
      if (left > 0) openStreams.set(caller, left);
      else openStreams.delete(caller);
      stop();
    }
  }, new SlidingBuffer(256));
}

/** Gathers what arrives within `windowMs` of the first item into one list. */
function coalesce<T>(source: AsyncIterableIterator<T>, windowMs: number): AsyncIterableIterator<T[]> {
  return new Repeater<T[]>(async (push, stop) => {
    let batch: T[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      if (!batch.length) return;
      const out = batch;
      batch = [];
      void push(out);
    };
    void stop.then(() => {
      clearTimeout(timer);
      void source.return?.();
    });
    try {
      for await (const item of source) {
        batch.push(item);
        timer ??= setTimeout(flush, windowMs);
      }
    } catch (error) {
      stop(error);
    } finally {
      clearTimeout(timer);
      stop();
    }
  }, new SlidingBuffer(64));
}

const OrderChange = builder.objectRef<OrderChangeEvent>('OrderChange').implement({
  description: 'A committed change of an order (live updates). The same event id as its webhook.',
  fields: (t) => ({
    eventId: t.exposeString('eventId'),
    eventType: t.field({ type: EventTypeEnum, resolve: (e) => e.type }),
    fromStatus: t.field({ type: OrderStatusEnum, nullable: true, resolve: (e) => e.fromStatus }),
    toStatus: t.field({
      type: OrderStatusEnum,
      nullable: true,
      description: 'The status it changed to (status changes); null for other events.',
      resolve: (e) => e.toStatus,
    }),
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => e.occurredAt }),
    order: t.prismaField({
      type: Order,
      nullable: true,
      description: 'The order as it is now (it may have changed again since this event).',
      resolve: (query, e, _args, ctx) => ctx.db.order.findUnique({ ...query, where: { id: e.orderId } }),
    }),
  }),
});

const OrderQueueChange = builder.objectRef<{ changes: OrderChangeEvent[] }>('OrderQueueChange').implement({
  description: 'Changes to the order queue, gathered over a short window (a bulk confirmation is one message, not a hundred).',
  fields: (t) => ({
    changes: t.field({ type: [OrderChange], resolve: (q) => q.changes }),
    orderIds: t.idList({
      description: 'The orders that changed (global ids), each once.',
      resolve: (q) => [...new Set(q.changes.map((c) => c.orderId))].map((id) => encodeGlobalID('Order', id)),
    }),
  }),
});

builder.subscriptionFields((t) => ({
  orderChanged: t.field({
    type: OrderChange,
    authScopes: { permission: 'orders:read' },
    description:
      'Every committed change of one order (id) or of all orders (no id): created, status changed, shipped… Over SSE: POST /graphql with Accept: text/event-stream. Refetch what you show when the stream (re)connects: changes made while disconnected are not replayed.',
    args: { id: t.arg.globalID({ for: Order, required: false }) },
    subscribe: (_root, args, ctx) => {
      const orderId = args.id?.id ?? null;
      return orderChangeStream(ctx, (e) => orderId === null || e.orderId === orderId);
    },
    resolve: (event, _args, ctx) => {
      ctx.now = new Date(); // one stream, many messages: each is computed at its own time (lateRisk)
      return event;
    },
  }),
  orderQueueChanged: t.field({
    type: OrderQueueChange,
    authScopes: { permission: 'orders:read' },
    description:
      'For queue screens: changes of all orders (those entering or leaving `status`, when given), gathered over half a second. Refetch the visible page and the counts on each message.',
    args: { status: t.arg({ type: [OrderStatusEnum], required: false }) },
    subscribe: (_root, args, ctx) => {
      const statuses = args.status?.length ? new Set<string>(args.status) : null;
      const keep = (e: OrderChangeEvent) =>
        !statuses || (e.fromStatus === null && e.toStatus === null) || statuses.has(e.fromStatus ?? '') || statuses.has(e.toStatus ?? '');
      return coalesce(orderChangeStream(ctx, keep), coalesceMs);
    },
    resolve: (changes, _args, ctx) => {
      ctx.now = new Date();
      return { changes };
    },
  }),
}));
