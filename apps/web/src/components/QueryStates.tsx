import type { CombinedError } from '@urql/core';
import { useI18n } from '../i18n';
import { isConnectionError } from '../graphql/client';
import { Spinner, StateMessage } from './StateMessage';

/** A page's query still loading: the centred spinner. */
export function LoadingState(props: { 'data-testid'?: string }) {
  const { t } = useI18n();
  return (
    <div class="route-loading" data-testid={props['data-testid']}>
      <Spinner label={t('app.loading')} />
    </div>
  );
}

/**
 * A page's query failed: the error block with a retry button. With `error`, the body tells a
 * connection failure from the API answering with an error; otherwise `body` (default: network).
 */
export function LoadError(props: { title: string; error?: CombinedError; body?: string; onRetry: () => void; 'data-testid'?: string; retryTestId?: string }) {
  const { t } = useI18n();
  const body = () => props.body ?? (props.error && !isConnectionError(props.error) ? t('queue.error.server') : t('queue.error.network'));
  return (
    <StateMessage tone="error" icon="!" title={props.title} body={body()} data-testid={props['data-testid']}>
      <button type="button" class="button button--primary" data-testid={props.retryTestId} onClick={() => props.onRetry()}>
        {t('queue.error.retry')}
      </button>
    </StateMessage>
  );
}
