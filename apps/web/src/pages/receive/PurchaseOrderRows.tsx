import { For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { ProgressBar } from '../../components/ProgressBar';
import { LoadError, LoadingState } from '../../components/QueryStates';
import type { CombinedError } from '@urql/core';
import type { PurchaseOrderRow, PurchaseOrderStatus } from './receive.graphql';

const TONE: Record<PurchaseOrderStatus, string> = { DRAFT: 'hold', SENT: 'new', PARTIALLY_RECEIVED: 'work', RECEIVED: 'done', CANCELLED: 'muted' };

/** A purchase order's status as a coloured badge (the order statuses' colours). */
export function PurchaseOrderStatusBadge(props: { status: PurchaseOrderStatus; 'data-testid'?: string }) {
  const { t } = useI18n();
  return (
    <span class={`badge tone-${TONE[props.status] ?? 'muted'}`} data-testid={props['data-testid'] ?? 'po-status'} data-status={props.status}>
      {t(`receive.status.${props.status}`)}
    </span>
  );
}

/** Units received of units ordered, as a bar with its numbers. */
export function ReceivedProgress(props: { received: number; total: number; 'data-testid'?: string }) {
  const { t, number } = useI18n();
  return (
    <ProgressBar
      value={props.received}
      max={props.total}
      label={t('receive.progress')}
      text={t('receive.unitsOf', { done: number(props.received), total: number(props.total) })}
      data-testid={props['data-testid']}
    />
  );
}

/** The purchase orders waiting at the station, each a big link to count it in. */
export function PurchaseOrderRows(props: { rows: PurchaseOrderRow[] | undefined; error: CombinedError | undefined; onRetry: () => void }) {
  const { t, dateTime } = useI18n();
  return (
    <Switch>
      <Match when={props.rows && props.rows.length > 0 && props.rows}>
        {(rows) => (
          <ul class="floor-list" data-testid="po-rows">
            <For each={rows()}>
              {(po) => (
                <li class="floor-card" data-testid="po-row" data-number={po.number} data-status={po.status}>
                  <A href={`/receive/${encodeURIComponent(po.id)}`} class="floor-card__main">
                    <span class="floor-card__title">
                      <span class="mono">{po.number}</span> <PurchaseOrderStatusBadge status={po.status} />
                    </span>
                    <span class="muted small">
                      {po.supplierName}
                      <Show when={po.expectedAt}>{(at) => <> · {t('receive.expected', { date: dateTime(at()) })}</>}</Show>
                    </span>
                    <ReceivedProgress received={po.receivedQuantity} total={po.totalQuantity} />
                  </A>
                </li>
              )}
            </For>
          </ul>
        )}
      </Match>
      <Match when={props.rows}>
        <p class="muted" data-testid="po-empty">
          {t('receive.empty')}
        </p>
      </Match>
      <Match when={props.error}>{(error) => <LoadError title={t('receive.error')} error={error()} onRetry={props.onRetry} />}</Match>
      <Match when={true}>
        <LoadingState />
      </Match>
    </Switch>
  );
}
