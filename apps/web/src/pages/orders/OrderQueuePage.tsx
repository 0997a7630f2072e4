import { createMemo, createSignal, Show } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { isOrderStatus, type OrderStatus } from '../../graphql/types';
import { createNow } from '../../lib/clock';
import { OrderList } from './OrderList';
import { StatusFilter } from './StatusFilter';
import { OrderStatusCountsQuery } from './orderQueue.graphql';

/**
 * The order queue (route "/"): most urgent ship-by first, filterable by status (?status=PICKING),
 * paged by cursor with "load more" / infinite scroll.
 */
export default function OrderQueuePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams<{ status?: string }>();
  const status = createMemo<OrderStatus | undefined>(() =>
    isOrderStatus(params.status) ? params.status : undefined,
  );
  const select = (next: OrderStatus | undefined) => setParams({ status: next }, { replace: true });

  const [counts, reexecuteCounts] = createQuery({
    query: OrderStatusCountsQuery,
    requestPolicy: 'cache-and-network',
  });

  // The list is re-created (pages reset to the first one) when the filter changes or on refresh.
  const [generation, setGeneration] = createSignal(0);
  const listKey = createMemo(() => `${status() ?? ''}#${generation()}`);
  const refresh = () => {
    reexecuteCounts({ requestPolicy: 'network-only' });
    setGeneration((n) => n + 1);
  };

  const now = createNow();

  return (
    <section class="page queue" data-testid="order-queue">
      <div class="page-head">
        <div>
          <h1 class="page-title">{t('queue.title')}</h1>
          <p class="page-subtitle">{t('queue.subtitle')}</p>
        </div>
        <button
          type="button"
          class="button button--icon"
          data-testid="queue-refresh"
          aria-label={t('queue.refresh')}
          title={t('queue.refresh')}
          onClick={refresh}
        >
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path
              fill="none"
              stroke="currentColor"
              stroke-width="2.4"
              stroke-linecap="round"
              stroke-linejoin="round"
              d="M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5"
            />
          </svg>
        </button>
      </div>
      <StatusFilter counts={counts.data?.orderStatusCounts} selected={status()} onSelect={select} />
      <Show when={listKey()} keyed>
        {(key) => {
          const fixed = key.slice(0, key.indexOf('#'));
          return (
            <OrderList
              status={isOrderStatus(fixed) ? fixed : undefined}
              now={now}
              onShowAll={() => select(undefined)}
            />
          );
        }}
      </Show>
    </section>
  );
}
