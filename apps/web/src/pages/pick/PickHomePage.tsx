import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { useViewer } from '../../auth/viewer';
import { OfflineBanner } from '../../components/OfflineBanner';
import { Outcome } from '../../components/Outcome';
import { ProgressBar } from '../../components/ProgressBar';
import { LoadingState } from '../../components/QueryStates';
import { StateMessage } from '../../components/StateMessage';
import { Guarded } from '../../components/Guarded';
import { Stepper } from '../../components/Stepper';
import { StatusBadge } from '../../components/StatusBadge';
import { CutoffBadge } from '../../components/CutoffBadge';
import { startOfToday } from '../../lib/scan';
import { newIdempotencyKey } from '../../offline/ids';
import { useOutbox, type SubmitOutcome } from '../../offline/outbox';
import { OrderStatusCountsQuery } from '../orders/orderQueue.graphql';
import { AssignPickListMutation, CreatePickListMutation, PickListsQuery, PickOrderQuery, type PickListSummary } from './pick.graphql';

const BATCH_KEY = 'orderly.pickBatchSize';

function savedBatchSize(): number {
  try {
    const value = Number(localStorage.getItem(BATCH_KEY));
    return value >= 1 && value <= 50 ? value : 5;
  } catch {
    return 5;
  }
}

/**
 * Pick mode, start (route /pick): continue a list (mine first), take an unassigned one, or start a
 * new list from the most urgent confirmed orders (batch size). `?order=<id>` (from the order
 * detail): start a list for that one order, or continue the list it is on.
 */
