import { For, type JSX, Match, Show, Switch } from 'solid-js';
import type { CombinedError } from '@urql/solid';
import { OfflineBanner } from './OfflineBanner';
import { LoadError, LoadingState } from './QueryStates';
import { StateMessage } from './StateMessage';

/**
 * One fetched page of a "Show more" list (returns, reviews): the offline banner and the
 * loading / error / empty states on the first page, its rows, and the "Show more" button on the
 * last. `testId` prefixes the states' test ids (`<testId>-error`, `-loading`, `-empty`, `-more`).
 */
export function ListChunk<Row>(props: {
  result: { data?: unknown; error?: CombinedError; extensions?: Record<string, unknown> };
  onRetry: () => void;
  rows: Row[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
  testId: string;
  errorTitle: string;
  emptyTitle: string;
  moreLabel: string;
  children: (row: Row) => JSX.Element;
}) {
  return (
    <>
      <Show when={props.first}>
        <OfflineBanner result={props.result} onRetry={props.onRetry} />
      </Show>
      <Switch>
        <Match when={!props.result.data && props.result.error}>
          {(error) => <LoadError title={props.errorTitle} error={error()} onRetry={props.onRetry} data-testid={`${props.testId}-error`} />}
        </Match>
        <Match when={!props.result.data}>
          <LoadingState data-testid={`${props.testId}-loading`} />
        </Match>
        <Match when={props.first && props.rows.length === 0}>
          <StateMessage icon="✓" title={props.emptyTitle} data-testid={`${props.testId}-empty`} />
        </Match>
      </Switch>
      <Show when={props.rows.length > 0}>
        <ul class="order-rows">
          <For each={props.rows}>{(row) => props.children(row)}</For>
        </ul>
      </Show>
      <Show when={props.last && props.pageInfo?.hasNextPage && props.pageInfo.endCursor}>
        {(cursor) => (
          <div class="list-footer">
            <button type="button" class="button button--wide" data-testid={`${props.testId}-more`} onClick={() => props.onMore(cursor())}>
              {props.moreLabel}
            </button>
          </div>
        )}
      </Show>
    </>
  );
}
