import { createSignal, onCleanup } from 'solid-js';
import { newIdempotencyKey } from '../offline/ids';
import { useOutbox, type MutationSpec, type SubmitOutcome } from '../offline/outbox';

/** One user action: its variables (with the idempotency key) are kept so a retry sends the same. */
export interface Attempt<Op extends string = string> {
  op: Op;
  variables: Record<string, unknown>;
  outcome?: SubmitOutcome;
}

/**
 * A screen's user actions through the outbox, one at a time: `attempt` (sending, then its outcome)
 * for the screen's <Outcome>, `busy` while it is on its way, `send` a new attempt (an idempotency
 * key is added unless the variables hold one) and `retry` the last one with the same key. Leaving
 * the screen before the answer detaches it: a refusal then waits under "needs attention".
 */
export function createOutboxAction<A extends Attempt>(spec: (attempt: A) => Omit<MutationSpec, 'op' | 'variables' | 'idempotencyKey'>) {
  const outbox = useOutbox();
  const [attempt, setAttempt] = createSignal<A>();
  const [busy, setBusy] = createSignal(false);
  const waiting = new Set<string>();
  onCleanup(() => {
    for (const key of waiting) outbox.detach(key);
  });

  const send = async (next: A): Promise<SubmitOutcome> => {
    const variables = next.variables.idempotencyKey ? next.variables : { ...next.variables, idempotencyKey: newIdempotencyKey() };
    const sending: A = { ...next, variables, outcome: undefined };
    setAttempt(() => sending);
    setBusy(true);
    const key = String(variables.idempotencyKey);
    waiting.add(key);
    const outcome = await outbox.submit({ ...spec(sending), op: sending.op, variables });
    waiting.delete(key);
    setAttempt(() => ({ ...sending, outcome }));
    setBusy(false);
    return outcome;
  };
  const retry = () => {
    const last = attempt();
    if (last) void send(last);
  };
  return { attempt, setAttempt, busy, send, retry };
}

/** The payload of an action the API applied (no userErrors), else null. */
export function appliedPayload<T>(outcome: SubmitOutcome | undefined): T | null {
  return outcome?.kind === 'done' && outcome.userErrors.length === 0 ? (outcome.payload as T | null) : null;
}
