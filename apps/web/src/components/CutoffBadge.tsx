import { Show } from 'solid-js';
import { useI18n } from '../i18n';

export type CutoffState = 'OK' | 'SOON' | 'PAST';

/**
 * The cut-off warning (Order.cutoffState): "Cut-off soon" (amber) within the warning hours,
 * "Past cut-off" (red) after it; nothing when there is time or the order has left. `hint` adds what
 * to do (order detail, pick).
 */
export function CutoffBadge(props: { state: CutoffState | null | undefined; hint?: boolean }) {
  const { t } = useI18n();
  const warn = () => (props.state === 'SOON' || props.state === 'PAST' ? props.state : null);
  return (
    <Show when={warn()}>
      {(state) => (
        <span
          class="cutoff-badge"
          classList={{ 'cutoff-badge--soon': state() === 'SOON', 'cutoff-badge--past': state() === 'PAST' }}
          data-testid="cutoff-badge"
          data-state={state()}
          title={state() === 'SOON' ? t('cutoff.soonHint') : t('cutoff.pastHint')}
        >
          <span aria-hidden="true">{state() === 'SOON' ? '⏱' : '⛔'}</span>
          {state() === 'SOON' ? t('cutoff.soon') : t('cutoff.past')}
          <Show when={props.hint}>
            <span class="cutoff-badge__hint"> — {state() === 'SOON' ? t('cutoff.soonHint') : t('cutoff.pastHint')}</span>
          </Show>
        </span>
      )}
    </Show>
  );
}
