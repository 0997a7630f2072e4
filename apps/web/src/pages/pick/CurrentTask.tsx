import { Show } from 'solid-js';
import { useI18n } from '../../i18n';
import type { TaskView } from './usePickSession';

/** The task to do now: NEXT BIN (big), the item, how many. */
export function CurrentTask(props: { view: TaskView; binScanned: boolean; onShort: () => void }) {
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

/** Nothing left to walk: all picked (and how many units were short). */
export function AllPicked(props: { short: number }) {
  const { t, tn } = useI18n();
  return (
    <div class="card pick-done" data-testid="pick-all-done">
      <p class="pick-done__text">✓ {t('pick.allPicked')}</p>
      <Show when={props.short > 0}>
        <p class="muted">{tn('pick.shortUnits', props.short)}</p>
      </Show>
    </div>
  );
}

/** Scans on this device the API has not answered yet. */
export function PendingNote(props: { count: number }) {
  const { tn } = useI18n();
  return (
    <Show when={props.count > 0}>
      <p class="notice notice--pending small" role="status" data-testid="pick-pending">
        ⇅ {tn('pick.pendingScans', props.count)}
      </p>
    </Show>
  );
}
