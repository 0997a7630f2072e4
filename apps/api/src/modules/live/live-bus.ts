// Live updates: what changed in which order, pushed to GraphQL subscriptions (SSE) as soon as the
// change has committed. Every API process publishes the outbox events of its own committed
// mutations (modules/common/mutation.ts → announceCommitted) — never before the commit, never for
// rolled-back work — on one pub/sub topic: in memory for a single process, or on Redis
// (REDIS_URL, @graphql-yoga/redis-event-target over ioredis) so every instance sees every change.
//
// Why after-commit in the committing process rather than from the outbox dispatcher: latency (no
// polling; the event leaves in the same tick the transaction commits) while still announcing
// exactly what committed. The trade-off: if a process dies between its commit and the publish,
// that one live event is lost — live updates are hints for screens, and clients refetch when they
// (re)connect. Integrators who need every event use webhooks (outbox-driven, at least once).
import { setMaxListeners } from 'node:events';
import { createPubSub, type PubSub, type PubSubEventTarget } from 'graphql-yoga';
import type { OrderStatus, OutboxEvent } from '@orderly/schema';
import { type EventType, isEventType } from '../webhooks/event-types.ts';
import { onOutboxCommitted } from '../webhooks/outbox.service.ts';
import { type Config, config } from '../../core/config.ts';
import { logLines } from '../../core/observability/logger.ts';

/** One change of one order, as published (JSON-safe: it may travel through Redis). */
export interface OrderChangeEvent {
  /** The outbox event id (the same id its webhook carries). */
  eventId: string;
  type: EventType;
  orderId: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  /** ISO time of the change. */
  occurredAt: string;
}

/**
 * The credentials of a caller changed (an API key revoked, a user deactivated or given other roles,
 * a password reset, a logout): that caller's open streams re-check theirs at once, on every instance.
 */
export interface CredentialsChanged {
  apiKeyId?: string;
  userId?: string;
  sessionId?: string;
}

type Topics = Record<string, [OrderChangeEvent] | [CredentialsChanged]>;

export interface LiveUpdates {
  readonly mode: 'memory' | 'redis';
  /** The pub/sub topic (Redis channel): `<prefix>live:orders`. */
  readonly topic: string;
  publish(event: OrderChangeEvent): void;
  /** Every order change from now on (all processes, with Redis). */
  subscribe(): AsyncIterableIterator<OrderChangeEvent>;
  /** Announces changed credentials (on `<prefix>live:credentials`), after their change committed. */
  credentialsChanged(change: CredentialsChanged): void;
  /** Calls `listener` for every credentials change announced from now on (all processes); returns the unsubscribe. */
  onCredentialsChanged(listener: (change: CredentialsChanged) => void): () => void;
  close(): Promise<void>;
}

/**
 * The bus on a pub/sub. Credentials changes are listened to once per process (from here on, so
 * none is missed once the bus exists) and handed to the streams of this process.
 */
function liveUpdatesOn(pubsub: PubSub<Topics>, prefix: string, mode: LiveUpdates['mode'], close: () => Promise<void> = async () => {}): LiveUpdates {
  const topic = topicFor(prefix);
  const credentialsTopic = `${prefix}live:credentials`;
  const listeners = new Set<(change: CredentialsChanged) => void>();
  const changes = pubsub.subscribe(credentialsTopic) as AsyncIterableIterator<CredentialsChanged>;
  void (async () => {
    for await (const change of changes) for (const listener of listeners) listener(change);
  })();
  return {
    mode,
    topic,
    publish: (event) => pubsub.publish(topic, event),
    subscribe: () => pubsub.subscribe(topic) as AsyncIterableIterator<OrderChangeEvent>,
    credentialsChanged: (change) => pubsub.publish(credentialsTopic, change),
    onCredentialsChanged(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      await changes.return?.();
      await close();
    },
  };
}

const topicFor = (prefix: string) => `${prefix}live:orders`;
export const defaultChannelPrefix = 'orderly:';

export function memoryLiveUpdates(prefix = defaultChannelPrefix): LiveUpdates {
  // One listener per open stream: many are normal here, not a leak.
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget);
  return liveUpdatesOn(createPubSub<Topics>({ eventTarget: eventTarget as PubSubEventTarget<Topics> }), prefix, 'memory');
}

/**
 * Pub/sub on Redis: one connection publishes, one subscribes (a subscribed connection can do
 * nothing else). The topic is subscribed for the life of the process — before the server starts
 * listening — so no event published after start-up is missed; ioredis reconnects and resubscribes
 * by itself when Redis restarts (events published meanwhile are lost: clients refetch on reconnect).
 */
