import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { FieldError, errorsFor } from '../../components/FieldErrors';
import type { UserError } from '../../graphql/types';
import { FormSheet, NoteField } from '../problems/ExceptionSheets';
import { AmountField, parseAmount } from '../problems/AmountField';
import { REFUND_METHODS, type RefundMethod, type ReturnDetail, type ReturnOutcome } from './returns.graphql';

interface SheetProps {
  errors: readonly UserError[];
  busy: boolean;
  onClose: () => void;
}

/** Decline a requested return: why (required; the buyer is told). */
export function DeclineSheet(props: SheetProps & { onSubmit: (reason: string) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = createSignal('');
  const invalid = () => errorsFor(props.errors, 'reason').length > 0;
  return (
    <FormSheet
      {...props}
      title={t('returns.decline')}
      submitLabel={t('returns.decline')}
      testid="decline-sheet"
      danger
      fields={['reason']}
      onSubmit={() => props.onSubmit(reason().trim())}
    >
      <label class="field">
        <span class="field__label">{t('returns.declineReason')}</span>
        <textarea
          class="field__control"
          classList={{ 'field__control--invalid': invalid() }}
          rows="3"
          data-testid="decline-reason"
          value={reason()}
          aria-invalid={invalid()}
          aria-describedby={invalid() ? 'decline-reason-error' : undefined}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        <FieldError errors={props.errors} name="reason" id="decline-reason-error" />
      </label>
    </FormSheet>
  );
}

/** Cancel a return not received yet (the buyer withdrew it): an optional reason. */
export function CancelSheet(props: SheetProps & { onSubmit: (reason: string | null) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = createSignal('');
  return (
    <FormSheet
      {...props}
      title={t('returns.cancel')}
      submitLabel={t('returns.cancel')}
      testid="cancel-return-sheet"
      danger
      fields={['reason']}
      onSubmit={() => props.onSubmit(reason().trim() || null)}
    >
      <label class="field">
        <span class="field__label">{t('returns.cancelReason')}</span>
        <textarea class="field__control" rows="2" data-testid="cancel-return-reason" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
        <FieldError errors={props.errors} name="reason" id="cancel-return-reason-error" />
      </label>
    </FormSheet>
  );
}

/** The order's currency: refunds are in it. */
const currencyOf = (ret: ReturnDetail) => ret.order?.total.currency ?? ret.lines[0]?.unitPrice.currency ?? 'RUB';

/** How money went back to the buyer. */
function MethodField(props: { value: RefundMethod; onChange: (value: RefundMethod) => void; testid: string }) {
  const { t } = useI18n();
  return (
    <label class="field">
      <span class="field__label">{t('returns.refundMethod')}</span>
      <select class="field__control" data-testid={props.testid} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as RefundMethod)}>
        <For each={REFUND_METHODS}>{(method) => <option value={method}>{t(`refundMethod.${method}`)}</option>}</For>
      </select>
    </label>
  );
}

/** Record money given back (part of it, or what the marketplace refunded): amount, how, its reference, a note. */
export function RefundSheet(
  props: SheetProps & {
    ret: ReturnDetail;
    onSubmit: (variables: { amount: { minorUnits: number; currency: string }; method: RefundMethod; reference: string | null; note: string | null }) => void;
  },
) {
  const { t } = useI18n();
  const [amount, setAmount] = createSignal('');
  const [method, setMethod] = createSignal<RefundMethod>('ORIGINAL_PAYMENT');
  const [reference, setReference] = createSignal('');
  const [note, setNote] = createSignal('');
  const currency = () => currencyOf(props.ret);
  return (
    <FormSheet
      {...props}
      title={t('returns.recordRefund')}
      submitLabel={t('returns.recordRefund')}
      testid="refund-sheet"
      fields={['minorUnits', 'currency', 'method', 'reference', 'note']}
      onSubmit={() =>
        props.onSubmit({
          // Not a number: 0, which the API refuses at the amount field (INVALID_AMOUNT).
          amount: { minorUnits: parseAmount(amount(), currency()) ?? 0, currency: currency() },
          method: method(),
          reference: reference().trim() || null,
          note: note().trim() || null,
        })
      }
    >
      <AmountField
        label={t('returns.refundAmount')}
        currency={currency()}
        name="minorUnits"
        value={amount()}
        onInput={setAmount}
        errors={props.errors}
        testid="refund-amount"
        required
      />
      <MethodField value={method()} onChange={setMethod} testid="refund-method" />
      <label class="field">
        <span class="field__label">{t('returns.refundReference')}</span>
        <input class="field__control" autocomplete="off" data-testid="refund-reference" value={reference()} onInput={(e) => setReference(e.currentTarget.value)} />
      </label>
      <NoteField value={note()} onInput={setNote} errors={props.errors} testid="refund-note" />
    </FormSheet>
  );
}

/** Close a checked return: a refund (its amount, unless recorded already) or an exchange order, and a note. */
export function CloseSheet(
  props: SheetProps & {
    ret: ReturnDetail;
    onSubmit: (variables: { outcome: ReturnOutcome; refundAmount: number | null; refundMethod: RefundMethod | null; note: string | null }) => void;
  },
) {
  const { t, money } = useI18n();
  // eslint-disable-next-line solid/reactivity -- the buyer's wish is the starting choice; the manager may pick the other
  const [outcome, setOutcome] = createSignal<ReturnOutcome>(props.ret.requestedOutcome);
  const [amount, setAmount] = createSignal('');
  const [method, setMethod] = createSignal<RefundMethod>('ORIGINAL_PAYMENT');
  const [note, setNote] = createSignal('');
  const currency = () => currencyOf(props.ret);
  const paid = () => props.ret.lines.reduce((sum, line) => sum + line.unitPrice.minorUnits * line.quantity, 0);
  return (
    <FormSheet
      {...props}
      title={t('returns.close')}
      submitLabel={t('returns.close')}
      testid="close-return-sheet"
      fields={['outcome', 'refundAmount', 'note']}
      onSubmit={() =>
        props.onSubmit({
          outcome: outcome(),
          // Empty: the refunds were recorded already (recordRefund).
          refundAmount: outcome() === 'REFUND' && amount().trim() ? (parseAmount(amount(), currency()) ?? 0) : null,
          refundMethod: outcome() === 'REFUND' && amount().trim() ? method() : null,
          note: note().trim() || null,
        })
      }
    >
      <fieldset class="fieldset">
        <legend class="field__label">{t('returns.closeHow')}</legend>
        <div class="radio-list">
          <For each={['REFUND', 'EXCHANGE'] as const}>
            {(value) => (
              <label class="radio" classList={{ 'radio--checked': outcome() === value }}>
                <input type="radio" name="return-outcome" value={value} checked={outcome() === value} data-testid="close-outcome" onChange={() => setOutcome(value)} />
                {t(`returnOutcome.${value}`)}
              </label>
            )}
          </For>
        </div>
        <FieldError errors={props.errors} name="outcome" id="close-outcome-error" />
      </fieldset>
      <Show when={outcome() === 'REFUND'}>
        <AmountField
          label={t('returns.refundAmount')}
          currency={currency()}
          name="refundAmount"
          value={amount()}
          onInput={setAmount}
          errors={props.errors}
          testid="close-refund-amount"
        />
        <p class="hint">{t('returns.refundHint', { amount: money({ minorUnits: paid(), currency: currency() }) })}</p>
        <MethodField value={method()} onChange={setMethod} testid="close-refund-method" />
      </Show>
      <NoteField value={note()} onInput={setNote} errors={props.errors} testid="close-return-note" />
    </FormSheet>
  );
}
