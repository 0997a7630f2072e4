import type { Accessor, JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import type { CombinedError, TypedDocumentNode } from '@urql/core';
import type { Permission } from '../auth/viewer';
import { QueryPage } from './QueryPage';
import { StateMessage } from './StateMessage';

/**
 * One entity fetched with `node(id:)`: the query (cache, then network), the entity narrowed by a
 * field only its type has (`key`; null when the API answered without it: not found; undefined while
 * loading), and a refetch from the network.
 */
export function createNodeQuery<T>(query: TypedDocumentNode<{ node?: object | null }, { id: string }>, id: Accessor<string>, key: string) {
  const [result, reexecute] = createQuery({ query, variables: () => ({ id: id() }), requestPolicy: 'cache-and-network' });
  const entity = (): T | null | undefined => {
    const node = result.data?.node;
    return node && key in node ? (node as T) : result.data ? null : undefined;
  };
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  return { result, entity, refetch };
}

/** What a one-entity screen is, fixed per page (a module constant). */
export interface DetailShell {
  /** The section's class and test id. */
  class: string;
  testId: string;
  /** Prefixes the state test ids: `<part>-forbidden`, `-error`, `-loading`, `-not-found`. */
  part: string;
  permission: Permission;
  /** Where the back link goes; `backTestId` its test id. */
  back: string;
  backTestId?: string;
  /** The back link as a button under "not found" too (stations: back to the list to scan). */
  notFoundBack?: boolean;
}

/**
 * The shell of a one-entity screen (an order at a station, a return, a review, a problem): the
 * back link, then QueryPage (permission, offline banner, loading / error / not found).
 */
export function DetailPage<T>(props: {
  shell: DetailShell;
  backLabel: string;
  query: { result: { data?: unknown; error?: CombinedError; extensions?: Record<string, unknown> }; entity: Accessor<T | null | undefined>; refetch: () => void };
  errorTitle: string;
  notFoundTitle: string;
  children: (entity: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  const part = () => props.shell.part;
  return (
    <section class={props.shell.class} data-testid={props.shell.testId}>
      <A href={props.shell.back} class="back-link" data-testid={props.shell.backTestId}>
        ← {props.backLabel}
      </A>
      <QueryPage
        permission={props.shell.permission}
        forbiddenTestId={`${part()}-forbidden`}
        result={props.query.result}
        entity={props.query.entity()}
        onRetry={props.query.refetch}
        errorTitle={props.errorTitle}
        errorTestId={`${part()}-error`}
        loadingTestId={`${part()}-loading`}
        notFound={
          <StateMessage icon="?" title={props.notFoundTitle} data-testid={`${part()}-not-found`}>
            {props.shell.notFoundBack && (
              <A href={props.shell.back} class="button button--primary">
                {props.backLabel}
              </A>
            )}
          </StateMessage>
        }
      >
        {props.children}
      </QueryPage>
    </section>
  );
}
