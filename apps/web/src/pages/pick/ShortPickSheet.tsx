import { createSignal, For } from 'solid-js';
import { useI18n } from '../../i18n';
import { Sheet } from '../../components/Sheet';
import { SHORT_PICK_RESOLUTIONS, type ShortPickResolution } from './pick.graphql';

/** The item is not (all) at the bin: take the rest from another bin, or hold the order. */
export function ShortPickSheet(props: {
  sku: string;
  name: string;
  bin: string | null;
  missing: number;
  onClose: () => void;
  onSubmit: (resolution: ShortPickResolution, note: string) => void;
}) {
  const { t, number } = useI18n();
  const [resolution, setResolution] = createSignal<ShortPickResolution>('OTHER_BIN');
  const [note, setNote] = createSignal('');
  return (
    <Sheet title={t('pick.short.title')} closeLabel={t('action.close')} onClose={props.onClose} data-testid="short-sheet">
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit(resolution(), note().trim());
        }}
      >
        <p class="sheet__subject">
          <strong>{props.name}</strong> <span class="mono muted">{props.sku}</span>
          <br />
          {t('pick.short.missing', { count: number(props.missing), bin: props.bin ?? '—' })}
        </p>
        <div class="radio-list" role="radiogroup" aria-label={t('pick.short.what')}>
          <For each={SHORT_PICK_RESOLUTIONS}>
            {(value) => (
              <label class="radio radio--tall" classList={{ 'radio--checked': resolution() === value }}>
                <input
                  type="radio"
                  name="resolution"
                  value={value}
                  checked={resolution() === value}
                  data-testid="short-resolution"
                  onChange={() => setResolution(value)}
                />
                <span>
                  <strong>{t(`pick.short.${value}`)}</strong>
                  <br />
                  <span class="small muted">{t(`pick.short.${value}.hint`)}</span>
                </span>
              </label>
            )}
          </For>
        </div>
        <label class="field">
          <span class="field__label">{t('form.note')}</span>
          <input class="field__control" data-testid="short-note" value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button button--danger button--wide" data-testid="short-submit">
          {t('pick.short.submit')}
        </button>
      </form>
    </Sheet>
  );
}
