import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import type { ShipParcel, TrackingLink } from './ship.graphql';
import { CarrierName } from '../../components/carrierName';

/** One parcel's tracking numbers: type or scan one (Enter adds it), remove one. */
export function ParcelTracking(props: {
  parcel: ShipParcel;
  numbers: string[];
  autoFocus: boolean;
  onAdd: (value: string) => boolean;
  onRemove: (value: string) => void;
}) {
  const { t, number } = useI18n();
  let input: HTMLInputElement | undefined;
  const [invalid, setInvalid] = createSignal(false);
  const submit = () => {
    if (!input) return;
    const ok = props.onAdd(input.value);
    setInvalid(!ok && input.value.trim() !== '');
    if (ok) input.value = '';
    input.focus();
  };
  return (
    <article class="card" data-testid="ship-parcel" data-code={props.parcel.code}>
      <div class="parcel__head">
        <h2 class="card__title mono">{props.parcel.code}</h2>
        <span class="small muted">
          <CarrierName carrier={props.parcel.carrier} />
          {props.parcel.weightGrams ? ` · ${number(props.parcel.weightGrams)} ${t('pack.grams')}` : ''}
        </span>
      </div>
      <label class="field">
        <span class="field__label">{t('ship.trackingNumber')}</span>
        <span class="tracking-entry">
          <input
            ref={(el) => {
              input = el;
              if (props.autoFocus) queueMicrotask(() => el.focus({ preventScroll: true }));
            }}
            class="field__control mono"
            classList={{ 'field__control--invalid': invalid() }}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            enterkeyhint="done"
            placeholder={t('ship.trackingPlaceholder')}
            data-testid="tracking-input"
            data-scan-field
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                submit();
              }
            }}
          />
          <button type="button" class="button" data-testid="tracking-add" onClick={submit}>
            {t('ship.add')}
          </button>
        </span>
      </label>
      <Show when={invalid()}>
        <p class="field__error" role="alert">
          {t('ship.trackingInvalid')}
        </p>
      </Show>
      <ul class="chips-list" data-testid="tracking-numbers">
        <For each={props.numbers}>
          {(value) => (
            <li class="tracking-chip" data-testid="tracking-number">
              <span class="mono">{value}</span>
              <button
                type="button"
                class="button button--ghost button--small"
                aria-label={t('ship.removeNumber', { number: value })}
                onClick={() => props.onRemove(value)}
              >
                ✕
              </button>
            </li>
          )}
        </For>
      </ul>
    </article>
  );
}

/** The shipment's tracking numbers, linked to the carrier's tracking page where it has one. */
export function TrackingLinks(props: { title: string; carrier: string; links: TrackingLink[] }) {
  return (
    <div class="notice notice--success" role="status" data-testid="tracking-links">
      <p>
        ✓ {props.title} · {props.carrier}
      </p>
      <ul class="notice__list">
        <For each={props.links}>
          {(link) => (
            <li>
              <Show when={link.url} fallback={<span class="mono">{link.number}</span>}>
                {(url) => (
                  <a href={url()} target="_blank" rel="noopener" class="mono" data-testid="tracking-link">
                    {link.number}
                  </a>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
