import { createMemo, createSignal, Show } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { Guarded } from '../../components/Guarded';
import { LoadError, LoadingState } from '../../components/QueryStates';
import { createLiveRefetch } from '../../graphql/live';
import { OrderQueueChangedSubscription } from '../../graphql/subscriptions';
import { createNow } from '../../lib/clock';
import { ProblemList } from './ProblemList';
import { UncollectedPickups } from './UncollectedPickups';
import { UNCOLLECTED_LIMIT, UncollectedPickupsQuery } from './problems.graphql';

type View = 'exceptions' | 'pickups';

/**
 * Problems (route /problems, for managers and support): the open delivery exceptions, the nearest
 * deadline first, each with its order, carrier, owner, age and clocks, a page at a time ("Show
 * more"); and (?view=pickups) the parcels nobody collected from their pickup point. Refetched when
 * orders change.
 */
export default function ProblemsPage() {
  const { t, number } = useI18n();
  const viewer = useViewer();
  const now = createNow(1000);
  const [params, setParams] = useSearchParams<{ view?: string }>();
  const canPickups = () => viewer.can('orders:read');
  const view = createMemo<View>(() => (params.view === 'pickups' && canPickups() ? 'pickups' : 'exceptions'));
  const select = (next: View) => setParams({ view: next === 'exceptions' ? undefined : next }, { replace: true });

  const [pickups, reexecutePickups] = createQuery({
    query: UncollectedPickupsQuery,
    variables: { first: UNCOLLECTED_LIMIT },
    requestPolicy: 'cache-and-network',
    pause: () => !canPickups() || !viewer.can('exceptions:read'),
  });
  const [liveTick, setLiveTick] = createSignal(0);
  const refetch = () => {
    setLiveTick((n) => n + 1);
    if (canPickups()) reexecutePickups({ requestPolicy: 'network-only' });
  };
  createLiveRefetch(OrderQueueChangedSubscription, () => ({}), refetch, 500);
  const pickupCount = () => pickups.data?.uncollectedPickups.length;

  const Chip = (chip: { view: View; label: string; count?: number; alert?: boolean }) => (
    <button
      type="button"
      class={`chip${chip.alert ? ' chip--alert' : ''}`}
      aria-pressed={view() === chip.view}
      data-testid="problems-view"
      data-view={chip.view}
      onClick={() => select(chip.view)}
    >
      <span class="chip__label">{chip.label}</span>
      <Show when={chip.count !== undefined}>
        {' '}
        <span class="chip__count" data-testid="problems-view-count">
          {number(chip.count ?? 0)}
        </span>
      </Show>
    </button>
  );

  return (
    <section class="page problems" data-testid="problems-page">
      <div class="page-head">
        <div>
          <h1 class="page-title">{t('problems.title')}</h1>
          <p class="page-subtitle">{view() === 'pickups' ? t('pickups.subtitle') : t('problems.subtitle')}</p>
        </div>
      </div>
      <Guarded permission="exceptions:read" data-testid="problems-forbidden">
        <Show when={canPickups()}>
          <div class="chips" role="group" aria-label={t('problems.viewLabel')} data-testid="problems-views">
            <Chip view="exceptions" label={t('problems.view.exceptions')} />
            <Chip view="pickups" label={t('problems.view.pickups')} count={pickupCount()} alert={(pickupCount() ?? 0) > 0} />
          </div>
        </Show>
        <Show when={view() === 'pickups'} fallback={<ProblemList now={now} liveTick={liveTick} />}>
          <Show
            when={pickups.data}
            fallback={
              <Show when={pickups.error} fallback={<LoadingState data-testid="pickups-loading" />}>
                {(error) => (
                  <LoadError title={t('pickups.error')} error={error()} onRetry={() => reexecutePickups({ requestPolicy: 'network-only' })} data-testid="pickups-error" />
                )}
              </Show>
            }
          >
            {(data) => <UncollectedPickups pickups={data().uncollectedPickups} now={now()} />}
          </Show>
        </Show>
      </Guarded>
    </section>
  );
}
