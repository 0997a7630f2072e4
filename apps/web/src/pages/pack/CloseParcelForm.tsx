import { createSignal, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { parseWeight, shrinkPhoto } from '../../lib/image';

export interface CloseInput {
  weightGrams: number;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
}

const UNIT_KEY = 'orderly.weightUnit';

function savedUnit(): 'g' | 'kg' {
  try {
    return localStorage.getItem(UNIT_KEY) === 'kg' ? 'kg' : 'g';
  } catch {
    return 'g';
  }
}

const toInt = (value: string) => {
  const n = Math.round(Number(value.trim().replace(',', '.')));
  return Number.isFinite(n) && n > 0 ? n : null;
};

/**
 * Seal the open parcel: weight from the scale (numeric keypad; grams or kilograms, remembered per
 * device), optional dimensions (pre-filled from the box), an optional photo (the camera opens
 * directly; uploaded as packing evidence), then close.
 */
export function CloseParcelForm(props: {
  parcelId: string;
  empty: boolean;
  dims: { lengthMm: number; widthMm: number; heightMm: number } | undefined;
  photoUrl: string | undefined;
  photoPending: boolean;
  hasPhoto: boolean;
  onPhoto: (file: File) => void;
  onClose: (input: CloseInput) => void;
}) {
  const { t, number } = useI18n();
  const [unit, setUnit] = createSignal<'g' | 'kg'>(savedUnit());
  const [weight, setWeight] = createSignal('');
  const [length, setLength] = createSignal<string>();
  const [width, setWidth] = createSignal<string>();
  const [height, setHeight] = createSignal<string>();
  const [invalid, setInvalid] = createSignal(false);
  const [preparing, setPreparing] = createSignal(false);
  const dim = (typed: string | undefined, preset: number | undefined) => (typed !== undefined ? typed : preset ? String(preset) : '');
  const grams = () => parseWeight(weight(), unit());

  const chooseUnit = (next: 'g' | 'kg') => {
    setUnit(next);
    try {
      localStorage.setItem(UNIT_KEY, next);
    } catch {
      // not remembered
    }
  };

  return (
    <form
      class="form close-parcel"
      data-testid="close-parcel"
      onSubmit={(event) => {
        event.preventDefault();
        const value = grams();
        if (!value || value > 100_000) return setInvalid(true);
        setInvalid(false);
        props.onClose({
          weightGrams: value,
          lengthMm: toInt(dim(length(), props.dims?.lengthMm)),
          widthMm: toInt(dim(width(), props.dims?.widthMm)),
          heightMm: toInt(dim(height(), props.dims?.heightMm)),
        });
      }}
    >
      <div class="field">
        <label class="field__label" for={`weight-${props.parcelId}`}>
          {t('pack.weight')}
        </label>
        <div class="weight">
          <input
            id={`weight-${props.parcelId}`}
            class="field__control weight__input"
            classList={{ 'field__control--invalid': invalid() }}
            type="text"
            inputmode="decimal"
            autocomplete="off"
            enterkeyhint="done"
            placeholder={unit() === 'kg' ? '0,45' : '450'}
            value={weight()}
            data-testid="parcel-weight"
            onInput={(e) => {
              setWeight(e.currentTarget.value);
              setInvalid(false);
            }}
          />
          <div class="segmented" role="group" aria-label={t('pack.weightUnit')}>
            <button type="button" class="segmented__item" aria-pressed={unit() === 'g'} data-testid="weight-unit-g" onClick={() => chooseUnit('g')}>
              {t('pack.grams')}
            </button>
            <button type="button" class="segmented__item" aria-pressed={unit() === 'kg'} data-testid="weight-unit-kg" onClick={() => chooseUnit('kg')}>
              {t('pack.kilograms')}
            </button>
          </div>
        </div>
        <Show when={grams()}>
          {(g) => (
            <span class="small muted" data-testid="parcel-weight-grams">
              = {number(g())} {t('pack.grams')}
            </span>
          )}
        </Show>
        <Show when={invalid()}>
          <span class="field__error" role="alert" data-testid="parcel-weight-invalid">
            {t('pack.weightInvalid')}
          </span>
        </Show>
      </div>
      <details class="dims">
        <summary>{t('pack.dims')}</summary>
        <div class="dims__fields">
          <label class="dims__field">
            <span class="small">{t('pack.length')}</span>
            <input
              class="field__control"
              inputmode="numeric"
              value={dim(length(), props.dims?.lengthMm)}
              data-testid="parcel-length"
              onInput={(e) => setLength(e.currentTarget.value)}
            />
          </label>
          <label class="dims__field">
            <span class="small">{t('pack.width')}</span>
            <input
              class="field__control"
              inputmode="numeric"
              value={dim(width(), props.dims?.widthMm)}
              data-testid="parcel-width"
              onInput={(e) => setWidth(e.currentTarget.value)}
            />
          </label>
          <label class="dims__field">
            <span class="small">{t('pack.height')}</span>
            <input
              class="field__control"
              inputmode="numeric"
              value={dim(height(), props.dims?.heightMm)}
              data-testid="parcel-height"
              onInput={(e) => setHeight(e.currentTarget.value)}
            />
          </label>
        </div>
        <span class="small muted">{t('pack.dimsHint')}</span>
      </details>
      <div class="photo">
        <label class="button photo__button" classList={{ 'photo__button--done': props.hasPhoto }}>
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" d="M4 8h3l2-3h6l2 3h3v11H4z M12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z" />
          </svg>
          {props.hasPhoto || props.photoUrl ? t('pack.photoAgain') : t('pack.photo')}
          <input
            class="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="parcel-photo"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (!file) return;
              setPreparing(true);
              const small = await shrinkPhoto(file);
              setPreparing(false);
              props.onPhoto(small);
            }}
          />
        </label>
        <Show when={props.photoUrl}>
          <img class="photo__thumb" src={props.photoUrl} alt={t('pack.photo')} data-testid="parcel-photo-thumb" data-pending={String(props.photoPending)} />
        </Show>
        <span class="small muted" data-testid="parcel-photo-state">
          {preparing() ? t('app.loading') : props.photoPending ? t('pack.photoPending') : props.hasPhoto ? t('pack.photoSaved') : ''}
        </span>
      </div>
      <button type="submit" class="button button--primary button--wide button--tall" data-testid="parcel-close" disabled={props.empty}>
        {t('pack.closeParcel')}
      </button>
    </form>
  );
}
