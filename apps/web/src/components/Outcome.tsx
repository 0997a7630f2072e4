import { Match, Switch } from 'solid-js';
import { useI18n } from '../i18n';
import type { UserError } from '../graphql/types';
import type { SubmitOutcome } from '../offline/outbox';
import { Spinner } from './StateMessage';
import { UserErrorList } from './UserErrors';

/**
 * What became of an action sent through the outbox: sending, saved for later (offline), refused
 * (translated userErrors), a server failure (retry with the same key), or done.
 */
export function Outcome(props: {
  outcome: SubmitOutcome | undefined;
  done: string;
  onRetry?: () => void;
  onReload?: () => void;
  'data-testid'?: string;
}) {
  const { t } = useI18n();
  const userErrors = (): UserError[] => (props.outcome?.kind === 'done' ? props.outcome.userErrors : []);
  return (
    <div class="outcome" data-testid={props['data-testid'] ?? 'outcome'} data-kind={props.outcome?.kind ?? 'sending'} data-ok={String(props.outcome?.kind === 'done' && userErrors().length === 0)}>
      <Switch>
        <Match when={!props.outcome}>
          <div class="notice">
            <Spinner label={t('action.sending')} />
          </div>
        </Match>
        <Match when={props.outcome?.kind === 'queued'}>
          <div class="notice notice--pending" role="status" data-testid="outcome-queued">
            {t('detail.queued')}
          </div>
        </Match>
        <Match when={props.outcome?.kind === 'failed' && props.outcome}>
          {(failed) => (
            <div class="notice notice--error" role="alert" data-testid="outcome-failed">
              <p>{(failed() as { code?: string }).code === 'FORBIDDEN' ? t('error.forbidden') : t('detail.failed')}</p>
              <button type="button" class="button button--primary" onClick={() => props.onRetry?.()}>
                {t('queue.error.retry')}
              </button>
            </div>
          )}
        </Match>
        <Match when={userErrors().length > 0}>
          <UserErrorList errors={userErrors()} onReload={props.onReload} />
        </Match>
        <Match when={true}>
          <div class="notice notice--success" role="status" data-testid="outcome-done">
            ✓ {props.done}
          </div>
        </Match>
      </Switch>
    </div>
  );
}
