import { Match, Show, Switch, type Accessor, type JSX } from 'solid-js';
import type { CombinedError } from '@urql/core';
import type { Permission } from '../auth/viewer';
import { Guarded } from './Guarded';
import { OfflineBanner } from './OfflineBanner';
import { LoadError, LoadingState } from './QueryStates';

/**
 * The frame every one-entity screen shares: the permission guard, the offline banner, and the
 * switch between the loaded entity, "not found", the load error and the spinner. The page only
 * writes what it shows for its entity.
 */
export function QueryPage<T>(props: {
  /** Without it the screen is open to every signed-in role. */
  permission?: Permission;
  forbiddenTestId?: string;
  result: { data?: unknown; error?: CombinedError; extensions?: Record<string, unknown> };
  /** The entity (null when the API answered without it: not found). */
  entity: T | null | undefined;
  onRetry: () => void;
  notFound: JSX.Element;
  errorTitle: string;
  errorTestId?: string;
  retryTestId?: string;
  loadingTestId?: string;
  children: (entity: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  const content = () => (
    <>
      <OfflineBanner result={props.result} onRetry={props.onRetry} />
      <Switch>
        <Match when={props.entity}>{(entity) => props.children(entity)}</Match>
        <Match when={props.result.data && !props.entity}>{props.notFound}</Match>
        <Match when={props.result.error}>
          {(error) => <LoadError title={props.errorTitle} error={error()} onRetry={props.onRetry} data-testid={props.errorTestId} retryTestId={props.retryTestId} />}
        </Match>
        <Match when={true}>
          <LoadingState data-testid={props.loadingTestId} />
        </Match>
      </Switch>
    </>
  );
  return (
    <Show when={props.permission} fallback={content()}>
      {(permission) => (
        <Guarded permission={permission()} data-testid={props.forbiddenTestId}>
          {content()}
        </Guarded>
      )}
    </Show>
  );
}
