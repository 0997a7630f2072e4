import { createMemo, createSignal, For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { OfflineBanner } from '../../components/OfflineBanner';
import { LoadError, LoadingState } from '../../components/QueryStates';
import { STATUS_TONE, useStatusLabel } from '../../components/StatusBadge';
import { OPEN_STATUSES, ORDER_STATUSES, isOpenStatus } from '../../graphql/types';
import { createNow } from '../../lib/clock';
import { OrderRow } from '../orders/OrderRow';
import { TodayQuery } from './today.graphql';

export const DUE_WINDOWS = [2, 4, 8, 24] as const;
/** Orders fetched for "due soon" (late-risk count) and how many of them are listed. */
const DUE_FETCH = 50;
const DUE_LIST_SIZE = 10;
const WINDOW_KEY = 'orderly.today.window';

function savedWindow(): number {
  try {
    const saved = Number(globalThis.localStorage?.getItem(WINDOW_KEY));
    return (DUE_WINDOWS as readonly number[]).includes(saved) ? saved : 8;
  } catch {
    return 8;
  }
}

/**
 * Today (route /today, a tab next to the queue): what the shift has to do — open work by status,
 * what is overdue, what is due within the next N hours (at late risk first) — each a link into the
 * filtered queue.
 */
export default function TodayPage() {
  const { t, tn, number } = useI18n();
  const statusLabel = useStatusLabel();
  const now = createNow();
  const [hours, setHours] = createSignal(savedWindow());
  const [generation, setGeneration] = createSignal(0);

  // Times rounded to the minute: a stable cache key while the page is open.
  const variables = createMemo(() => {
    generation();
    const minute = 60_000;
    const at = Math.ceil(Date.now() / minute) * minute;
    return {
      open: [...OPEN_STATUSES],
      now: new Date(at).toISOString(),
      dueBefore: new Date(at + hours() * 3_600_000).toISOString(),
      first: DUE_FETCH,
    };
  });
  // Saved for offline use per window, whatever the minute.
  const persistContext = createMemo(() => ({ persistKey: `Today|${hours()}` }));
  const [result, reexecute] = createQuery({
    query: TodayQuery,
    variables,
    requestPolicy: 'cache-and-network',
    context: persistContext,
  });
  const refresh = () => {
    setGeneration((n) => n + 1);
    reexecute({ requestPolicy: 'network-only' });
  };
  const pickWindow = (value: number) => {
    setHours(value);
    try {
      localStorage.setItem(WINDOW_KEY, String(value));
    } catch {
      // not remembered
    }
  };

  const counts = () => result.data?.orderStatusCounts ?? [];
  const countOf = (status: string) => counts().find((c) => c.status === status)?.count ?? 0;
  const openTotal = () => counts().reduce((sum, c) => sum + (isOpenStatus(c.status) ? c.count : 0), 0);
  const dueFetched = () => result.data?.dueSoon.edges.map((e) => e.node) ?? [];
  const dueSoon = () => dueFetched().slice(0, DUE_LIST_SIZE);
  const atRisk = () => dueFetched().filter((o) => o.lateRisk).length;

  return (
    <section class="page today" data-testid="today-page">
      <div class="page-head">
        <div>
          <h1 class="page-title">{t('today.title')}</h1>
          <p class="page-subtitle">{t('today.subtitle')}</p>
        </div>
        <button type="button" class="button button--icon" data-testid="today-refresh" aria-label={t('queue.refresh')} title={t('queue.refresh')} onClick={refresh}>
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" d="M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5" />
          </svg>
        </button>
      </div>
      <OfflineBanner result={result} onRetry={refresh} />
      <Show
        when={result.data}
        fallback={
          <Show when={result.error} fallback={<LoadingState data-testid="today-loading" />}>
            {(error) => <LoadError title={t('today.error')} error={error()} onRetry={refresh} data-testid="today-error" />}
          </Show>
        }
      >
        {(data) => (
          <>
            <div class="tiles" data-testid="today-tiles">
              <A href="/" class="tile tile--brand" data-testid="today-open">
                <span class="tile__value">{number(openTotal())}</span>
                <span class="tile__label">{t('today.open')}</span>
              </A>
              <A href="/?due=0" class="tile" classList={{ 'tile--danger': data().overdue.totalCount > 0 }} data-testid="today-overdue">
                <span class="tile__value">{number(data().overdue.totalCount)}</span>
                <span class="tile__label">{t('today.overdue')}</span>
              </A>
              <A href={`/?due=${hours()}`} class="tile" classList={{ 'tile--warning': data().dueSoon.totalCount > 0 }} data-testid="today-due">
                <span class="tile__value">{number(data().dueSoon.totalCount)}</span>
                <span class="tile__label">{tn('today.dueWithin', hours())}</span>
              </A>
            </div>

            <h2 class="section-title">{t('today.byStatus')}</h2>
            <ul class="status-counts" data-testid="today-status-counts">
              <For each={ORDER_STATUSES.filter((s) => countOf(s) > 0)}>
                {(status) => (
                  <li>
                    <A
                      href={`/?status=${status}`}
                      class="status-count"
                      data-testid="today-status"
                      data-status={status}
                      classList={{ 'status-count--closed': !isOpenStatus(status) }}
                    >
                      <span class={`status-count__dot tone-${STATUS_TONE[status]}`} aria-hidden="true" />
                      <span class="status-count__label">{statusLabel(status)}</span>
                      <strong class="status-count__value">{number(countOf(status))}</strong>
                    </A>
                  </li>
                )}
              </For>
            </ul>

            <div class="section-head">
              <h2 class="section-title">{t('today.dueSoon')}</h2>
              <div class="segmented" role="group" aria-label={t('today.window')}>
                <For each={DUE_WINDOWS}>
                  {(value) => (
                    <button
                      type="button"
                      class="segmented__item"
                      aria-pressed={hours() === value}
                      data-testid="today-window"
                      data-hours={value}
                      onClick={() => pickWindow(value)}
                    >
                      {t('today.hours', { count: value })}
                    </button>
                  )}
                </For>
              </div>
            </div>
            <Show when={atRisk() > 0}>
              <p class="today__risk" data-testid="today-at-risk">
                ⚠ {tn('today.atRisk', atRisk())}
              </p>
            </Show>
            <Show
              when={dueSoon().length > 0}
              fallback={
                <p class="muted" data-testid="today-nothing-due">
                  {tn('today.nothingDue', hours())}
                </p>
              }
            >
              <ul class="order-rows" data-testid="today-due-list">
                <For each={dueSoon()}>{(order) => <OrderRow order={order} now={now} />}</For>
              </ul>
              <Show when={data().dueSoon.totalCount > dueSoon().length}>
                <A href={`/?due=${hours()}`} class="button button--wide today__more" data-testid="today-due-all">
                  {tn('today.showAllDue', data().dueSoon.totalCount)}
                </A>
              </Show>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
