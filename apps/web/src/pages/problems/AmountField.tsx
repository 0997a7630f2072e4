import { FieldError, errorsFor } from '../../components/FieldErrors';
import type { UserError } from '../../graphql/types';

/** Digits after the decimal point of a currency (RUB, CNY: 2). */
const fractionDigits = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** GraphQL's Int: an amount beyond it is no amount. */
const MAX_INT = 2_147_483_647;

/** "1 234,50" → minor units of `currency` (123450); null when it is not a number. The API judges the range. */
export function parseAmount(text: string, currency: string): number | null {
  const value = Number(text.replace(/[\s\u00a0]/g, '').replace(',', '.'));
  const minor = Math.round(value * 10 ** fractionDigits(currency));
  return text.trim() && Number.isFinite(value) && Math.abs(minor) <= MAX_INT ? minor : null;
}

/** A money input in the order's currency; its refusals (by field `name`) under it. */
export function AmountField(props: {
  label: string;
  currency: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  errors: readonly UserError[];
  testid: string;
  required?: boolean;
}) {
  const errorId = () => `${props.testid}-error`;
  const invalid = () => errorsFor(props.errors, props.name).length > 0;
  return (
    <label class="field">
      <span class="field__label">
        {props.label} ({props.currency})
      </span>
      <input
        class="field__control"
        classList={{ 'field__control--invalid': invalid() }}
        inputmode="decimal"
        autocomplete="off"
        required={props.required}
        data-testid={props.testid}
        value={props.value}
        aria-invalid={invalid()}
        aria-describedby={invalid() ? errorId() : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <FieldError errors={props.errors} name={props.name} id={errorId()} />
    </label>
  );
}
