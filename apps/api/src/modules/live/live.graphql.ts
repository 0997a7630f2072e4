// GraphQL subscriptions over SSE: POST (or GET) /graphql with `Accept: text/event-stream`.
//   subscription { orderChanged(id: "…") { eventType fromStatus toStatus order { id status version } } }
//   subscription { orderQueueChanged { orderIds changes { eventType toStatus order { id status } } } }
// Each message carries the order as it is now (read when the message is sent).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Repeater, SlidingBuffer } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { authenticate } from '../auth/auth.service.ts';
import { unauthenticatedError } from '../auth/auth-errors.ts';
import { grants } from '../auth/permissions.ts';
import { OrderStatusEnum } from '../orders/order-status.ts';
import { Order } from '../orders/order.type.ts';
import { EventTypeEnum } from '../webhooks/webhooks.graphql.ts';
import { liveUpdates, type OrderChangeEvent } from './live-bus.ts';

const envNumber = (name: string, fallback: number) => (Number(process.env[name]) >= 0 && process.env[name] ? Number(process.env[name]) : fallback);

/** Open streams one caller may hold in one process (LIVE_MAX_STREAMS_PER_CALLER). */
const maxStreamsPerCaller = envNumber('LIVE_MAX_STREAMS_PER_CALLER', 20);
/** How often a long-lived stream re-checks that its session / key is still valid (LIVE_REAUTH_SECONDS). */
const reauthMs = () => envNumber('LIVE_REAUTH_SECONDS', 60) * 1000;
/** orderQueueChanged gathers the changes of this window into one message (LIVE_QUEUE_COALESCE_MS). */
const coalesceMs = envNumber('LIVE_QUEUE_COALESCE_MS', 500);

const openStreams = new Map<string, number>();
/** Streams open in this process (tests wait on it to know a subscription is live). */
export const openStreamCount = () => [...openStreams.values()].reduce((a, b) => a + b, 0);

/**
 * The caller's order changes, filtered; one stream per subscription. Ends with UNAUTHENTICATED
 * when the session or key behind it expires or is revoked. The stream never blocks the bus: a
 * consumer that cannot keep up loses its oldest messages (at most 256 wait).
 */
function orderChangeStream(ctx: Context, keep: (event: OrderChangeEvent) => boolean): AsyncIterableIterator<OrderChangeEvent> {
  const caller = ctx.viewer?.actor ?? 'anonymous';
  const open = openStreams.get(caller) ?? 0;
  if (open >= maxStreamsPerCaller) {
    throw new GraphQLError(`Too many live streams open (${open}); close some first`, { extensions: { code: 'TOO_MANY_STREAMS', maxStreams: maxStreamsPerCaller } });
  }
  const source = liveUpdates().subscribe();
  const headers = (ctx as Context & { request?: Request }).request?.headers;
  let checkedAt = Date.now();

  async function stillAllowed() {
    if (!headers || Date.now() - checkedAt < reauthMs()) return true;
    checkedAt = Date.now();
    const viewer = await authenticate(ctx.db, headers);
    return !!viewer && grants(viewer, 'orders:read');
  }

  return new Repeater<OrderChangeEvent>(async (push, stop) => {
    openStreams.set(caller, (openStreams.get(caller) ?? 0) + 1);
    void stop.then(() => source.return?.());
    try {
      for await (const event of source) {
        if (!keep(event)) continue;
        if (!(await stillAllowed())) {
          stop(unauthenticatedError('The session or API key behind this stream is no longer valid: sign in again and resubscribe'));
          break;
        }
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
    toStatus: t.field({ type: OrderStatusEnum, nullable: true, description: 'The status it changed to (status changes); null for other events.', resolve: (e) => e.toStatus }),
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
