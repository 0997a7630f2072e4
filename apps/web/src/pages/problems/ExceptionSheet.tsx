import { Match, Switch } from 'solid-js';
import { useI18n } from '../../i18n';
import type { UserError } from '../../graphql/types';
import { NoteSheet, ResolveSheet } from './ExceptionSheets';
import { FileClaimSheet, UpdateClaimSheet } from './ClaimSheets';
import { ContactSheet } from './ContactSheet';
import { ReshipSheet } from './ReshipSheet';
import type { ExceptionDetail } from './exception.graphql';
import type { ExceptionOp, ExceptionSheetState } from './useExceptionActions';

const WAIT_KEYS = { WAITING_FOR_CARRIER: 'exception.waitCarrier', WAITING_FOR_BUYER: 'exception.waitBuyer', OPEN: 'exception.reopen' } as const;

/** The open action sheet of the exception screen: what its form sends. */
export function ExceptionSheet(props: {
  sheet: ExceptionSheetState;
  exception: ExceptionDetail;
  errors: readonly UserError[];
  busy: boolean;
  onClose: () => void;
  onSubmit: (op: ExceptionOp, variables: Record<string, unknown>) => void;
}) {
  const { t } = useI18n();
  const common = () => ({ errors: props.errors, busy: props.busy, onClose: props.onClose });
  const waitStatus = () => (props.sheet.kind === 'wait' ? props.sheet.status : undefined);
  const claim = () => (props.sheet.kind === 'claimUpdate' ? props.sheet.claim : undefined);
  const currency = () => props.exception.order.total.currency;
  return (
    <Switch>
      <Match when={waitStatus()}>
        {(status) => (
          <NoteSheet
            {...common()}
            title={t(WAIT_KEYS[status()])}
            submitLabel={t(WAIT_KEYS[status()])}
            testid="wait-sheet"
            onSubmit={(note) => props.onSubmit('updateException', { status: status(), note })}
          />
        )}
      </Match>
      <Match when={props.sheet.kind === 'resolve'}>
        <ResolveSheet {...common()} onSubmit={(resolution, note) => props.onSubmit('resolveException', { resolution, note })} />
      </Match>
      <Match when={props.sheet.kind === 'close'}>
        <NoteSheet
          {...common()}
          title={t('exception.close')}
          submitLabel={t('exception.close')}
          testid="close-sheet"
          danger
          onSubmit={(note) => props.onSubmit('closeException', { note })}
        />
      </Match>
      <Match when={props.sheet.kind === 'claim'}>
        <FileClaimSheet {...common()} currency={currency()} onSubmit={(variables) => props.onSubmit('fileClaim', variables)} />
      </Match>
      <Match when={claim()}>
        {(claim) => (
          <UpdateClaimSheet
            {...common()}
            claim={claim()}
            currency={currency()}
            onSubmit={(variables) => props.onSubmit('updateClaim', { claimId: claim().id, ...variables })}
          />
        )}
      </Match>
      <Match when={props.sheet.kind === 'reship'}>
        <ReshipSheet {...common()} lines={props.exception.order.lines} currency={currency()} onSubmit={(variables) => props.onSubmit('reshipOrder', { ...variables })} />
      </Match>
      <Match when={props.sheet.kind === 'contact'}>
        <ContactSheet {...common()} onSubmit={(template) => props.onSubmit('contactBuyer', { template })} />
      </Match>
    </Switch>
  );
}
