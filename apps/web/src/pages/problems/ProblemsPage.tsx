import { createMemo, For, Show } from 'solid-js';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { QueryPage } from '../../components/QueryPage';
import { StateMessage } from '../../components/StateMessage';
import { createLiveRefetch } from '../../graphql/live';
import { OrderQueueChangedSubscription } from '../../graphql/subscriptions';
import { createNow } from '../../lib/clock';
import { ProblemRow } from './ProblemRow';
import { PROBLEMS_PAGE, ProblemsQuery } from './problems.graphql';

/**
 * Problems (route /problems, for managers and support): the open delivery exceptions, the nearest
 * deadline first, each with its order, carrier, age and clocks. Refetched when orders change.
 */
export default function ProblemsPage() {
  const { t } = useI18n();
  const now = createNow(1000);
  const [result, reexecute] = createQuery({ query: ProblemsQuery, variables: { first: PROBLEMS_PAGE }, requestPolicy: 'cache-and-network' });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  createLiveRefetch(OrderQueueChangedSubscription, () => ({}), refetch, 500);
  const problems = createMemo(() => result.data?.exceptions.edges.map((e) => e.node));
  return (
    <section class="page problems" data-testid="problems-page">
      <div class="page-head">
        <div>
          <h1 class="page-title">{t('problems.title')}</h1>
          <p class="page-subtitle">{t('problems.subtitle')}</p>
        </div>
      </div>
      <QueryPage
        permission="exceptions:read"
        forbiddenTestId="problems-forbidden"
        result={result}
        entity={problems()}
        onRetry={refetch}
        errorTitle={t('problems.error')}
        errorTestId="problems-error"
        loadingTestId="problems-loading"
        notFound={null}
      >
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={<StateMessage icon="✓" title={t('problems.empty.title')} body={t('problems.empty.body')} data-testid="problems-empty" />}
          >
            <ul class="order-rows" data-testid="problems-list">
              <For each={list()}>{(problem) => <ProblemRow problem={problem} now={now()} />}</For>
            </ul>
            <Show when={result.data?.exceptions.pageInfo.hasNextPage}>
              <p class="muted">{t('problems.more', { count: PROBLEMS_PAGE })}</p>
            </Show>
          </Show>
        )}
      </QueryPage>
    </section>
  );
}
