import { createMemo, createSignal, onCleanup, Show } from 'solid-js';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { ScanInput } from '../../components/ScanInput';
import { isOrderStatus, OPEN_STATUSES, type OrderStatus } from '../../graphql/types';
import { createNow } from '../../lib/clock';
import { OrderList, type QueueFilter } from './OrderList';
import { StatusFilter, type StatusSelection } from './StatusFilter';
import { OrderSearchQuery, OrderStatusCountsQuery, TRANSIT_STATUSES } from './orderQueue.graphql';
import { useViewer } from '../../auth/viewer';
import { createLiveRefetch } from '../../graphql/live';
import { OrderQueueChangedSubscription } from '../../graphql/subscriptions';

const SEARCH_DEBOUNCE_MS = 350;

type QueueParams = { status?: string; q?: string; due?: string };

/**
 * The order queue (route "/"): open work by default (statuses before shipping), most urgent
 * ship-by first; chips for "All" and each status (?status=ALL, ?status=PICKING); search by order
 * number, posting number, recipient or SKU (?q=…) — a scan that matches exactly one order opens
 * it; ?due=<hours> narrows open work to orders due within that time (0 = overdue), linked from Today.
 */
export default function OrderQueuePage() {
  const { t, tn } = useI18n();
  const navigate = useNavigate();
  const client = useClient();
  const [params, setParams] = useSearchParams<QueueParams>();

  const viewer = useViewer();
  const selection = createMemo<StatusSelection>(() =>
    params.status === 'ALL' || params.status === 'TRANSIT' ? params.status : isOrderStatus(params.status) ? params.status : 'OPEN',
  );
  const search = () => (params.q ?? '').trim();
  const dueHours = () => {
    const hours = Number(params.due);
    return params.due !== undefined && params.due !== '' && Number.isFinite(hours) && hours >= 0 ? hours : undefined;
  };

  const select = (next: StatusSelection) => setParams({ status: next === 'OPEN' ? undefined : next, due: undefined }, { replace: true });
  const showDefault = () => setParams({ status: undefined, q: undefined, due: undefined }, { replace: true });

  const [counts, reexecuteCounts] = createQuery({
    query: OrderStatusCountsQuery,
    requestPolicy: 'cache-and-network',
  });

  // The list is re-created (pages reset to the first one) when the filter changes or on refresh.
  const [generation, setGeneration] = createSignal(0);
  const filter = createMemo<QueueFilter & { key: string }>(() => {
    const chip = selection();
    const term = search();
    const due = dueHours();
    const single: OrderStatus | undefined = chip === 'OPEN' || chip === 'ALL' || chip === 'TRANSIT' ? undefined : chip;
    // A search looks through every order (a scanned posting may be shipped already) unless one
    // status is picked; the default view is open work; "on the way" is shipped orders with their tracking.
    const status: OrderStatus[] | undefined = single ? [single] : chip === 'TRANSIT' ? [...TRANSIT_STATUSES] : chip === 'OPEN' && !term ? [...OPEN_STATUSES] : undefined;
    const filter: QueueFilter = {
      status,
      single,
      narrowed: chip !== 'OPEN' || !!term || due !== undefined,
      tracking: chip === 'TRANSIT' && viewer.can('shipments:read'),
    };
    if (term) filter.search = term;
    if (due !== undefined) {
      const minute = 60_000;
      filter.shipByBefore = new Date(Math.ceil((Date.now() + due * 3_600_000) / minute) * minute).toISOString();
      filter.persistKey = `OrderQueue|due=${due}|${chip}|${term}`;
    }
    return { ...filter, key: `${chip}|${term}|${due ?? ''}|${filter.tracking ? 1 : 0}#${generation()}` };
  });
  const refresh = () => {
    reexecuteCounts({ requestPolicy: 'network-only' });
    setGeneration((n) => n + 1);
  };
  // Live: orders arrive or change status elsewhere → the counts and the loaded pages refetch in
  // place (the list keeps its pages and scroll position).
  const [liveTick, setLiveTick] = createSignal(0);
  createLiveRefetch(
    OrderQueueChangedSubscription,
    () => ({}),
    () => {
      reexecuteCounts({ requestPolicy: 'network-only' });
      setLiveTick((n) => n + 1);
    },
    500,
  );

  // Typing: update the URL (and the list) after a pause. Enter / a scan: look up at once.
  let debounce: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(debounce));
  const onType = (value: string) => {
    clearTimeout(debounce);
    debounce = setTimeout(() => setParams({ q: value.trim() || undefined }, { replace: true }), SEARCH_DEBOUNCE_MS);
  };
  const onScan = async (code: string) => {
    clearTimeout(debounce);
    const result = await client.query(OrderSearchQuery, { search: code }, { requestPolicy: 'network-only' }).toPromise();
    const found = result.data?.orders;
    if (found && found.totalCount === 1 && found.edges[0]) {
      navigate(`/orders/${encodeURIComponent(found.edges[0].node.id)}`);
      return 'ok' as const;
    }
    setParams({ q: code }, { replace: true });
    return found && found.totalCount > 1 ? ('ok' as const) : ('error' as const);
  };

  const now = createNow();

  return (
    <section class="page queue" data-testid="order-queue">
      <div class="page-head">
        <div>
          <h1 class="page-title">{t('queue.title')}</h1>
          <p class="page-subtitle">{t('queue.subtitle')}</p>
        </div>
        <button type="button" class="button button--icon" data-testid="queue-refresh" aria-label={t('queue.refresh')} title={t('queue.refresh')} onClick={refresh}>
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" d="M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5" />
          </svg>
        </button>
      </div>
      <ScanInput
        label={t('queue.search.label')}
        placeholder={t('queue.search.placeholder')}
        value={params.q ?? ''}
        clearOnScan={false}
        captureKeys
        autoFocus={false}
        onInput={onType}
        onScan={onScan}
        data-testid="queue-search"
      />
      <StatusFilter counts={counts.data?.orderStatusCounts} selected={selection()} onSelect={select} transit={viewer.can('shipments:read')} />
      <Show when={search() || dueHours() !== undefined}>
        <div class="filter-summary" data-testid="queue-filter-summary">
          <span>
            {search() ? t('queue.search.results', { term: search() }) : ''}
            {search() && dueHours() !== undefined ? ' · ' : ''}
            {dueHours() === 0 ? t('queue.due.overdue') : dueHours() !== undefined ? tn('queue.due.within', dueHours()!) : ''}
          </span>
          <button type="button" class="button button--small" data-testid="queue-clear-filter" onClick={showDefault}>
            {t('queue.search.clear')}
          </button>
        </div>
      </Show>
      <Show when={filter().key} keyed>
        {(_key) => <OrderList filter={filter()} now={now} onShowAll={showDefault} liveTick={liveTick} />}
      </Show>
    </section>
  );
}
