import { createSignal } from 'solid-js';
import type { UserError } from '../graphql/types';
import type { MutationSpec } from '../offline/outbox';
import { createOutboxAction, type Attempt } from './outboxAction';

/**
 * A form (in a sheet) sending one action through the outbox: the refusals come back to the form,
 * where it shows them by field; `submit` answers true when the form may close (done, queued for
 * later, or failed — the screen's <Outcome> offers the retry). `moreErrors` reads refusals a
 * payload keeps elsewhere (per-row results).
 */
export function createFormAction<Op extends string>(
  spec: (attempt: Attempt<Op>) => Omit<MutationSpec, 'op' | 'variables' | 'idempotencyKey'>,
  moreErrors?: (payload: Record<string, unknown> | null) => UserError[],
) {
  const action = createOutboxAction<Attempt<Op>>(spec);
  const [errors, setErrors] = createSignal<UserError[]>([]);
  const submit = async (op: Op, variables: Record<string, unknown>): Promise<boolean> => {
    setErrors([]);
    const outcome = await action.send({ op, variables });
    const refused = outcome.kind === 'done' ? [...outcome.userErrors, ...(moreErrors?.(outcome.payload) ?? [])] : [];
    setErrors(refused);
    return refused.length === 0;
  };
  return { ...action, errors, clearErrors: () => setErrors([]), submit };
}
