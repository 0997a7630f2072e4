import { Match, Switch, type JSX } from 'solid-js';
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
  /** Test ids of the notices inside: `<part>-queued`, `<part>-failed`, `<part>-done` (default "outcome"). */
  part?: string;
  retryTestId?: string;
  'data-op'?: string;
  /** The screen has more to say about this answer (e.g. prices that changed): `children` instead of the refusal / done notice. */
  custom?: boolean;
  children?: JSX.Element;
}) {
  const { t } = useI18n();
  const part = () => props.part ?? 'outcome';
  const userErrors = (): UserError[] => (props.outcome?.kind === 'done' ? props.outcome.userErrors : []);
  return (
    <div
      class="outcome"
      data-testid={props['data-testid'] ?? 'outcome'}
      data-op={props['data-op']}
      data-kind={props.outcome?.kind ?? 'sending'}
      data-ok={String(props.outcome?.kind === 'done' && userErrors().length === 0)}
    >
      <Switch>
        <Match when={!props.outcome}>
          <div class="notice">
            <Spinner label={t('action.sending')} />
          </div>
        </Match>
        <Match when={props.outcome?.kind === 'queued'}>
          <div class="notice notice--pending" role="status" data-testid={`${part()}-queued`}>
            {t('detail.queued')}
          </div>
        </Match>
        <Match when={props.outcome?.kind === 'failed' && props.outcome}>
          {(failed) => (
            <div class="notice notice--error" role="alert" data-testid={`${part()}-failed`}>
              <p>{(failed() as { code?: string }).code === 'FORBIDDEN' ? t('error.forbidden') : t('detail.failed')}</p>
              <button type="button" class="button button--primary" data-testid={props.retryTestId} onClick={() => props.onRetry?.()}>
                {t('queue.error.retry')}
              </button>
            </div>
          )}
        </Match>
        <Match when={props.outcome?.kind === 'done' && props.custom}>{props.children}</Match>
        <Match when={userErrors().length > 0}>
          <UserErrorList errors={userErrors()} onReload={props.onReload} />
        </Match>
        <Match when={true}>
          <div class="notice notice--success" role="status" data-testid={`${part()}-done`}>
            ✓ {props.done}
          </div>
        </Match>
      </Switch>
    </div>
  );
}
