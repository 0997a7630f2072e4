import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, onMount, Show, Switch, type Accessor } from 'solid-js';
import { createQuery } from '@urql/solid';
import type { CombinedError } from '@urql/core';
import { useI18n } from '../../i18n';
import { OfflineBanner } from '../../components/OfflineBanner';
import { Spinner, StateMessage } from '../../components/StateMessage';
import { useStatusLabel } from '../../components/StatusBadge';
import { isConnectionError } from '../../graphql/client';
import type { OrderStatus } from '../../graphql/types';
import { OrderRow } from './OrderRow';
import { ORDER_QUEUE_PAGE_SIZE, OrderQueueQuery, type OrderQueueVariables } from './orderQueue.graphql';

export { isConnectionError };

export interface QueueFilter {
  status?: OrderStatus[];
  search?: string;
  shipByBefore?: string;
  /** Key of the saved (offline) response when the variables contain "now". */
  persistKey?: string;
  /** The single status chip selected, for the empty state. */
  single?: OrderStatus;
  /** Not the default view: the empty state offers a way back. */
  narrowed: boolean;
  /** With each order's tracking summary (the "on the way" view). */
  tracking?: boolean;
}

interface ListProps {
  /** Fixed for the lifetime of the list: the page re-creates the list when the filter changes. */
  filter: QueueFilter;
  now: Accessor<Date>;
  onShowAll: () => void;
  /** Changes when live updates say the queue changed: every loaded page refetches. */
  liveTick?: Accessor<number>;
}

/**
 * The queue as a sequence of pages: page 0 plus one page per "load more" (cursor = previous page's
 * endCursor). Each page is its own urql query, so every page is cached and refetched independently.
 */
export function OrderList(props: ListProps) {
  const [cursors, setCursors] = createSignal<string[]>([]);
  const pages = createMemo<(string | null)[]>(() => [null, ...cursors()]);
  const loadAfter = (cursor: string) => {
    if (!cursors().includes(cursor)) setCursors([...cursors(), cursor]);
  };
  return (
    <div class="order-list" data-testid="order-list">
      <For each={pages()}>
        {(after, index) => <OrderListPage {...props} after={after} first={index() === 0} last={index() === pages().length - 1} onLoadMore={loadAfter} />}
      </For>
    </div>
  );
}

function OrderListPage(props: ListProps & { after: string | null; first: boolean; last: boolean; onLoadMore: (cursor: string) => void }) {
  const { t, tn } = useI18n();
  // One component per loaded page (keyed by its cursor and filter): its query is fixed when it mounts.
  /* eslint-disable solid/reactivity */
  const variables: OrderQueueVariables = { first: ORDER_QUEUE_PAGE_SIZE };
  if (props.after) variables.after = props.after;
  if (props.filter.status) variables.status = props.filter.status;
  if (props.filter.search) variables.search = props.filter.search;
  if (props.filter.shipByBefore) variables.shipByBefore = props.filter.shipByBefore;
  if (props.filter.tracking) variables.tracking = true;

  const [result, reexecute] = createQuery({
    query: OrderQueueQuery,
    variables,
    requestPolicy: 'cache-and-network',
    context: props.filter.persistKey ? { persistKey: `${props.filter.persistKey}|${props.after ?? ''}` } : undefined,
  });
  const connection = () => result.data?.orders;
  const edges = () => connection()?.edges ?? [];
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  if (props.liveTick) createEffect(on(props.liveTick, () => reexecute({ requestPolicy: 'network-only' }), { defer: true }));
  /* eslint-enable solid/reactivity */

  return (
    <>
      <Show when={props.first}>
        <OfflineBanner result={result} onRetry={retry} />
      </Show>
      <Show when={props.first && result.data && (result.stale || result.fetching)}>
        <div class="updating" data-testid="queue-updating">
          <Spinner label={t('queue.updating')} />
        </div>
      </Show>
      <Switch>
        <Match when={!result.data && result.error}>
          {(error) =>
            props.first ? (
              <QueueError error={error()} retrying={result.fetching} onRetry={retry} />
            ) : (
              <div class="list-footer" role="alert" data-testid="load-more-error">
                <p>{t('queue.loadMoreError')}</p>
                <button type="button" class="button" data-testid="load-more-retry" disabled={result.fetching} onClick={retry}>
                  {result.fetching ? t('queue.error.retrying') : t('queue.error.retry')}
                </button>
              </div>
            )
          }
        </Match>
        <Match when={!result.data}>
          {props.first ? (
            <QueueLoading />
          ) : (
            <div class="list-footer" data-testid="loading-more">
              <Spinner label={t('queue.loadingMore')} />
            </div>
          )}
        </Match>
        <Match when={props.first && edges().length === 0}>
          <QueueEmpty status={props.filter.single} narrowed={props.filter.narrowed} onShowAll={props.onShowAll} />
        </Match>
      </Switch>
      <Show when={edges().length > 0}>
        <ul class="order-rows">
          <For each={edges()}>{(edge) => <OrderRow order={edge.node} now={props.now} />}</For>
        </ul>
      </Show>
      <Show when={props.last && connection()}>
        {(conn) => (
          <Show
            when={conn().pageInfo.hasNextPage && conn().pageInfo.endCursor}
            fallback={
              <Show when={conn().totalCount > 0}>
                <p class="list-end" data-testid="queue-end">
                  {tn('queue.end', conn().totalCount)}
                </p>
              </Show>
            }
          >
            {(cursor) => <LoadMoreButton onLoad={() => props.onLoadMore(cursor())} />}
          </Show>
        )}
      </Show>
    </>
  );
}

