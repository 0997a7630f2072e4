import { createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { Outcome } from '../../components/Outcome';
import { ProgressBar } from '../../components/ProgressBar';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { QueryPage } from '../../components/QueryPage';
import { StateMessage } from '../../components/StateMessage';
import { Stepper } from '../../components/Stepper';
import { StatusBadge } from '../../components/StatusBadge';
import { useUserErrorText } from '../../components/UserErrors';

import { scanFeedback } from '../../lib/feedback';
import { productMatches } from '../../lib/scan';
import { newIdempotencyKey } from '../../offline/ids';
import { useOutbox, type SubmitOutcome } from '../../offline/outbox';
import { ShortPickSheet } from './ShortPickSheet';
import {
  CompletePickListMutation,
  PickListQuery,
  ScanPickMutation,
  ShortPickMutation,
  type PickListDetail,
  type PickListPayload,
  type PickTaskNode,
  type ShortPickResolution,
} from './pick.graphql';

/** A task as the picker sees it: the API's counts plus scans not answered yet (optimistic). */
interface TaskView {
  task: PickTaskNode;
  picked: number;
  short: number;
  remaining: number;
  /** Units scanned on this device that the API has not confirmed yet. */
  pending: number;
  /** Picking it is possible (its order is still being picked). */
  open: boolean;
}

interface CompleteState {
  outcome?: SubmitOutcome;
}

/**
 * Pick mode (route /pick/:id): walk the list's tasks in route order. The next bin is shown big;
 * scan the bin (optional) and the item (keyboard-wedge scanner, or the camera); the quantity
 * stepper covers multiples. Every scan goes through the outbox with its own idempotency key and
 * counts at once (pending); a wrong item or too many units are refused on the spot (red, low
 * beep, the reason in words) and the API's own refusal is shown the same way. Short pick, progress,
 * complete.
 */
export default function PickListPage() {
  const { t, tn, number } = useI18n();
  const params = useParams<{ id: string }>();
  // The router leaves path segments encoded (ids may hold '=' in tests / other id schemes).
  const listId = () => decodeURIComponent(params.id);
  const outbox = useOutbox();
  const viewer = useViewer();
  const errorText = useUserErrorText();
  const [result, reexecute] = createQuery({ query: PickListQuery, variables: () => ({ id: listId() }), requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });

  /** Latest counts the API confirmed per task (a refetch may arrive after the answer). */
  const [confirmed, setConfirmed] = createSignal<Record<string, { picked: number; short: number }>>({});
  const [selectedBin, setSelectedBin] = createSignal<string>();
  const [selectedTask, setSelectedTask] = createSignal<string>();
  const [quantity, setQuantity] = createSignal(1);
  const [notice, setNotice] = createSignal<ScanNotice>();
  const [shortTask, setShortTask] = createSignal<TaskView>();
  const [shortOutcome, setShortOutcome] = createSignal<{ outcome?: SubmitOutcome; resolution: ShortPickResolution; variables: Record<string, unknown> }>();
  const [complete, setComplete] = createSignal<CompleteState>();
  const waiting = new Set<string>();
  /** Scans handed to the outbox but not stored yet (a few ms): they count at once too. */
  const [submitted, setSubmitted] = createSignal<{ key: string; taskId: string; quantity: number }[]>([]);
  const forget = (key: string) => setSubmitted((list) => list.filter((s) => s.key !== key));

  const list = () => result.data?.pickList ?? null;
  const mine = (i: { meta?: Record<string, unknown> }) => i.meta?.pickListId === listId();
  const pendingItems = () => outbox.items().filter((i) => i.status === 'pending' && mine(i));

  // Answers for this list (also for scans replayed later): keep the confirmed counts, and say so
  // when a queued scan was refused after all.
  const stopListening = outbox.onResult(({ item, kind, payload, userErrors }) => {
    if (!mine(item)) return;
    forget(item.key);
    const task = (payload as PickListPayload | null)?.task;
    if (task) {
      setConfirmed((current) => ({
        ...current,
        [task.id]: {
          picked: Math.max(task.quantityPicked, current[task.id]?.picked ?? 0),
          short: Math.max(task.quantityShort, current[task.id]?.short ?? 0),
        },
      }));
    }
    if (kind === 'conflict' && !waiting.has(item.key)) {
      setNotice({ kind: 'error', text: t('pick.queuedRefused'), code: userErrors[0]?.code, detail: userErrors.map(errorText).join(' ') });
      scanFeedback('error');
    }
  });
  onCleanup(() => {
    stopListening();
    // Scans still on their way: a refusal now goes to "needs attention" (nobody is looking here).
    for (const key of waiting) outbox.detach(key);
  });

  const views = createMemo<TaskView[]>(() => {
    const data = list();
    if (!data) return [];
    const pending = pendingItems();
    const stored = new Set(outbox.items().map((i) => i.key));
    const early = submitted().filter((s) => !stored.has(s.key));
    return data.tasks.map((task) => {
      const known = confirmed()[task.id];
      const pendingUnits =
        pending.filter((i) => i.op === 'scanPick' && i.meta?.taskId === task.id).reduce((sum, i) => sum + Number(i.meta?.quantity ?? 0), 0) +
        early.filter((s) => s.taskId === task.id).reduce((sum, s) => sum + s.quantity, 0);
      const picked = Math.min(task.quantity, Math.max(task.quantityPicked, known?.picked ?? 0) + pendingUnits);
      let short = Math.max(task.quantityShort, known?.short ?? 0);
      if (pending.some((i) => i.op === 'shortPick' && i.meta?.taskId === task.id)) short = task.quantity - picked;
      const remaining = Math.max(0, task.quantity - picked - short);
      // Tasks of orders no longer being picked (put on hold, cancelled) are not walked.
      return { task, picked, short, remaining, pending: pendingUnits, open: (task.order?.status ?? 'PICKING') === 'PICKING' };
    });
  });
  const openViews = () => views().filter((v) => v.open && v.remaining > 0);
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

  const refuse = (code: string, text: string, detail?: string): ScanVerdict => {
    setNotice({ kind: 'error', text, code, detail });
    return 'error';
  };

  const submitScan = (view: TaskView, code: string, units: number) => {
    const data = list()!;
    const key = newIdempotencyKey();
    waiting.add(key);
    setSubmitted((list) => [...list, { key, taskId: view.task.id, quantity: units }]);
    const locationCode = view.task.location?.code ?? selectedBin() ?? null;
    const pendingSubmit = outbox.submit({
      op: 'scanPick',
      query: ScanPickMutation,
      variables: { pickListId: data.id, code, locationCode, quantity: units },
      idempotencyKey: key,
      entity: { type: 'PickList', id: data.id, label: `#${data.number}` },
      meta: { pickListId: data.id, taskId: view.task.id, quantity: units, sku: view.task.product.sku },
    });
    void pendingSubmit.then((outcome) => {
      waiting.delete(key);
      forget(key);
      if (outcome.kind === 'done' && outcome.userErrors.length > 0) {
        setNotice({ kind: 'error', text: errorText(outcome.userErrors[0]), code: outcome.userErrors[0].code, detail: view.task.product.sku });
        scanFeedback('error');
        reload();
      } else if (outcome.kind === 'failed') {
        setNotice({ kind: 'error', text: t('detail.failed'), code: outcome.code });
        scanFeedback('error');
      }
    });
  };

  const onScan = (raw: string): ScanVerdict => {
    const data = list();
    if (!data) return 'error';
    const code = raw.trim();
    // A bin label: walk to it, scan the item next.
    const atBin = views().filter((v) => v.task.location?.code === code);
    if (atBin.length > 0) {
      const open = atBin.filter((v) => v.open && v.remaining > 0);
      if (!open.length) return refuse('BIN_DONE', t('pick.binDone', { bin: code }));
      setSelectedBin(code);
      setSelectedTask(undefined);
      setNotice({ kind: 'ok', text: t('pick.atBin', { bin: code }), detail: `${open[0].task.product.name} × ${number(open[0].remaining)}` });
      return 'ok';
    }
    const forProduct = views().filter((v) => productMatches(code, v.task.product));
    if (!forProduct.length) return refuse('WRONG_ITEM', t('userError.WRONG_ITEM'), code);
    const open = forProduct.filter((v) => v.open && v.remaining > 0);
    if (!open.length) return refuse('OVER_PICK', t('pick.alreadyPicked'), forProduct[0].task.product.sku);
    const cur = current();
    const bin = selectedBin();
    let view: TaskView | undefined;
    if (cur && open.includes(cur)) view = cur;
    else if (bin) view = open.find((v) => v.task.location?.code === bin) ?? open.find((v) => !v.task.location);
    else view = open[0];
    if (!view) return refuse('WRONG_ITEM', t('pick.notAtBin', { bin: bin ?? '' }), forProduct[0].task.product.sku);
    const units = quantity();
    if (units > view.remaining) return refuse('OVER_PICK', t('userError.OVER_PICK'), t('pick.onlyLeft', { count: number(view.remaining) }));
    submitScan(view, code, units);
    setQuantity(1);
    const after = view.picked + units;
    setNotice({ kind: 'ok', text: `+${number(units)} ${view.task.product.name}`, detail: `${number(after)} / ${number(view.task.quantity)}` });
    // The task is done: the next one (its bin is the next bin).
    if (after + view.short >= view.task.quantity) {
      setSelectedTask(undefined);
      if (!views().some((v) => v !== view && v.open && v.remaining > 0 && v.task.location?.code === bin)) setSelectedBin(undefined);
    }
    return 'ok';
  };

  const sendShort = (view: TaskView, resolution: ShortPickResolution, note: string, again?: Record<string, unknown>) => {
    const data = list()!;
    const variables = again ?? { pickListId: data.id, taskId: view.task.id, resolution, note: note || null, idempotencyKey: newIdempotencyKey() };
    setShortTask(undefined);
    setShortOutcome({ resolution, variables });
    const key = String(variables.idempotencyKey);
    waiting.add(key);
    void outbox
      .submit({
        op: 'shortPick',
        query: ShortPickMutation,
        variables,
        entity: { type: 'PickList', id: data.id, label: `#${data.number}` },
        meta: { pickListId: data.id, taskId: view.task.id },
      })
      .then((outcome) => {
        waiting.delete(key);
        setShortOutcome({ resolution, variables, outcome });
        setSelectedTask(undefined);
        setSelectedBin(undefined);
      });
  };

  const sendComplete = () => {
    const data = list();
    if (!data) return;
    setComplete({});
    void outbox
      .submit({
        op: 'completePickList',
        query: CompletePickListMutation,
        variables: { pickListId: data.id, idempotencyKey: newIdempotencyKey() },
        entity: { type: 'PickList', id: data.id, label: `#${data.number}` },
        meta: { pickListId: data.id },
      })
      .then((outcome) => setComplete({ outcome }));
  };

  const completedOrders = () => {
    const outcome = complete()?.outcome;
    const payload = outcome?.kind === 'done' && outcome.userErrors.length === 0 ? (outcome.payload as { pickList?: { orders?: { id: string; number: number; status: string }[] } } | null) : null;
    return payload?.pickList?.orders ?? null;
  };

  return (
    <section class="page pick" data-testid="pick-page">
      <A href="/pick" class="back-link">
        ← {t('pick.lists')}
      </A>
      <QueryPage
        permission="picking"
        forbiddenTestId="pick-forbidden"
        result={result}
        entity={list()}
        onRetry={reload}
        errorTitle={t('pick.error')}
        notFound={
          <StateMessage icon="?" title={t('pick.notFound')} data-testid="pick-not-found">
            <A href="/pick" class="button button--primary">
              {t('pick.lists')}
            </A>
          </StateMessage>
        }
      >
        {(data) => (
          <>
            <div class="page-head">
              <div>
                <h1 class="page-title" data-testid="pick-title">
                  {t('pick.listTitle', { number: data().number })}
                </h1>
                <p class="page-subtitle">
                  {tn('pick.ordersCount', new Set(data().tasks.map((x) => x.order?.id ?? '')).size)}
                  <Show when={data().assignee}>{(a) => <> · {a().name}</>}</Show>
                </p>
              </div>
            </div>
            <ProgressBar
              value={totals().done}
              max={totals().units}
              label={t('pick.progress')}
              text={t('pick.unitsDone', { done: number(totals().done), total: number(totals().units) })}
              data-testid="pick-progress"
            />
            <PendingNote count={pendingItems().length} />
            <Show when={data().status === 'COMPLETED' || completedOrders()}>
              <CompletedCard orders={completedOrders() ?? uniqueOrders(data())} canPack={viewer.can('packing')} />
            </Show>
            <Show when={data().status !== 'COMPLETED' && !completedOrders()}>
              <Show
                when={current()}
                fallback={
                  <Show when={allDone()}>
                    <div class="card pick-done" data-testid="pick-all-done">
                      <p class="pick-done__text">✓ {t('pick.allPicked')}</p>
                      <Show when={totals().short > 0}>
                        <p class="muted">{tn('pick.shortUnits', totals().short)}</p>
                      </Show>
                    </div>
                  </Show>
                }
              >
                {(view) => <CurrentTask view={view()} binScanned={selectedBin() === view().task.location?.code} onShort={() => setShortTask(view())} />}
              </Show>
              <Show when={!allDone()}>
                <Stepper label={t('pick.quantity')} value={quantity()} onChange={setQuantity} min={1} max={Math.max(1, current()?.remaining ?? 1)} data-testid="pick-quantity" />
              </Show>
              <ScanInput label={t('pick.scanLabel')} placeholder={t('pick.scanPlaceholder')} captureKeys onScan={onScan} data-testid="pick-scan" />
              <ScanMessage notice={notice()} />
              <Show when={shortOutcome()}>
                {(s) => (
                  <Outcome
                    outcome={s().outcome}
                    done={
                      (s().outcome?.kind === 'done' && ((s().outcome as { payload: PickListPayload | null }).payload?.resolvedBy ?? s().resolution)) === 'OTHER_BIN'
                        ? t('pick.short.doneOtherBin')
                        : t('pick.short.doneHold')
                    }
                    onRetry={() => {
                      const view = views().find((v) => v.task.id === s().variables.taskId);
                      if (view) sendShort(view, s().resolution, '', s().variables);
                    }}
                    onReload={reload}
                    data-testid="short-outcome"
                  />
                )}
              </Show>
              <Show when={complete()}>
                {(c) => <Outcome outcome={c().outcome} done={t('pick.completed')} onRetry={sendComplete} onReload={reload} data-testid="complete-outcome" />}
              </Show>
              <button
                type="button"
                class="button button--wide pick-complete"
                classList={{ 'button--primary': allDone() }}
                data-testid="pick-complete"
                disabled={!allDone() || (!!complete() && !complete()!.outcome)}
                onClick={sendComplete}
              >
                {t('pick.complete')}
              </button>
            </Show>
            <TaskList views={views()} current={current()} onSelect={(v) => {
              setSelectedTask(v.task.id);
              setSelectedBin(undefined);
            }} />
            <Show when={shortTask()}>
              {(view) => (
                <ShortPickSheet
                  sku={view().task.product.sku}
                  name={view().task.product.name}
                  bin={view().task.location?.code ?? null}
                  missing={view().remaining}
                  onClose={() => setShortTask(undefined)}
                  onSubmit={(resolution, note) => sendShort(view(), resolution, note)}
                />
              )}
            </Show>
          </>
        )}
      </QueryPage>
    </section>
  );
}

function uniqueOrders(list: PickListDetail) {
  const seen = new Map<string, { id: string; number: number; status: string }>();
  for (const task of list.tasks) if (task.order) seen.set(task.order.id, task.order);
  return [...seen.values()];
}

function PendingNote(props: { count: number }) {
  const { tn } = useI18n();
  return (
    <Show when={props.count > 0}>
      <p class="notice notice--pending small" role="status" data-testid="pick-pending">
        ⇅ {tn('pick.pendingScans', props.count)}
      </p>
    </Show>
  );
}

/** The task to do now: NEXT BIN (big), the item, how many. */
function CurrentTask(props: { view: TaskView; binScanned: boolean; onShort: () => void }) {
  const { t, number } = useI18n();
  const task = () => props.view.task;
  return (
    <article class="card next-task" data-testid="pick-current" data-task-id={task().id} data-bin={task().location?.code ?? ''} data-sku={task().product.sku}>
      <p class="next-task__label">{t('pick.nextBin')}</p>
      <p class="next-task__bin mono" classList={{ 'next-task__bin--scanned': props.binScanned }} data-testid="pick-next-bin">
        {task().location?.code ?? t('pick.noBin')}
        <Show when={props.binScanned}>
          <span class="next-task__check" aria-label={t('pick.binConfirmed')}>
            {' '}
            ✓
          </span>
        </Show>
      </p>
      <p class="next-task__name" data-testid="pick-current-name">
        {task().product.name}
      </p>
      <p class="next-task__meta">
        <span class="mono">{task().product.sku}</span>
        <Show when={task().order}>{(o) => <> · {t('pick.forOrder', { number: o().number })}</>}</Show>
      </p>
      <div class="next-task__qty">
        <span class="next-task__count" data-testid="pick-current-count">
          {number(props.view.picked)} / {number(task().quantity)}
        </span>
        <span class="muted">{t('pick.stillNeeded', { count: number(props.view.remaining) })}</span>
      </div>
      <button type="button" class="button button--danger-outline button--wide" data-testid="pick-short" onClick={() => props.onShort()}>
        {t('pick.short.button')}
      </button>
    </article>
  );
}

function TaskList(props: { views: TaskView[]; current: TaskView | undefined; onSelect: (view: TaskView) => void }) {
  const { t, number } = useI18n();
  return (
    <section class="card" aria-labelledby="tasks-title">
      <h2 id="tasks-title" class="card__title">
        {t('pick.route')}
      </h2>
      <ol class="task-list" data-testid="pick-tasks">
        <For each={props.views}>
          {(view) => {
            const state = () => (!view.open ? 'held' : view.short > 0 && view.remaining === 0 ? 'short' : view.remaining === 0 ? 'done' : 'open');
            return (
              <li>
                <button
                  type="button"
                  class="task-row"
                  classList={{ 'task-row--current': props.current === view, [`task-row--${state()}`]: true }}
                  data-testid="pick-task"
                  data-task-id={view.task.id}
                  data-state={state()}
                  data-pending={view.pending}
                  disabled={state() !== 'open'}
                  onClick={() => props.onSelect(view)}
                >
                  <span class="task-row__bin mono">{view.task.location?.code ?? '—'}</span>
                  <span class="task-row__item">
                    <span class="task-row__name">{view.task.product.name}</span>
                    <span class="mono small muted">
                      {view.task.product.sku}
                      {view.task.order ? ` · #${view.task.order.number}` : ''}
                    </span>
                  </span>
                  <span class="task-row__qty" data-testid="pick-task-count">
                    <Show when={state() === 'done'}>✓ </Show>
                    {number(view.picked)}/{number(view.task.quantity)}
                    <Show when={view.pending > 0}>
                      <span class="task-row__pending" title={t('pick.pendingScan')}>
                        {' '}
                        ⇅
                      </span>
                    </Show>
                  </span>
                  <Show when={state() === 'short'}>
                    <span class="task-row__tag">{t('pick.shortTag', { count: number(view.short) })}</span>
                  </Show>
                  <Show when={state() === 'held'}>
                    <span class="task-row__tag">
                      <StatusBadge status={view.task.order?.status ?? ''} />
                    </span>
                  </Show>
                </button>
              </li>
            );
          }}
        </For>
      </ol>
    </section>
  );
}

function CompletedCard(props: { orders: { id: string; number: number; status: string }[]; canPack: boolean }) {
  const { t } = useI18n();
  return (
    <article class="card pick-done" data-testid="pick-completed">
      <p class="pick-done__text">✓ {t('pick.completed')}</p>
      <ul class="floor-links">
        <For each={props.orders}>
          {(order) => (
            <li class="floor-links__item" data-testid="pick-completed-order" data-status={order.status}>
              <A href={`/orders/${encodeURIComponent(order.id)}`} class="floor-links__order">
                #{order.number}
              </A>
              <StatusBadge status={order.status} />
              <Show when={props.canPack && order.status === 'PICKED'}>
                <A href={`/pack/${encodeURIComponent(order.id)}`} class="button button--primary button--small" data-testid="pick-to-pack">
                  {t('pick.packNow')}
                </A>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <A href="/pick" class="button button--wide">
        {t('pick.lists')}
      </A>
    </article>
  );
}


