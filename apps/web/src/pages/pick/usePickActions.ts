import { appliedPayload, createOutboxAction, type Attempt } from '../../lib/outboxAction';
import { CompletePickListMutation, ShortPickMutation, type PickListDetail, type ShortPickResolution } from './pick.graphql';
import type { TaskView } from './usePickSession';

interface ShortAttempt extends Attempt<'shortPick'> {
  resolution: ShortPickResolution;
  taskId: string;
}

export type CompletedOrder = { id: string; number: number; status: string };

/**
 * The pick list's two actions besides scans, through the outbox: report a task short (what to do
 * about the missing units) and complete the list. `afterShort` runs once the short pick is answered.
 */
export function usePickActions(list: () => PickListDetail | null, afterShort: () => void) {
  const entity = () => ({ type: 'PickList' as const, id: list()!.id, label: `#${list()!.number}` });
  const short = createOutboxAction<ShortAttempt>((a) => ({ query: ShortPickMutation, entity: entity(), meta: { pickListId: list()!.id, taskId: a.taskId } }));
  const complete = createOutboxAction<Attempt<'completePickList'>>(() => ({ query: CompletePickListMutation, entity: entity(), meta: { pickListId: list()!.id } }));

  const sendShort = async (attempt: ShortAttempt) => {
    await short.send(attempt);
    afterShort();
  };

  return {
    short: short.attempt,
    reportShort: (view: TaskView, resolution: ShortPickResolution, note: string) =>
      void sendShort({ op: 'shortPick', resolution, taskId: view.task.id, variables: { pickListId: list()!.id, taskId: view.task.id, resolution, note: note || null } }),
    retryShort: () => {
      const last = short.attempt();
      if (last) void sendShort(last);
    },
    completing: complete.attempt,
    completeBusy: complete.busy,
    complete: () => {
      if (list()) void complete.send({ op: 'completePickList', variables: { pickListId: list()!.id } });
    },
    retryComplete: complete.retry,
    /** The list's orders as the API answered the completion (null until then). */
    completedOrders: () => appliedPayload<{ pickList?: { orders?: CompletedOrder[] } }>(complete.attempt()?.outcome)?.pickList?.orders ?? null,
  };
}
