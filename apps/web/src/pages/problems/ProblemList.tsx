import { createEffect, createMemo, createSignal, For, Match, on, Show, Switch, type Accessor } from 'solid-js';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { OfflineBanner } from '../../components/OfflineBanner';
import { LoadError, LoadingState } from '../../components/QueryStates';
import { Spinner, StateMessage } from '../../components/StateMessage';
import { ProblemRow } from './ProblemRow';
import { PROBLEMS_PAGE, ProblemsQuery, type ProblemsVariables } from './problems.graphql';

interface ListProps {
  now: Accessor<Date>;
  /** Changes when live updates say orders changed: every loaded page refetches in place. */
  liveTick: Accessor<number>;
}

/**
 * The open exceptions as a sequence of pages of PROBLEMS_PAGE: the first page, plus one per "Show
 * more" (its cursor is the previous page's endCursor). Each page is its own query, so none grows
 * past the API's cost limit, and each is cached and refetched on its own.
 */
export function ProblemList(props: ListProps) {
  const [cursors, setCursors] = createSignal<string[]>([]);
  const pages = createMemo<(string | null)[]>(() => [null, ...cursors()]);
  const loadAfter = (cursor: string) => {
    if (!cursors().includes(cursor)) setCursors([...cursors(), cursor]);
  };
  return (
    <div data-testid="problems-list" data-pages={pages().length}>
      <For each={pages()}>
        {(after, index) => <ProblemPage {...props} after={after} first={index() === 0} last={index() === pages().length - 1} onLoadMore={loadAfter} />}
      </For>
    </div>
  );
}

function ProblemPage(props: ListProps & { after: string | null; first: boolean; last: boolean; onLoadMore: (cursor: string) => void }) {
  const { t } = useI18n();
  // One component per loaded page (keyed by its cursor): its query is fixed when it mounts.
  /* eslint-disable solid/reactivity */
  const variables: ProblemsVariables = { first: PROBLEMS_PAGE };
  if (props.after) variables.after = props.after;
  const [result, reexecute] = createQuery({ query: ProblemsQuery, variables, requestPolicy: 'cache-and-network' });
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  createEffect(on(props.liveTick, retry, { defer: true }));
  /* eslint-enable solid/reactivity */
  const connection = () => result.data?.exceptions;
  const rows = () => connection()?.edges.map((e) => e.node) ?? [];

  return (
    <>
      <Show when={props.first}>
        <OfflineBanner result={result} onRetry={retry} />
      </Show>
      <Switch>
        <Match when={!result.data && result.error}>
          {(error) =>
            props.first ? (
              <LoadError title={t('problems.error')} error={error()} onRetry={retry} data-testid="problems-error" />
            ) : (
              <div class="list-footer" role="alert" data-testid="problems-more-error">
                <p>{t('problems.moreError')}</p>
                <button type="button" class="button" data-testid="problems-more-retry" disabled={result.fetching} onClick={retry}>
                  {t('queue.error.retry')}
                </button>
              </div>
            )
          }
        </Match>
        <Match when={!result.data}>
          {props.first ? (
            <LoadingState data-testid="problems-loading" />
          ) : (
            <div class="list-footer" data-testid="problems-loading-more">
              <Spinner label={t('problems.loadingMore')} />
            </div>
          )}
        </Match>
        <Match when={props.first && rows().length === 0}>
          <StateMessage icon="✓" title={t('problems.empty.title')} body={t('problems.empty.body')} data-testid="problems-empty" />
        </Match>
      </Switch>
      <Show when={rows().length > 0}>
        <ul class="order-rows">
          <For each={rows()}>{(problem) => <ProblemRow problem={problem} now={props.now()} />}</For>
        </ul>
      </Show>
      <Show when={props.last && connection()?.pageInfo}>
        {(info) => (
          <Show
            when={info().hasNextPage && info().endCursor}
            fallback={
              <Show when={!props.first || rows().length > 0}>
                <p class="list-end" data-testid="problems-end">
                  {t('problems.end')}
                </p>
              </Show>
            }
          >
            {(cursor) => (
              <div class="list-footer">
                <button type="button" class="button button--wide" data-testid="problems-more" onClick={() => props.onLoadMore(cursor())}>
                  {t('problems.showMore')}
                </button>
              </div>
            )}
          </Show>
        )}
      </Show>
    </>
  );
}
