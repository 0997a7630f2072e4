import { Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { CarrierName } from '../../components/carrierName';
import type { ProblemRowData } from './problems.graphql';
import { ExceptionDeadlines } from './ExceptionDeadlines';

/** One open exception: what went wrong, the order, its carrier, who looks after it, how long it has been open, the clocks. */
export function ProblemRow(props: { problem: ProblemRowData; now: Date }) {
  const { t, relativeTime } = useI18n();
  return (
    <li class="order-rows__item">
      <A
        href={`/problems/${encodeURIComponent(props.problem.id)}`}
        class="problem-row"
        data-testid="problem-row"
        data-kind={props.problem.kind}
        data-id={props.problem.id}
      >
        <div class="order-row__head">
          <strong class="problem-row__kind" data-testid="problem-kind">
            {t(`exceptionKind.${props.problem.kind}`)}
          </strong>
          <span class="order-number" data-testid="problem-order">
            #{props.problem.order.number}
          </span>
          <span class="order-row__spacer" />
          <span class="badge tone-alert" data-testid="problem-status">
            {t(`exceptionStatus.${props.problem.status}`)}
          </span>
        </div>
        <div class="order-row__meta">
          <Show when={props.problem.shipment}>
            {(shipment) => (
              <span data-testid="problem-carrier">
                <CarrierName carrier={shipment().carrier} />
              </span>
            )}
          </Show>
          <span data-testid="problem-owner" data-assigned={props.problem.owner ? 'true' : 'false'}>
            {props.problem.owner ? t('problems.owner', { name: props.problem.owner.name }) : t('problems.noOwner')}
          </span>
          <span data-testid="problem-age">{t('problems.opened', { time: relativeTime(props.problem.createdAt, props.now) })}</span>
        </div>
        <ExceptionDeadlines exception={props.problem} now={props.now} />
      </A>
    </li>
  );
}
