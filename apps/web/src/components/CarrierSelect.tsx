import { For } from 'solid-js';
import { useI18n } from '../i18n';
import { useCarrierName } from './carrierName';

/** The carrier a parcel's label or a hand-over act goes with: a labelled select of the carriers. */
export function CarrierSelect(props: {
  carriers: readonly { code: string; name: string }[];
  value: string;
  onChange: (code: string) => void;
  disabled?: boolean;
  'data-testid'?: string;
}) {
  const { t } = useI18n();
  const carrierName = useCarrierName();
  return (
    <label class="field">
      <span class="field__label">{t('pack.carrier')}</span>
      <select
        class="field__control"
        data-testid={props['data-testid']}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <For each={props.carriers}>{(c) => <option value={c.code}>{carrierName(c)}</option>}</For>
      </select>
    </label>
  );
}
