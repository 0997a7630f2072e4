import { createSignal, Show } from 'solid-js';
import { useParams } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { Outcome } from '../../components/Outcome';
import { ProgressBar } from '../../components/ProgressBar';
import { ScanInput } from '../../components/ScanInput';
import { ScanMessage } from '../../components/ScanMessage';
import { DetailPage, type DetailShell } from '../../components/DetailPage';
import { Stepper } from '../../components/Stepper';
import { CompletedCard, uniqueOrders } from './CompletedCard';
import { AllPicked, CurrentTask, PendingNote } from './CurrentTask';
import { ShortPickSheet } from './ShortPickSheet';
import { TaskList } from './TaskList';
import type { PickListPayload } from './pick.graphql';
import { usePickActions } from './usePickActions';
import { usePickSession, type TaskView } from './usePickSession';

const SHELL: DetailShell = { class: 'page pick', testId: 'pick-page', part: 'pick', permission: 'picking', back: '/pick', notFoundBack: true };

/**
 * Pick mode (route /pick/:id): walk the list's tasks in route order. The next bin is shown big;
 * scan the bin (optional) and the item (keyboard-wedge scanner, or the camera); the quantity
 * stepper covers multiples. Every scan goes through the outbox with its own idempotency key and
 * counts at once (pending); a wrong item or too many units are refused on the spot (red, low
 * beep, the reason in words) and the API's own refusal is shown the same way (usePickSession).
 * Short pick, progress, complete (usePickActions).
 */
export default function PickListPage() {
  const { t, tn, number } = useI18n();
  const params = useParams<{ id: string }>();
  const viewer = useViewer();
  // The router leaves path segments encoded (ids may hold '=' in tests / other id schemes).
  const pick = usePickSession(() => decodeURIComponent(params.id));
  const actions = usePickActions(pick.list, () => pick.select(undefined));
  const [shortTask, setShortTask] = createSignal<TaskView>();
  const shortDone = () => {
    const { outcome, resolution } = actions.short()!;
    const resolvedBy = outcome?.kind === 'done' ? ((outcome.payload as PickListPayload | null)?.resolvedBy ?? resolution) : undefined;
    return resolvedBy === 'OTHER_BIN' ? t('pick.short.doneOtherBin') : t('pick.short.doneHold');
  };
  const completed = () => pick.list()?.status === 'COMPLETED' || !!actions.completedOrders();

  return (
    <DetailPage
      shell={SHELL}
      backLabel={t('pick.lists')}
      query={{ result: pick.result, entity: pick.list, refetch: pick.reload }}
      errorTitle={t('pick.error')}
      notFoundTitle={t('pick.notFound')}
    >
      {(list) => (
        <>
          <div class="page-head">
            <div>
              <h1 class="page-title" data-testid="pick-title">
                {t('pick.listTitle', { number: list().number })}
              </h1>
              <p class="page-subtitle">
                {tn('pick.ordersCount', new Set(list().tasks.map((x) => x.order?.id ?? '')).size)}
                <Show when={list().assignee}>{(a) => <> · {a().name}</>}</Show>
              </p>
            </div>
          </div>
          <ProgressBar
            value={pick.totals().done}
            max={pick.totals().units}
            label={t('pick.progress')}
            text={t('pick.unitsDone', { done: number(pick.totals().done), total: number(pick.totals().units) })}
            data-testid="pick-progress"
          />
          <PendingNote count={pick.pendingCount()} />
          <Show when={completed()}>
            <CompletedCard orders={actions.completedOrders() ?? uniqueOrders(list())} canPack={viewer.can('packing')} />
          </Show>
          <Show when={!completed()}>
            <Show
              when={pick.current()}
              fallback={
                <Show when={pick.allDone()}>
                  <AllPicked short={pick.totals().short} />
                </Show>
              }
            >
              {(view) => <CurrentTask view={view()} binScanned={pick.selectedBin() === view().task.location?.code} onShort={() => setShortTask(view())} />}
            </Show>
            <Show when={!pick.allDone()}>
              <Stepper
                label={t('pick.quantity')}
                value={pick.quantity()}
                onChange={pick.setQuantity}
                min={1}
                max={Math.max(1, pick.current()?.remaining ?? 1)}
                data-testid="pick-quantity"
              />
            </Show>
            <ScanInput
              label={t('pick.scanLabel')}
              placeholder={t('pick.scanPlaceholder')}
              captureKeys
              dock
              onScan={pick.onScan}
              onRepeat={pick.onRepeat}
              data-testid="pick-scan"
            />
            <ScanMessage notice={pick.notice()} />
            <Show when={actions.short()}>
              {(s) => <Outcome outcome={s().outcome} done={shortDone()} onRetry={actions.retryShort} onReload={pick.reload} data-testid="short-outcome" />}
            </Show>
            <Show when={actions.completing()}>
              {(c) => <Outcome outcome={c().outcome} done={t('pick.completed')} onRetry={actions.retryComplete} onReload={pick.reload} data-testid="complete-outcome" />}
            </Show>
            <button
              type="button"
              class="button button--wide pick-complete"
              classList={{ 'button--primary': pick.allDone() }}
              data-testid="pick-complete"
              disabled={!pick.allDone() || actions.completeBusy()}
              onClick={actions.complete}
            >
              {t('pick.complete')}
            </button>
          </Show>
          <TaskList views={pick.views()} current={pick.current()} onSelect={pick.select} />
          <Show when={shortTask()}>
            {(view) => (
              <ShortPickSheet
                sku={view().task.product.sku}
                name={view().task.product.name}
                bin={view().task.location?.code ?? null}
                missing={view().remaining}
                onClose={() => setShortTask(undefined)}
                onSubmit={(resolution, note) => {
                  const task = view();
                  setShortTask(undefined);
                  actions.reportShort(task, resolution, note);
                }}
              />
            )}
          </Show>
        </>
      )}
    </DetailPage>
  );
}
