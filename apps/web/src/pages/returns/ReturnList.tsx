import { Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import type { StatusTone } from '../../components/StatusBadge';
import { PagedList } from '../../components/PagedList';
import { RETURNS_PAGE, ReturnsQuery, type ReturnRowData, type ReturnStatus } from './returns.graphql';

const TONE: Record<ReturnStatus, StatusTone> = {
  REQUESTED: 'hold',
  APPROVED: 'new',
  IN_TRANSIT: 'moving',
  RECEIVED: 'work',
  INSPECTED: 'ready',
  CLOSED: 'done',
  DECLINED: 'muted',
  CANCELLED: 'muted',
};

export function ReturnStatusBadge(props: { status: ReturnStatus }) {
  const { t } = useI18n();
  return (
    <span class={`badge tone-${TONE[props.status] ?? 'muted'}`} data-testid="return-status" data-status={props.status}>
      {t(`returnStatus.${props.status}`)}
    </span>
  );
}

/** One return: R-number, status, order, reason, units, when it was asked for. */
export function ReturnRow(props: { row: ReturnRowData }) {
  const { t, tn, relativeTime } = useI18n();
  const units = () => props.row.lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <li class="order-rows__item">
      <A href={`/returns/${encodeURIComponent(props.row.id)}`} class="order-row" data-testid="return-row" data-id={props.row.id} data-number={props.row.number}>
        <div class="order-row__head">
          <strong class="order-number">R-{props.row.number}</strong>
          <Show when={props.row.order}>{(order) => <span>{t('returns.order', { number: order().number })}</span>}</Show>
          <span class="order-row__spacer" />
          <ReturnStatusBadge status={props.row.status} />
        </div>
        <div class="order-row__meta">
          <span>{t(`returnReason.${props.row.reason}`)}</span>
          <span>{tn('returns.units', units())}</span>
          <span>{t('returns.requested', { time: relativeTime(props.row.createdAt) })}</span>
        </div>
      </A>
    </li>
  );
}

/** Returns of some statuses, newest first, a page at a time ("Show more"); every page refetched on a live tick. */
export function ReturnList(props: { status: ReturnStatus[] | undefined; liveTick: number }) {
  const { t } = useI18n();
  return (
    <PagedList
      query={ReturnsQuery}
      variables={(after) => ({ first: RETURNS_PAGE, after, status: props.status })}
      connection={(data) => data.returns}
      liveTick={props.liveTick}
      testId="returns"
      errorTitle={t('returns.error')}
      emptyTitle={t('returns.empty')}
      moreLabel={t('returns.more')}
    >
      {(row) => <ReturnRow row={row} />}
    </PagedList>
  );
}
