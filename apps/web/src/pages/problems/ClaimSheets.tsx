import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { FieldError } from '../../components/FieldErrors';
import { AmountField, parseAmount } from './AmountField';
import { FormSheet, NoteField } from './ExceptionSheets';
import type { ClaimStatus } from './problems.graphql';
import type { ExceptionClaim } from './exception.graphql';
import type { UserError } from '../../graphql/types';

interface SheetProps {
  currency: string;
  errors: readonly UserError[];
  busy: boolean;
  onClose: () => void;
}

/** File a claim with the carrier: the amount asked (required), the carrier's claim number, a note. */
export function FileClaimSheet(props: SheetProps & { onSubmit: (variables: { amount: number; reference: string | null; note: string | null }) => void }) {
  const { t } = useI18n();
  const [amount, setAmount] = createSignal('');
  const [reference, setReference] = createSignal('');
  const [note, setNote] = createSignal('');
  const [invalid, setInvalid] = createSignal(false);
  const errors = () => (invalid() ? [{ code: 'INVALID_AMOUNT', field: ['amount'], message: t('claim.amountInvalid') }, ...props.errors] : props.errors);
  return (
    <FormSheet
      {...props}
      errors={errors()}
      title={t('claim.file')}
      submitLabel={t('claim.file')}
      testid="claim-sheet"
      fields={['amount', 'reference', 'note']}
      onSubmit={() => {
        const minor = parseAmount(amount(), props.currency);
        setInvalid(minor === null);
        if (minor !== null) props.onSubmit({ amount: minor, reference: reference().trim() || null, note: note().trim() || null });
      }}
    >
      <AmountField
        label={t('claim.amount')}
        currency={props.currency}
        name="amount"
        value={amount()}
        onInput={setAmount}
        errors={errors()}
        testid="claim-amount"
        required
      />
      <label class="field">
        <span class="field__label">{t('claim.reference')}</span>
        <input class="field__control" autocomplete="off" data-testid="claim-reference" value={reference()} onInput={(e) => setReference(e.currentTarget.value)} />
        <FieldError errors={props.errors} name="reference" id="claim-reference-error" />
      </label>
      <NoteField value={note()} onInput={setNote} errors={props.errors} testid="claim-note" />
    </FormSheet>
  );
}

const DECISIONS: ClaimStatus[] = ['ACCEPTED', 'REJECTED', 'PAID'];

/** The carrier's answer to a claim: accepted, rejected, or paid (with the amount received). */
export function UpdateClaimSheet(
  props: SheetProps & { claim: ExceptionClaim; onSubmit: (variables: { status: ClaimStatus; amountPaid: number | null; note: string | null }) => void },
) {
  const { t } = useI18n();
  // eslint-disable-next-line solid/reactivity -- the claim's status only pre-fills the next step.
  const [status, setStatus] = createSignal<ClaimStatus>(props.claim.status === 'ACCEPTED' ? 'PAID' : 'ACCEPTED');
  const [paid, setPaid] = createSignal('');
  const [note, setNote] = createSignal('');
  return (
    <FormSheet
      {...props}
      title={t('claim.update')}
      submitLabel={t('claim.update')}
      testid="claim-update-sheet"
      fields={['status', 'amountPaid', 'note']}
      onSubmit={() => props.onSubmit({ status: status(), amountPaid: status() === 'PAID' ? parseAmount(paid(), props.currency) : null, note: note().trim() || null })}
    >
      <label class="field">
        <span class="field__label">{t('claim.status')}</span>
        <select class="field__control" data-testid="claim-status" value={status()} onChange={(e) => setStatus(e.currentTarget.value as ClaimStatus)}>
          <For each={DECISIONS}>{(s) => <option value={s}>{t(`claimStatus.${s}`)}</option>}</For>
        </select>
        <FieldError errors={props.errors} name="status" id="claim-status-error" />
      </label>
      <Show when={status() === 'PAID'}>
        <AmountField
          label={t('claim.amountPaid')}
          currency={props.currency}
          name="amountPaid"
          value={paid()}
          onInput={setPaid}
          errors={props.errors}
          testid="claim-paid"
          required
        />
      </Show>
      <NoteField value={note()} onInput={setNote} errors={props.errors} testid="claim-update-note" />
    </FormSheet>
  );
}
