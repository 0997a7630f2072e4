import { type Order, type OutboxEvent, Prisma } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';
import { enqueueOncePerTransaction } from '../jobs/enqueue.ts';
import { logLines } from '../../core/observability/logger.ts';
import { describeErrorSafely } from '../common/safe-logging.ts';
import { isEventType, type OutboxEventType } from './event-types.ts';

/** Events written by each open transaction, for the after-commit announcement (see runMutation). */
const writtenByTransaction = new WeakMap<object, OutboxEvent[]>();

/**
 * Records a domain event in the transactional outbox, inside the caller's transaction: the event
 * exists exactly when the change it announces committed. Consumers deliver from the outbox
 * afterwards, each with its own marker: the webhook dispatcher (webhooksFannedOutAt) and the
 * buyer notifier (dispatchedAt). Their jobs are added in the same transaction (once per
 * transaction; `webhooks.dispatch` only when an active subscription wants the type — events no
 * one wants are marked by the dispatcher's minute tick). Live updates are announced right after
 * the commit instead (`announceCommitted`), by the process that committed.
 */
/** How every order event's payload names its order (integrators match on any of these). */
export const orderReference = (order: Pick<Order, 'id' | 'number' | 'channel' | 'externalId'>) => ({
  orderId: order.id,
  number: order.number,
  channel: order.channel,
  externalId: order.externalId,
});

/**
 * A time-ordered UUIDv7 made in SQL (as Prisma's `uuid(7)` makes them; the same expression as
 * inventory.service.ts's ledger rows).
 */
const uuidV7 = Prisma.sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;

/** Where each aggregate's version comes from, and the payload key that carries it. */
const aggregateVersions = {
  Order: { table: Prisma.sql`"Order"`, column: Prisma.sql`a.version`, key: 'orderVersion' },
  Product: { table: Prisma.sql`"Product"`, column: Prisma.sql`a.revision`, key: 'productRevision' },
  Review: { table: Prisma.sql`"Review"`, column: Prisma.sql`a.version`, key: 'reviewVersion' },
  PurchaseOrder: { table: Prisma.sql`"PurchaseOrder"`, column: Prisma.sql`a.version`, key: 'purchaseOrderVersion' },
} as const;

export async function recordOutboxEvent(
  tx: Tx,
  event: { type: OutboxEventType; aggregateType: keyof typeof aggregateVersions; aggregateId: string; payload: Prisma.InputJsonObject },
) {
  // Events of one order (product) can arrive out of order (retries, parallel deliveries): each
  // carries the order's version (product's revision) as of this transaction, so consumers can drop
  // one older than what they applied.
  // One statement: the insert reads the version from the aggregate's row, and the same statement asks
  // whether a webhook subscription wants this type (then the dispatcher's job is added below;
  // otherwise the minute tick marks the event). Was a read and an insert.
  const version = aggregateVersions[event.aggregateType];
  const [row] = await tx.$queryRaw<(OutboxEvent & { wanted: boolean })[]>`
    WITH created AS (
      INSERT INTO "OutboxEvent" (id, type, "aggregateType", "aggregateId", payload, "createdAt")
      SELECT ${uuidV7}, ${event.type}, ${event.aggregateType}, ${event.aggregateId},
        ${JSON.stringify(event.payload)}::jsonb || jsonb_build_object(${version.key}::text, ${version.column}), ${new Date()}::timestamptz
      FROM ${version.table} a WHERE a.id = ${event.aggregateId}::uuid
      RETURNING *
    )
    SELECT created.*, EXISTS (SELECT 1 FROM "WebhookSubscription" WHERE active AND ${event.type} = ANY("eventTypes")) AS wanted FROM created`;
  if (!row) throw new Error(`recordOutboxEvent: no ${event.aggregateType} ${event.aggregateId}`);
  const { wanted, ...created } = row;
  await outboxEventsWritten(tx, [created], wanted);
  return created;
}

/** Whether an active webhook subscription wants events of `type` (SQL, for a statement's select list). */
export const webhookWantedSql = (type: OutboxEventType) => Prisma.sql`EXISTS (SELECT 1 FROM "WebhookSubscription" WHERE active AND ${type} = ANY("eventTypes"))`;

/**
 * The outbox insert of a set-based statement that writes its events itself (orders'
 * confirmation): one `type` event per row of `source` ("aggregateId" text, payload jsonb that
 * carries the aggregate's version as the key recordOutboxEvent uses), RETURNING the rows. Hand
 * them (`to_jsonb`) and `webhookWantedSql` to `outboxEventsWritten` after the statement.
 */
export const outboxInsertSql = (type: OutboxEventType, aggregateType: keyof typeof aggregateVersions, source: Prisma.Sql) => Prisma.sql`
  INSERT INTO "OutboxEvent" (id, type, "aggregateType", "aggregateId", payload, "createdAt")
  SELECT ${uuidV7}, ${type}, ${aggregateType}, s."aggregateId", s.payload, clock_timestamp() FROM (${source}) s
  RETURNING *`;

/**
 * Events just written in `tx` (by recordOutboxEvent or a statement's `outboxInsertSql`, then as
 * JSON): announced after the commit, and their consumer's job added once per transaction.
 */
export async function outboxEventsWritten(tx: Tx, events: readonly (OutboxEvent | Prisma.JsonObject)[], wanted: boolean) {
  const date = (value: unknown) => (value == null || value instanceof Date ? value : new Date(value as string));
  const rows = events.map(
    (e) =>
      ({
        ...e,
        createdAt: date(e.createdAt),
        dispatchedAt: date(e.dispatchedAt),
        notificationRetryAt: date(e.notificationRetryAt),
        webhooksFannedOutAt: date(e.webhooksFannedOutAt),
      }) as OutboxEvent,
  );
  writtenByTransaction.get(tx)?.push(...rows);
  for (const type of new Set(rows.map((e) => e.type))) {
    if (type.startsWith('notification.')) await enqueueOncePerTransaction(tx, 'notifications.send');
    else if (wanted && isEventType(type)) await enqueueOncePerTransaction(tx, 'webhooks.dispatch');
  }
}

/**
 * Starts collecting the outbox events `tx` records; the returned list fills as they are written.
 * Whoever runs the transaction calls `announceCommitted(list)` once it has committed (and drops
 * the list when it rolled back), so listeners only ever hear about committed work.
 */
export function collectOutboxEvents(tx: Tx): OutboxEvent[] {
  const list: OutboxEvent[] = [];
  writtenByTransaction.set(tx, list);
  return list;
}

export type CommittedListener = (events: readonly OutboxEvent[]) => void;
const listeners = new Set<CommittedListener>();

/** Called with the outbox events of every committed mutation (in this process). Returns an unsubscribe. */
export function onOutboxCommitted(listener: CommittedListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Tells the listeners (live updates, the webhook dispatcher's wake-up) what just committed. Never throws. */
export function announceCommitted(events: readonly OutboxEvent[]) {
  if (!events.length) return;
  for (const listener of listeners) {
    try {
      listener(events);
    } catch (error) {
      logLines('outbox', 'error')(`after-commit listener failed: ${describeErrorSafely(error)}`);
    }
  }
}
