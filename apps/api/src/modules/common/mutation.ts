import type { FieldMap } from '@pothos/core';
import { z } from 'zod';
import { builder, type Types } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { DomainError, type UserErrorShape } from '../../core/errors.ts';
import { runIdempotent } from '../idempotency/idempotency.service.ts';
import type { Tx } from '../../core/transaction.ts';
import { announceCommitted, collectOutboxEvents } from '../webhooks/outbox.service.ts';
import { UserError } from './errors.ts';

/** Arguments every retryable mutation takes. */
export const idempotencyArgs = builder.args((t) => ({
  idempotencyKey: t.string({
    required: false,
    description:
      'Retry safety: the same key with the same input returns the first result without acting again; with different input it is refused (IDEMPOTENCY_KEY_REUSED). Kept at least 24 h.',
    validate: z.string().min(8, 'Idempotency keys must have at least 8 characters').max(200),
  }),
}));

/** Who the ledger and timeline name for this request. */
export const actorOf = (ctx: Context) => ctx.viewer?.actor ?? 'anonymous';

/** What a mutation answers: its result and no userErrors, or userErrors and none of the result. */
export type Payload<T> = (T & { userErrors: UserErrorShape[] }) | ({ [K in keyof T]?: undefined } & { userErrors: UserErrorShape[] });

/**
 * What a payload type reads: the mutation's `Result` (absent when it was refused), fields that are
 * there either way (`Always`: the id or row a bulk result is about) and `userErrors`.
 */
export type PayloadShape<Result extends object, Always extends object = object> = Always & Partial<Result> & { userErrors: UserErrorShape[] };

/** The field builder a payload's `fields` get: typed by the builder's schema types and the payload's shape. */
export type PayloadFieldBuilder<Result extends object, Always extends object = object> = PothosSchemaTypes.ObjectFieldBuilder<Types, PayloadShape<Result, Always>>;

/**
 * The one way to define a mutation payload type: its own fields (nullable where they come from the
 * result, since a refused mutation has none) and `userErrors` ([UserError!]!, empty on success).
 */
export function payloadType<Result extends object, Always extends object = object>(
  name: string,
  options: { description?: string; fields: (t: PayloadFieldBuilder<Result, Always>) => FieldMap },
) {
  return builder.objectRef<PayloadShape<Result, Always>>(name).implement({
    description: options.description,
    fields: (t) => ({ ...options.fields(t), userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }) }),
  });
}

/**
 * Runs `work` and answers its result with no userErrors, or — when a business rule said no
 * (DomainError) — the userErrors and nothing else. Anything else is a real error and propagates.
 */
export async function catchUserErrors<T extends object>(work: () => Promise<T>): Promise<Payload<T>> {
  try {
    return { ...(await work()), userErrors: [] };
  } catch (error) {
    if (error instanceof DomainError) {
      const none: { [K in keyof T]?: undefined } = {};
      return { ...none, userErrors: error.errors };
    }
    throw error;
  }
}

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
  return catchUserErrors(async () => {
    let written: Parameters<typeof announceCommitted>[0] = [];
    const result = await runIdempotent(ctx.db, { scope: `${actor}:${operation}`, key: idempotencyKey, input }, (tx) => {
      written = collectOutboxEvents(tx);
      return work(tx, actor);
    });
    announceCommitted(written);
    return result;
  });
}

/**
 * runMutation for a mutation that hands out a secret once (an API key, a signing secret): `work`
 * answers the result to keep and the secret; the payload gets the secret as `secretField`, while the
 * idempotency record never holds it (a replay answers the result with a null secret).
 */
export async function runMutationWithSecret<T extends object, K extends string>(
  ctx: Context,
  operation: string,
  args: { idempotencyKey?: string | null } & Record<string, unknown>,
  secretField: K,
  work: (tx: Tx, actor: string) => Promise<{ result: T; secret: string | null }>,
): Promise<Payload<T> & Record<K, string | null>> {
  let secret: string | null = null;
  const payload = await runMutation(ctx, operation, args, async (tx, actor) => {
    const answered = await work(tx, actor);
    secret = answered.secret;
    return answered.result;
  });
  return { ...payload, [secretField]: secret } as Payload<T> & Record<K, string | null>;
}
