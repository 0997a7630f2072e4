import { createSignal } from 'solid-js';
import type { DocumentInput } from '@urql/core';
import { createFormAction } from '../../lib/formAction';
import {
  ApproveReturnMutation,
  CancelReturnMutation,
  CloseReturnMutation,
  DeclineReturnMutation,
  InspectReturnMutation,
  ReceiveReturnMutation,
  RecordRefundMutation,
  type ReturnDetail,
} from './returns.graphql';

export type ReturnOp = 'approveReturn' | 'declineReturn' | 'receiveReturn' | 'inspectReturn' | 'recordRefund' | 'closeReturn' | 'cancelReturn';
export type ReturnSheet = 'decline' | 'refund' | 'close' | 'cancel';

const DOCUMENTS: Record<ReturnOp, DocumentInput> = {
  approveReturn: ApproveReturnMutation,
  declineReturn: DeclineReturnMutation,
  receiveReturn: ReceiveReturnMutation,
  inspectReturn: InspectReturnMutation,
  recordRefund: RecordRefundMutation,
  closeReturn: CloseReturnMutation,
  cancelReturn: CancelReturnMutation,
};

/**
 * A return's actions through the outbox (on its order, so they show among the order's pending
 * changes and replay in order when the handheld was offline; each carries its idempotency key).
 * One sheet open at a time; it closes once its action went through or was queued. `onApplied`
 * runs after an action the API applied (the screen reloads the return).
 */
export function useReturnActions(ret: () => ReturnDetail | undefined, onApplied: () => void) {
  const action = createFormAction<ReturnOp>((a) => {
    const order = ret()?.order;
    return { query: DOCUMENTS[a.op], entity: order ? { type: 'Order', id: order.id, label: `#${order.number}` } : undefined };
  });
  const [sheet, setSheet] = createSignal<ReturnSheet>();
  const open = (next: ReturnSheet) => {
    action.clearErrors();
    setSheet(next);
  };
  const submit = async (op: ReturnOp, variables: Record<string, unknown> = {}): Promise<boolean> => {
    const current = ret();
    if (!current || action.busy()) return false;
    // recordRefund names its return inside its input; the others take returnId.
    const ok = await action.submit(op, op === 'recordRefund' ? { input: { returnId: current.id, ...variables } } : { returnId: current.id, ...variables });
    if (ok) setSheet(undefined);
    if (ok && action.attempt()?.outcome?.kind === 'done') onApplied();
    return ok;
  };
  return { action, sheet, open, close: () => setSheet(undefined), submit };
}