/** "Load more" button that also fires by itself when scrolled near (infinite scroll). */
function LoadMoreButton(props: { onLoad: () => void }) {
  const { t } = useI18n();
  let button: HTMLButtonElement | undefined;
  onMount(() => {
    if (typeof IntersectionObserver === 'undefined' || !button) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && document.visibilityState !== 'hidden') props.onLoad();
      },
      { rootMargin: '0px 0px 400px 0px' },
    );
    observer.observe(button);
    onCleanup(() => observer.disconnect());
  });
  return (
    <div class="list-footer">
      <button ref={button} type="button" class="button button--wide" data-testid="load-more" onClick={() => props.onLoad()}>
        {t('queue.loadMore')}
      </button>
    </div>
  );
}

function QueueLoading() {
  const { t } = useI18n();
  return (
    <div class="queue-loading" data-testid="queue-loading" aria-busy="true">
      <Spinner label={t('queue.loading')} />
      <ul class="order-rows" aria-hidden="true">
        <For each={[0, 1, 2, 3]}>{() => <li class="order-row order-row--skeleton" />}</For>
      </ul>
    </div>
  );
}

function QueueEmpty(props: { status: OrderStatus | undefined; narrowed: boolean; onShowAll: () => void }) {
  const { t } = useI18n();
  const statusLabel = useStatusLabel();
  return (
    <StateMessage
      icon="✓"
      title={t('queue.empty.title')}
      body={props.status ? t('queue.empty.bodyFiltered', { status: statusLabel(props.status) }) : t('queue.empty.body')}
      data-testid="queue-empty"
    >
      <Show when={props.narrowed}>
        <button type="button" class="button button--primary" data-testid="queue-show-all" onClick={() => props.onShowAll()}>
          {t('queue.empty.showAll')}
        </button>
      </Show>
    </StateMessage>
  );
}

function QueueError(props: { error: CombinedError; retrying: boolean; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <StateMessage
      tone="error"
      icon="!"
      title={t('queue.error.title')}
      body={isConnectionError(props.error) ? t('queue.error.network') : t('queue.error.server')}
      data-testid="queue-error"
    >
      <button type="button" class="button button--primary" data-testid="queue-retry" disabled={props.retrying} onClick={() => props.onRetry()}>
        {props.retrying ? t('queue.error.retrying') : t('queue.error.retry')}
      </button>
      <details class="state-message__details">
        <summary>{t('queue.error.details')}</summary>
        <code>{props.error.message}</code>
      </details>
    </StateMessage>
  );
}
