import { z } from 'zod';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { DomainError, type UserErrorShape } from '../../core/errors.ts';
import { runIdempotent } from '../idempotency/idempotency.service.ts';
import type { Tx } from '../../core/transaction.ts';
import { announceCommitted, collectOutboxEvents } from '../webhooks/outbox.service.ts';

/** Arguments every retryable mutation takes. */
export const idempotencyArgs = builder.args((t) => ({
  idempotencyKey: t.string({
    required: false,
    description: 'Retry safety: the same key with the same input returns the first result without acting again; with different input it is refused (IDEMPOTENCY_KEY_REUSED). Kept at least 24 h.',
    validate: z.string().min(8, 'Idempotency keys must have at least 8 characters').max(200),
  }),
}));

/** Who the ledger and timeline name for this request. */
export const actorOf = (ctx: Context) => ctx.viewer?.actor ?? 'anonymous';

export type Payload<T> = (T & { userErrors: UserErrorShape[] }) | ({ [K in keyof T]?: undefined } & { userErrors: UserErrorShape[] });

/**
 * The shape of every mutation: run the service in one transaction (with the idempotency record
 * when a key is given) and turn a DomainError into `userErrors` — nothing is half-written.
 * Once the transaction has committed, the outbox events it wrote are announced in-process (live
 * updates, the webhook dispatcher's wake-up); rolled-back work and idempotent replays announce nothing.
 */
export async function runMutation<T extends object>(
  ctx: Context,
  operation: string,
  args: { idempotencyKey?: string | null } & Record<string, unknown>,
  work: (tx: Tx, actor: string) => Promise<T>,
): Promise<Payload<T>> {
  const actor = actorOf(ctx);
  const { idempotencyKey, ...input } = args;
  try {
    let written: Parameters<typeof announceCommitted>[0] = [];
    const result = await runIdempotent(ctx.db, { scope: `${actor}:${operation}`, key: idempotencyKey, input }, (tx) => {
      written = collectOutboxEvents(tx);
      return work(tx, actor);
    });
    announceCommitted(written);
    return { ...result, userErrors: [] };
  } catch (error) {
    if (error instanceof DomainError) return { userErrors: error.errors } as Payload<T>;
    throw error;
  }
}