export default function PickHomePage() {
  const { t, tn, number } = useI18n();
  const navigate = useNavigate();
  const outbox = useOutbox();
  const viewer = useViewer();
  const [params] = useSearchParams<{ order?: string }>();
  const since = startOfToday();
  const [lists, reexecute] = createQuery({ query: PickListsQuery, variables: { since }, requestPolicy: 'cache-and-network' });
  const [counts] = createQuery({ query: OrderStatusCountsQuery, requestPolicy: 'cache-and-network' });
  const [order] = createQuery({
    query: PickOrderQuery,
    variables: () => ({ id: params.order ?? '' }),
    pause: () => !params.order,
    requestPolicy: 'cache-and-network',
  });
  const [batch, setBatch] = createSignal(savedBatchSize());
  const [attempt, setAttempt] = createSignal<{ variables: Record<string, unknown>; op: 'createPickList' | 'assignPickList'; outcome?: SubmitOutcome }>();

  const confirmedCount = () => counts.data?.orderStatusCounts.find((c) => c.status === 'CONFIRMED')?.count ?? 0;
  const me = () => viewer.userId();
  const sorted = createMemo(() => {
    const nodes = lists.data?.pickLists.edges.map((e) => e.node) ?? [];
    const rank = (l: PickListSummary) => (l.assignee?.id && l.assignee.id === me() ? 0 : !l.assignee ? 1 : 2);
    return [...nodes].sort((a, b) => rank(a) - rank(b));
  });
  const myProgress = () => lists.data?.pickerProgress.find((p) => p.picker?.id && p.picker.id === me());
  const listWithOrder = () => (params.order ? sorted().find((l) => l.orders.some((o) => o.id === params.order)) : undefined);

  const send = async (op: 'createPickList' | 'assignPickList', variables: Record<string, unknown>) => {
    setAttempt({ op, variables });
    const outcome = await outbox.submit({
      op,
      query: op === 'createPickList' ? CreatePickListMutation : AssignPickListMutation,
      variables,
      entity: op === 'assignPickList' ? { type: 'PickList', id: String(variables.pickListId), label: t('pick.list') } : undefined,
    });
    setAttempt({ op, variables, outcome });
    const list = outcome.kind === 'done' && outcome.userErrors.length === 0 ? (outcome.payload?.pickList as { id: string } | null) : null;
    if (list) navigate(`/pick/${encodeURIComponent(list.id)}`);
  };
  const start = (orderIds?: string[]) => {
    if (!orderIds) {
      try {
        localStorage.setItem(BATCH_KEY, String(batch()));
      } catch {
        // not remembered
      }
    }
    void send('createPickList', { ...(orderIds ? { orderIds } : { batchSize: batch() }), idempotencyKey: newIdempotencyKey() });
  };
  const take = (list: PickListSummary) => {
    const user = me();
    if (!user) return navigate(`/pick/${encodeURIComponent(list.id)}`);
    void send('assignPickList', { pickListId: list.id, assigneeId: user, idempotencyKey: newIdempotencyKey() });
  };

  return (
    <section class="page pick-home" data-testid="pick-home">
      <PageHead title={t('pick.title')} subtitle={t('pick.subtitle')} floorLink />
      <Guarded permission="picking" data-testid="pick-forbidden">
        <OfflineBanner result={lists} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />

        <Show when={params.order ? order.data?.order : undefined}>
          {(o) => (
            <article class="card pick-order" data-testid="pick-for-order" data-status={o().status}>
              <h2 class="card__title">
                {t('order.number', { number: o().number })} <StatusBadge status={o().status} />
              </h2>
              <CutoffBadge state={o().cutoffState} hint />
              <Switch fallback={<p class="muted">{t('pick.orderNotPickable')}</p>}>
                <Match when={o().status === 'CONFIRMED'}>
                  <button
                    type="button"
                    class="button button--primary button--wide button--tall"
                    data-testid="pick-start-order"
                    disabled={!!attempt() && !attempt()!.outcome}
                    onClick={() => start([o().id])}
                  >
                    {t('pick.startOrder', { number: o().number })}
                  </button>
                </Match>
                <Match when={o().status === 'PICKING' && listWithOrder()}>
                  {(list) => (
                    <A href={`/pick/${encodeURIComponent(list().id)}`} class="button button--primary button--wide button--tall" data-testid="pick-continue-order">
                      {t('pick.continueList', { number: list().number })}
                    </A>
                  )}
                </Match>
              </Switch>
            </article>
          )}
        </Show>

        <Show when={attempt()}>
          {(a) => <Outcome outcome={a().outcome} done={t('pick.started')} onRetry={() => void send(a().op, a().variables)} data-testid="pick-start-outcome" />}
        </Show>

        <Show when={myProgress()}>
          {(p) => (
            <p class="notice small" data-testid="pick-my-progress">
              {t('pick.todayMine', { picked: number(p().unitsPicked), total: number(p().unitsTotal), lists: number(p().lists) })}
            </p>
          )}
        </Show>

        <section class="card" aria-labelledby="new-list-title">
          <h2 id="new-list-title" class="card__title">
            {t('pick.newList')}
          </h2>
          <p class="muted" data-testid="pick-confirmed-count">
            {tn('pick.confirmedWaiting', confirmedCount())}
          </p>
          <Stepper label={t('pick.batchSize')} value={batch()} onChange={setBatch} min={1} max={50} data-testid="pick-batch" />
          <button
            type="button"
            class="button button--primary button--wide button--tall"
            data-testid="pick-start"
            disabled={(!!attempt() && !attempt()!.outcome) || (counts.data !== undefined && confirmedCount() === 0)}
            onClick={() => start()}
          >
            {t('pick.startBatch', { count: number(Math.min(batch(), Math.max(confirmedCount(), 1))) })}
          </button>
        </section>

        <h2 class="section-title">{t('pick.openLists')}</h2>
        <Switch>
          <Match when={sorted().length > 0}>
            <ul class="floor-list" data-testid="pick-lists">
              <For each={sorted()}>
                {(list) => (
                  <li class="floor-card" data-testid="pick-list" data-list-id={list.id} data-mine={String(list.assignee?.id === me())}>
                    <A href={`/pick/${encodeURIComponent(list.id)}`} class="floor-card__main">
                      <span class="floor-card__title">
                        {t('pick.listTitle', { number: list.number })}{' '}
                        <CutoffBadge
                          state={list.orders.some((o) => o.cutoffState === 'PAST') ? 'PAST' : list.orders.some((o) => o.cutoffState === 'SOON') ? 'SOON' : null}
                        />
                      </span>
                      <span class="muted small">
                        {tn('pick.ordersCount', list.orders.length)} ·{' '}
                        {list.assignee?.id === me()
                          ? t('pick.assignedToYou')
                          : (list.assignee?.name ?? (list.progress.unitsPicked + list.progress.unitsShort > 0 ? t('pick.unassignedStarted') : t('pick.unassigned')))}
                      </span>
                      <ProgressBar
                        value={list.progress.unitsPicked + list.progress.unitsShort}
                        max={list.progress.units}
                        label={t('pick.progress')}
                        text={t('pick.unitsDone', { done: number(list.progress.unitsPicked + list.progress.unitsShort), total: number(list.progress.units) })}
                      />
                    </A>
                    <Show when={!list.assignee}>
                      <button type="button" class="button button--small" data-testid="pick-take" onClick={() => take(list)}>
                        {t('pick.take')}
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Match>
          <Match when={lists.data}>
            <p class="muted" data-testid="pick-no-lists">
              {t('pick.noLists')}
            </p>
          </Match>
          <Match when={lists.error}>
            <StateMessage tone="error" icon="!" title={t('pick.error')} body={t('queue.error.network')} />
          </Match>
          <Match when={true}>
            <LoadingState />
          </Match>
        </Switch>
      </Guarded>
    </section>
  );
}
