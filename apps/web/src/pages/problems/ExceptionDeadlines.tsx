import { Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { DeadlineClock } from './DeadlineClock';
import { isOpenException, type ProblemRowData } from './problems.graphql';

/**
 * The clocks of an open exception: the marketplace's dispute window and the carrier's claim
 * deadline. The API's `deadlineState` judges the nearer one; the other is flagged once it is past.
 */
export function ExceptionDeadlines(props: { exception: ProblemRowData; now: Date }) {
  const { t } = useI18n();
  const e = () => props.exception;
  const nearer = () => {
    const [claim, dispute] = [e().deadlineAt, e().disputeDeadlineAt];
    return claim && dispute ? (new Date(dispute).getTime() < new Date(claim).getTime() ? 'dispute' : 'claim') : dispute ? 'dispute' : 'claim';
  };
  return (
    <Show when={isOpenException(e().status) && (e().deadlineAt || e().disputeDeadlineAt)}>
      <div class="deadlines" data-testid="deadlines" data-state={e().deadlineState}>
        <Show when={e().disputeDeadlineAt}>
          {(at) => (
            <DeadlineClock
              label={t('deadline.dispute')}
              at={at()}
              state={nearer() === 'dispute' ? e().deadlineState : undefined}
              now={props.now}
              data-testid="deadline-dispute"
            />
          )}
        </Show>
        <Show when={e().deadlineAt}>
          {(at) => (
            <DeadlineClock
              label={t('deadline.claim')}
              at={at()}
              state={nearer() === 'claim' ? e().deadlineState : undefined}
              now={props.now}
              data-testid="deadline-claim"
            />
          )}
        </Show>
      </div>
    </Show>
  );
}
