import type { OutboxEvent, Prisma } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';
import type { OutboxEventType } from './event-types.ts';

/** Events written by each open transaction, for the after-commit announcement (see runMutation). */
const writtenByTransaction = new WeakMap<object, OutboxEvent[]>();

/**
 * Records a domain event in the transactional outbox, inside the caller's transaction: the event
 * exists exactly when the change it announces committed. Consumers deliver from the outbox
 * afterwards, each with its own marker: the webhook dispatcher (webhooksFannedOutAt) and the
 * buyer notifier (dispatchedAt). Live updates are announced right after the commit instead
 * (`announceCommitted`), by the process that committed.
 */
export async function recordOutboxEvent(tx: Tx, event: { type: OutboxEventType; aggregateType: 'Order'; aggregateId: string; payload: Prisma.InputJsonObject }) {
  // Events of one order can arrive out of order (retries, parallel deliveries): each carries the
  // order's version as of this transaction, so consumers can drop one older than what they applied.
  const { version } = await tx.order.findUniqueOrThrow({ where: { id: event.aggregateId }, select: { version: true } });
  const created = await tx.outboxEvent.create({ data: { ...event, payload: { ...event.payload, orderVersion: version } } });
  writtenByTransaction.get(tx)?.push(created);
  return created;
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
      console.error('[outbox] after-commit listener failed:', (error as Error).message);
    }
  }
}
