import { createEffect, createMemo, createSignal, For, type JSX, Match, on, Show, Switch, untrack } from 'solid-js';
import { createQuery } from '@urql/solid';
import type { AnyVariables, TypedDocumentNode } from '@urql/core';
import { OfflineBanner } from './OfflineBanner';
import { LoadError, LoadingState } from './QueryStates';
import { Spinner, StateMessage } from './StateMessage';
import { useI18n } from '../i18n';

/** What a list query answers with: a Relay connection. */
export interface Connection<Row> {
  edges: readonly { node: Row }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

interface PagedListProps<Data, Vars extends AnyVariables, Row> {
  query: TypedDocumentNode<Data, Vars>;
  /** The variables of the page after `after` (null: the first page). */
  variables: (after: string | null) => Vars;
  connection: (data: Data) => Connection<Row> | undefined;
  /** Bumped by a live update: every page loaded is fetched again. */
  liveTick?: number;
  /**
   * Prefixes the test ids: `<testId>-list` (the list), `-error`, `-loading`, `-empty` (the first
   * page's states) and `-more` (the "Show more" button).
   */
  testId: string;
  errorTitle: string;
  emptyTitle: string;
  emptyBody?: string;
  moreLabel: string;
  /** Said under the last row when there is no more (`<testId>-end`). */
  endLabel?: string;
  /**
   * With these, a later page that fails or loads says so in the footer (`<testId>-more-error` with
   * `-more-retry`, `-loading-more`) instead of the first page's big error / spinner.
   */
  more?: { errorTitle: string; loadingLabel: string };
  children: (row: Row) => JSX.Element;
}

/**
 * A "Show more" list (returns, reviews, problems), newest first, a page at a time: each "Show more" adds a
 * page (its own query after the previous page's cursor), so no query grows past the API's cost
 * limit. The first page carries the offline banner and the loading / error / empty states.
 */
export function PagedList<Data, Vars extends AnyVariables, Row>(props: PagedListProps<Data, Vars, Row>) {
  const [cursors, setCursors] = createSignal<string[]>([]);
  const pages = createMemo<(string | null)[]>(() => [null, ...cursors()]);
  const loadAfter = (cursor: string) => {
    if (!cursors().includes(cursor)) setCursors([...cursors(), cursor]);
  };
  return (
    <div data-testid={`${props.testId}-list`} data-pages={pages().length}>
      <For each={pages()}>{(after, index) => <Page list={props} after={after} first={index() === 0} last={index() === pages().length - 1} onMore={loadAfter} />}</For>
    </div>
  );
}

function Page<Data, Vars extends AnyVariables, Row>(props: {
  list: PagedListProps<Data, Vars, Row>;
  after: string | null;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const [result, reexecute] = createQuery({
    // A list's query is fixed (only its variables change).
    query: untrack(() => props.list.query),
    variables: () => props.list.variables(props.after),
    requestPolicy: 'cache-and-network',
  });
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  createEffect(on(() => props.list.liveTick, retry, { defer: true }));
  const connection = () => (result.data ? props.list.connection(result.data) : undefined);
  const rows = () => connection()?.edges.map((edge) => edge.node) ?? [];
  const { t } = useI18n();
  const testId = () => props.list.testId;
  return (
    <>
      <Show when={props.first}>
        <OfflineBanner result={result} onRetry={retry} />
      </Show>
      <Switch>
        <Match when={!result.data && result.error}>
          {(error) => (
            <Show
              when={!props.first && props.list.more}
              fallback={<LoadError title={props.list.errorTitle} error={error()} onRetry={retry} data-testid={`${testId()}-error`} />}
            >
              {(more) => (
                <div class="list-footer" role="alert" data-testid={`${testId()}-more-error`}>
                  <p>{more().errorTitle}</p>
                  <button type="button" class="button" data-testid={`${testId()}-more-retry`} disabled={result.fetching} onClick={retry}>
                    {t('queue.error.retry')}
                  </button>
                </div>
              )}
            </Show>
          )}
        </Match>
        <Match when={!result.data}>
          <Show when={!props.first && props.list.more} fallback={<LoadingState data-testid={`${testId()}-loading`} />}>
            {(more) => (
              <div class="list-footer" data-testid={`${testId()}-loading-more`}>
                <Spinner label={more().loadingLabel} />
              </div>
            )}
          </Show>
        </Match>
        <Match when={props.first && rows().length === 0}>
          <StateMessage icon="✓" title={props.list.emptyTitle} body={props.list.emptyBody} data-testid={`${testId()}-empty`} />
        </Match>
      </Switch>
      <Show when={rows().length > 0}>
        <ul class="order-rows">
          <For each={rows()}>{(row) => props.list.children(row)}</For>
        </ul>
      </Show>
      <Show when={props.last && connection()?.pageInfo}>
        {(info) => (
          <Show
            when={info().hasNextPage && info().endCursor}
            fallback={
              <Show when={props.list.endLabel && (!props.first || rows().length > 0)}>
                <p class="list-end" data-testid={`${testId()}-end`}>
                  {props.list.endLabel}
                </p>
              </Show>
            }
          >
            {(cursor) => (
              <div class="list-footer">
                <button type="button" class="button button--wide" data-testid={`${testId()}-more`} onClick={() => props.onMore(cursor())}>
                  {props.list.moreLabel}
                </button>
              </div>
            )}
          </Show>
        )}
      </Show>
    </>
  );
}
