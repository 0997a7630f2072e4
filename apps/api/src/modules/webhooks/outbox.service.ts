import type { Prisma } from '@orderly/schema';
import type { Tx } from '../idempotency/idempotency.service.ts';

/**
 * Records a domain event in the transactional outbox, inside the caller's transaction: the event
 * exists exactly when the change it announces committed. Dispatchers (webhooks, notifications,
 * live updates) deliver from the outbox afterwards, at least once.
 */
export function recordOutboxEvent(
  tx: Tx,
  event: { type: string; aggregateType: string; aggregateId: string; payload: Prisma.InputJsonObject },
) {
  return tx.outboxEvent.create({ data: event });
}
