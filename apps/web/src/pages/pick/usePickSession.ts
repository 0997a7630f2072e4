import { createMemo, createSignal } from 'solid-js';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import type { ScanVerdict } from '../../components/ScanInput';
import { createScanSession } from '../../lib/scanSession';
import { productMatches } from '../../lib/scan';
import { PickListQuery, ScanPickMutation, type PickListPayload, type PickTaskNode } from './pick.graphql';

/** A task as the picker sees it: the API's counts plus scans not answered yet (optimistic). */
export interface TaskView {
  task: PickTaskNode;
  picked: number;
  short: number;
  remaining: number;
  /** Units scanned on this device that the API has not confirmed yet. */
  pending: number;
  /** Picking it is possible (its order is still being picked). */
  open: boolean;
}

const isOpen = (v: TaskView) => v.open && v.remaining > 0;

/**
 * One pick list being walked (the /pick/:id screen's state): the tasks with their optimistic counts,
 * the task to do now (the chosen one, the first at the scanned bin, or the next in route order),
 * the totals, and the scans — a bin label walks to the bin, an item is checked and sent.
 */
export function usePickSession(listId: () => string) {
  const { t, number } = useI18n();
  const [result, reexecute] = createQuery({ query: PickListQuery, variables: () => ({ id: listId() }), requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  const list = () => result.data?.pickList ?? null;

  /** Latest counts the API confirmed per task (a refetch may arrive after the answer). */
  const [confirmed, setConfirmed] = createSignal<Record<string, { picked: number; short: number }>>({});
  const [selectedBin, setSelectedBin] = createSignal<string>();
  const [selectedTask, setSelectedTask] = createSignal<string>();
  const [quantity, setQuantity] = createSignal(1);
  const scans = createScanSession({
    mine: (meta) => meta?.pickListId === listId(),
    reload,
    onResult: ({ payload }) => {
      const task = (payload as PickListPayload | null)?.task;
      if (!task) return;
      setConfirmed((current) => ({
        ...current,
        [task.id]: {
          picked: Math.max(task.quantityPicked, current[task.id]?.picked ?? 0),
          short: Math.max(task.quantityShort, current[task.id]?.short ?? 0),
        },
      }));
    },
  });

  const views = createMemo<TaskView[]>(() =>
    (list()?.tasks ?? []).map((task) => {
      const known = confirmed()[task.id];
      const pending = scans.pendingUnits('taskId', task.id, { scanPick: 1 });
      const picked = Math.min(task.quantity, Math.max(task.quantityPicked, known?.picked ?? 0) + pending);
      let short = Math.max(task.quantityShort, known?.short ?? 0);
      if (scans.pendingItems().some((i) => i.op === 'shortPick' && i.meta?.taskId === task.id)) short = task.quantity - picked;
      const remaining = Math.max(0, task.quantity - picked - short);
      // Tasks of orders no longer being picked (put on hold, cancelled) are not walked.
      return { task, picked, short, remaining, pending, open: (task.order?.status ?? 'PICKING') === 'PICKING' };
    }),
  );
  const openViews = () => views().filter(isOpen);
  const current = createMemo<TaskView | undefined>(() => {
    const open = openViews();
    const chosen = selectedTask() && open.find((v) => v.task.id === selectedTask());
    if (chosen) return chosen;
    const bin = selectedBin();
    return (bin && open.find((v) => v.task.location?.code === bin)) || open[0];
  });
  const totals = createMemo(() => {
    const all = views();
    return {
      units: all.reduce((s, v) => s + v.task.quantity, 0),
      done: all.reduce((s, v) => s + v.picked + v.short, 0),
      short: all.reduce((s, v) => s + v.short, 0),
    };
  });
  const allDone = () => views().length > 0 && openViews().length === 0;
  const select = (view?: TaskView) => {
    setSelectedTask(view?.task.id);
    setSelectedBin(undefined);
  };

  /** A bin label: walk to it, scan the item next. */
  const scanBin = (code: string, atBin: TaskView[]): ScanVerdict => {
    const open = atBin.filter(isOpen);
    if (!open.length) return scans.refuse('BIN_DONE', t('pick.binDone', { bin: code }));
    setSelectedBin(code);
    setSelectedTask(undefined);
    scans.setNotice({ kind: 'ok', text: t('pick.atBin', { bin: code }), detail: `${open[0].task.product.name} × ${number(open[0].remaining)}` });
    return 'ok';
  };

  const onScan = (raw: string): ScanVerdict => {
    const data = list();
    if (!data) return 'error';
    const code = raw.trim();
    const atBin = views().filter((v) => v.task.location?.code === code);
    if (atBin.length > 0) return scanBin(code, atBin);
    const forProduct = views().filter((v) => productMatches(code, v.task.product));
    if (!forProduct.length) return scans.refuse('WRONG_ITEM', t('userError.WRONG_ITEM'), code);
    const open = forProduct.filter(isOpen);
    if (!open.length) return scans.refuse('OVER_PICK', t('pick.alreadyPicked'), forProduct[0].task.product.sku);
    const cur = current();
    const bin = selectedBin();
    let view: TaskView | undefined;
    if (cur && open.includes(cur)) view = cur;
    else if (bin) view = open.find((v) => v.task.location?.code === bin) ?? open.find((v) => !v.task.location);
    else view = open[0];
    if (!view) return scans.refuse('WRONG_ITEM', t('pick.notAtBin', { bin: bin ?? '' }), forProduct[0].task.product.sku);
    const units = quantity();
    if (units > view.remaining) return scans.refuse('OVER_PICK', t('userError.OVER_PICK'), t('pick.onlyLeft', { count: number(view.remaining) }));
    const task = view.task;
    scans.send(
      {
        op: 'scanPick',
        query: ScanPickMutation,
        variables: { pickListId: data.id, code, locationCode: task.location?.code ?? bin ?? null, quantity: units },
        entity: { type: 'PickList', id: data.id, label: `#${data.number}` },
        // What a refusal replayed later needs to say what to do: the order, the bin to put the units back in.
        meta: {
          pickListId: data.id,
          taskId: task.id,
          quantity: units,
          sku: task.product.sku,
          orderId: task.order?.id ?? null,
          orderNumber: task.order?.number ?? null,
          bin: task.location?.code ?? bin ?? null,
        },
      },
      task.product.sku,
    );
    setQuantity(1);
    const after = view.picked + units;
    scans.setNotice({ kind: 'ok', text: `+${number(units)} ${task.product.name}`, detail: `${number(after)} / ${number(task.quantity)}` });
    // The task is done: the next one (its bin is the next bin).
    if (after + view.short >= task.quantity) {
      setSelectedTask(undefined);
      if (!views().some((v) => v !== view && isOpen(v) && v.task.location?.code === bin)) setSelectedBin(undefined);
    }
    return 'ok';
  };

  return {
    result,
    reload,
    list,
    views,
    current,
    totals,
    allDone,
    selectedBin,
    select,
    quantity,
    setQuantity,
    notice: scans.notice,
    onRepeat: scans.repeated,
    pendingCount: () => scans.pendingItems().length,
    onScan,
  };
}
