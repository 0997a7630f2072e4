import { createSignal } from 'solid-js';
import type { DocumentInput } from '@urql/core';
import { createFormAction } from '../../lib/formAction';
import {
  CloseExceptionMutation,
  ContactBuyerMutation,
  FileClaimMutation,
  ReshipOrderMutation,
  ResolveExceptionMutation,
  UpdateClaimMutation,
  UpdateExceptionMutation,
} from './problems.graphql';
import { AssignExceptionMutation, type ExceptionClaim, type ExceptionDetail } from './exception.graphql';

export type ExceptionOp = 'updateException' | 'resolveException' | 'closeException' | 'fileClaim' | 'updateClaim' | 'reshipOrder' | 'contactBuyer' | 'assignException';

const DOCUMENTS: Record<ExceptionOp, DocumentInput> = {
  updateException: UpdateExceptionMutation,
  resolveException: ResolveExceptionMutation,
  closeException: CloseExceptionMutation,
  fileClaim: FileClaimMutation,
  updateClaim: UpdateClaimMutation,
  reshipOrder: ReshipOrderMutation,
  contactBuyer: ContactBuyerMutation,
  assignException: AssignExceptionMutation,
};

export type ExceptionSheetState =
  | { kind: 'wait'; status: 'WAITING_FOR_CARRIER' | 'WAITING_FOR_BUYER' | 'OPEN' }
  | { kind: 'resolve' }
  | { kind: 'close' }
  | { kind: 'claim' }
  | { kind: 'claimUpdate'; claim: ExceptionClaim }
  | { kind: 'reship' }
  | { kind: 'contact' }
  /** Give it to a colleague (AssignSheet). */
  | { kind: 'assign' }
  /** Add a photo, document or note (AddEvidenceSheet: uploaded at once, not through the outbox). */
  | { kind: 'evidence' };

/** Sheets the exception screen renders itself (the rest: ExceptionSheet). */
export const OWN_SHEETS: readonly ExceptionSheetState['kind'][] = ['assign', 'evidence'];

/**
 * The exception screen's actions: one sheet open at a time; a sheet's form sends its action
 * through the outbox (on the order, so it shows among the order's pending changes), keeps the
 * refusals to show them by field, and closes once the action went through (or was queued).
 */
export function useExceptionActions(exception: () => ExceptionDetail | undefined) {
  const action = createFormAction<ExceptionOp>((a) => ({
    query: DOCUMENTS[a.op],
    entity: { type: 'Order', id: exception()!.order.id, label: `#${exception()!.order.number}` },
  }));
  const [sheet, setSheet] = createSignal<ExceptionSheetState>();
  const open = (next: ExceptionSheetState) => {
    action.clearErrors();
    setSheet(next);
  };
  const submit = async (op: ExceptionOp, variables: Record<string, unknown>) => {
    const current = exception();
    if (!current || action.busy()) return;
    // A claim is named by its own id; everything else by the exception's.
    if (await action.submit(op, op === 'updateClaim' ? variables : { exceptionId: current.id, ...variables })) setSheet(undefined);
  };
  return { action, sheet, open, close: () => setSheet(undefined), submit };
}
