import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { StatusBadge } from '../../components/StatusBadge';
import type { TaskView } from './usePickSession';

/** The list's route: every task in walking order (done, short, held by its order, or still open — tap to do it now). */
export function TaskList(props: { views: TaskView[]; current: TaskView | undefined; onSelect: (view: TaskView) => void }) {
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
