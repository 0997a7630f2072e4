import { Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { isOpenException, type ExceptionStatus } from './problems.graphql';
import type { ExceptionSheetState } from './useExceptionActions';

/** What can be done about an open exception; each button opens its sheet. Nothing once it is resolved or closed. */
export function ExceptionActions(props: { status: ExceptionStatus; busy: boolean; onOpen: (sheet: ExceptionSheetState) => void }) {
  const { t } = useI18n();
  const Action = (action: { sheet: ExceptionSheetState; label: string; testid: string; primary?: boolean }) => (
    <button
      type="button"
      class={`button ${action.primary ? 'button--primary' : ''}`}
      data-testid={action.testid}
      disabled={props.busy}
      onClick={() => props.onOpen(action.sheet)}
    >
      {action.label}
    </button>
  );
  return (
    <Show when={isOpenException(props.status)}>
      <section class="card" aria-labelledby="exception-actions-title" data-testid="exception-actions">
        <h2 id="exception-actions-title" class="card__title">
          {t('exception.actions')}
        </h2>
        <div class="button-grid">
          <Show when={props.status !== 'WAITING_FOR_CARRIER'}>
            <Action sheet={{ kind: 'wait', status: 'WAITING_FOR_CARRIER' }} label={t('exception.waitCarrier')} testid="exception-wait-carrier" />
          </Show>
          <Show when={props.status !== 'WAITING_FOR_BUYER'}>
            <Action sheet={{ kind: 'wait', status: 'WAITING_FOR_BUYER' }} label={t('exception.waitBuyer')} testid="exception-wait-buyer" />
          </Show>
          <Show when={props.status !== 'OPEN'}>
            <Action sheet={{ kind: 'wait', status: 'OPEN' }} label={t('exception.reopen')} testid="exception-reopen" />
          </Show>
          <Action sheet={{ kind: 'claim' }} label={t('claim.file')} testid="exception-file-claim" />
          <Action sheet={{ kind: 'reship' }} label={t('reship.title')} testid="exception-reship" />
          <Action sheet={{ kind: 'contact' }} label={t('contact.title')} testid="exception-contact" />
          <Action sheet={{ kind: 'evidence' }} label={t('evidence.add')} testid="exception-add-evidence" />
          <Action sheet={{ kind: 'assign' }} label={t('exception.assign')} testid="exception-assign" />
          <Action sheet={{ kind: 'resolve' }} label={t('exception.resolve')} testid="exception-resolve" primary />
          <Action sheet={{ kind: 'close' }} label={t('exception.close')} testid="exception-close" />
        </div>
      </section>
    </Show>
  );
}