export async function redisLiveUpdates(options: { url: string; prefix?: string; log?: (line: string) => void }): Promise<LiveUpdates> {
  const log = options.log ?? logLines('live', 'warn');
  const { Redis } = await import('ioredis');
  const { createRedisEventTarget } = await import('@graphql-yoga/redis-event-target');
  // The subscriber queues its SUBSCRIBE until Redis answers (null: no retry limit), so a Redis that
  // is down at start-up is subscribed to once it is up; publishes fail fast instead (and are logged).
  const connect = (role: 'publish' | 'subscribe') => {
    const client = new Redis(options.url, { connectionName: `orderly-live-${role}`, maxRetriesPerRequest: role === 'publish' ? 2 : null });
    let reported = false;
    client.on('error', (error: Error) => {
      if (!reported) log(`Redis (${role}) unavailable: ${error.message}; retrying`);
      reported = true;
    });
    client.on('ready', () => {
      if (reported) log(`Redis (${role}) connected again`);
      reported = false;
    });
    return client;
  };
  const publishClient = connect('publish');
  const subscribeClient = connect('subscribe');
  // The event target fires (un)subscribe and publish without awaiting them: a failure must be
  // logged, not become an unhandled rejection that stops the process.
  const safe = <T extends object>(client: T): T =>
    new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        if (property === 'publish' || property === 'subscribe' || property === 'unsubscribe') {
          return (...args: unknown[]) => (value.apply(target, args) as Promise<unknown>).catch((error: Error) => log(`${String(property)} failed: ${error.message}`));
        }
        return value.bind(target);
      },
    });
  const eventTarget = createRedisEventTarget<CustomEvent<OrderChangeEvent | CredentialsChanged>>({
    publishClient: safe(publishClient),
    subscribeClient: safe(subscribeClient),
  }) as unknown as PubSubEventTarget<Topics>;
  const prefix = options.prefix ?? defaultChannelPrefix;
  const topic = topicFor(prefix);
  // A listener for the life of the process keeps the channel subscribed when no stream is open.
  const keepSubscribed = () => {};
  eventTarget.addEventListener(topic, keepSubscribed);
  // Subscribes the credentials channel too (before the acknowledgement awaited below).
  const bus = liveUpdatesOn(createPubSub<Topics>({ eventTarget }), prefix, 'redis', async () => {
    eventTarget.removeEventListener(topic, keepSubscribed);
    // QUIT waits for Redis; when it is away (or slow), just drop the connection.
    const close = async (client: typeof publishClient) => {
      if (client.status === 'ready') await Promise.race([client.quit().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      client.disconnect();
    };
    await Promise.allSettled([close(publishClient), close(subscribeClient)]);
  });
  // Commands on one connection run in order: once this SUBSCRIBE is acknowledged, so are the first ones.
  // Redis down at start-up: serve anyway after 5 s (the SUBSCRIBE stays queued until it is up).
  const subscribed = subscribeClient.subscribe(topic).then(
    () => true,
    (error: Error) => (log(`could not subscribe to ${topic}: ${error.message}`), true),
  );
  const waited = await Promise.race([subscribed, new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000).unref())]);
  if (!waited) log(`Redis is not answering yet: live updates from other instances start once it does`);
  return bus;
}

let current: LiveUpdates = memoryLiveUpdates();

/** The process's live-update bus (in memory until `configureLiveUpdates` chose Redis). */
export const liveUpdates = () => current;

/** Chooses the bus from the configuration: Redis when REDIS_URL is set (channel prefix REDIS_CHANNEL_PREFIX). */
export async function configureLiveUpdates(settings: Pick<Config, 'REDIS_URL' | 'REDIS_CHANNEL_PREFIX'> = config): Promise<LiveUpdates> {
  const prefix = settings.REDIS_CHANNEL_PREFIX;
  const previous = current;
  current = settings.REDIS_URL ? await redisLiveUpdates({ url: settings.REDIS_URL, prefix }) : memoryLiveUpdates(prefix);
  await previous.close();
  return current;
}

/** The order changes among committed outbox events (buyer notifications and other internal events excluded). */
export function orderChangesOf(events: readonly OutboxEvent[]): OrderChangeEvent[] {
  return events
    .filter((e) => e.aggregateType === 'Order' && isEventType(e.type))
    .map((e) => {
      const payload = (e.payload ?? {}) as { from?: OrderStatus; to?: OrderStatus; status?: OrderStatus };
      return {
        eventId: e.id,
        type: e.type as EventType,
        orderId: e.aggregateId,
        fromStatus: payload.from ?? null,
        toStatus: payload.to ?? payload.status ?? null,
        occurredAt: e.createdAt.toISOString(),
      };
    });
}

// After every committed mutation in this process: publish its order changes.
onOutboxCommitted((events) => {
  for (const change of orderChangesOf(events)) current.publish(change);
});
