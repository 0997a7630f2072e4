import { Show } from 'solid-js';
import { useI18n } from '../../i18n';

/** DUE_SOON and OVERDUE are flagged in words (and colour); anything else is just the clock. */
export type DeadlineFlag = 'DUE_SOON' | 'OVERDUE';
const isFlag = (state: string | null | undefined): state is DeadlineFlag => state === 'DUE_SOON' || state === 'OVERDUE';

const pad = (n: number) => String(n).padStart(2, '0');

/** A live countdown to `at`: "2 d 04:12:09 left" or "overdue by 00:05:41" (days only when there are some). */
export function useClockText() {
  const { t, tn } = useI18n();
  return (at: string, now: Date) => {
    const ms = new Date(at).getTime() - now.getTime();
    const total = Math.floor(Math.abs(ms) / 1000);
    const days = Math.floor(total / 86_400);
    const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
    const time = days > 0 ? `${tn('deadline.days', days)} ${clock}` : clock;
    return ms >= 0 ? t('deadline.left', { time }) : t('deadline.overdueBy', { time });
  };
}

/**
 * One deadline of an exception (the carrier's claim deadline, the marketplace's dispute window) as
 * a ticking clock, with the API's judgement (`state`) said in words when it is due soon or overdue.
 */
export function DeadlineClock(props: { label: string; at: string; state?: string | null; now: Date; 'data-testid'?: string }) {
  const { t, dateTime } = useI18n();
  const clockText = useClockText();
  const flag = () => (isFlag(props.state) ? props.state : new Date(props.at).getTime() < props.now.getTime() ? 'OVERDUE' : undefined);
  return (
    <p
      class="deadline"
      classList={{ 'deadline--soon': flag() === 'DUE_SOON', 'deadline--overdue': flag() === 'OVERDUE' }}
      data-testid={props['data-testid'] ?? 'deadline'}
      data-state={flag() ?? 'OK'}
    >
      <Show when={flag()}>
        {(state) => (
          <strong class="deadline__flag" data-testid="deadline-flag">
            <span aria-hidden="true">⚠ </span>
            {t(`deadline.state.${state()}`)}
          </strong>
        )}
      </Show>
      <span class="deadline__label">{props.label}</span>{' '}
      <time datetime={props.at} title={dateTime(props.at, props.now)}>
        <span class="deadline__clock" data-testid="deadline-clock" role="timer" aria-live="off">
          {clockText(props.at, props.now)}
        </span>
      </time>
    </p>
  );
}
