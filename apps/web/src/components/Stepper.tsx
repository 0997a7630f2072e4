import { createUniqueId } from 'solid-js';
import { useI18n } from '../i18n';

/** − [ n ] + with 48 px buttons: units of a scan, a count. The field takes the numeric keypad. */
export function Stepper(props: { value: number; onChange: (value: number) => void; min?: number; max?: number; label: string; 'data-testid': string }) {
  const { t } = useI18n();
  const id = createUniqueId();
  const clamp = (value: number) => {
    const min = props.min ?? 1;
    const max = props.max ?? 10_000;
    return Math.min(max, Math.max(min, Math.round(value) || min));
  };
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {props.label}
      </label>
      <div class="stepper" role="group" aria-label={props.label}>
        <button
          type="button"
          class="button button--icon"
          aria-label={t('form.decrease')}
          data-testid={`${props['data-testid']}-minus`}
          disabled={props.value <= (props.min ?? 1)}
          onClick={() => props.onChange(clamp(props.value - 1))}
        >
          −
        </button>
        <input
          id={id}
          class="stepper__value"
          type="number"
          inputmode="numeric"
          min={props.min ?? 1}
          max={props.max}
          value={props.value}
          data-testid={props['data-testid']}
          onInput={(e) => {
            // Typed on the keypad: take it once it is a valid number (the field is fixed on blur).
            const typed = Number(e.currentTarget.value);
            if (Number.isInteger(typed) && typed >= (props.min ?? 1) && typed <= (props.max ?? 10_000)) props.onChange(typed);
          }}
          onChange={(e) => {
            const next = clamp(Number(e.currentTarget.value));
            e.currentTarget.value = String(next);
            props.onChange(next);
          }}
        />
        <button
          type="button"
          class="button button--icon"
          aria-label={t('form.increase')}
          data-testid={`${props['data-testid']}-plus`}
          disabled={props.max !== undefined && props.value >= props.max}
          onClick={() => props.onChange(clamp(props.value + 1))}
        >
          +
        </button>
      </div>
    </div>
  );
}
