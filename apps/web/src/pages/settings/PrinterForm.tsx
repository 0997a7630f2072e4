import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import type { UserError } from '../../graphql/types';
import { UserErrorList } from '../../components/UserErrors';
import { LABEL_SIZES, PRINT_STATIONS, type Printer, type PrintStation } from '../../lib/printers';

export interface PrinterFormValues {
  name: string;
  host: string;
  port: number;
  language: 'ZPL' | 'PDF';
  labelWidthMm: number;
  labelHeightMm: number;
  dpi: number;
  active: boolean;
  stations: PrintStation[];
}

/** Add or edit a printer (managers). Refusals come back as userErrors; the field they name is marked. */
export function PrinterForm(props: {
  printer?: Printer;
  errors: readonly UserError[];
  busy: boolean;
  onSave: (values: PrinterFormValues) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  // eslint-disable-next-line solid/reactivity -- the printer only pre-fills the form (it is keyed by the printer shown).
  const p = props.printer;
  const [name, setName] = createSignal(p?.name ?? '');
  const [host, setHost] = createSignal(p?.host ?? '');
  const [port, setPort] = createSignal(String(p?.port ?? 9100));
  const [language, setLanguage] = createSignal<'ZPL' | 'PDF'>(p?.language ?? 'ZPL');
  const [size, setSize] = createSignal(`${p?.labelWidthMm ?? 100}x${p?.labelHeightMm ?? 150}`);
  const [dpi, setDpi] = createSignal(p?.dpi ?? 203);
  const [active, setActive] = createSignal(p?.active ?? true);
  const [stations, setStations] = createSignal<PrintStation[]>([...(p?.stations ?? [])]);
  const sizes = () => {
    const all = LABEL_SIZES.map(([w, h]) => `${w}x${h}`);
    return all.includes(size()) ? all : [size(), ...all];
  };
  /** The userError about this input field, if any (the API names it by its path). */
  const invalid = (field: string) => props.errors.some((e) => e.field?.at(-1) === field);
  const id = (field: string) => `printer-${field}-${p?.id ?? 'new'}`;
  const submit = (e: Event) => {
    e.preventDefault();
    const [w, h] = size().split('x').map(Number);
    props.onSave({
      name: name(),
      host: host(),
      port: Number.parseInt(port(), 10) || 0,
      language: language(),
      labelWidthMm: w!,
      labelHeightMm: h!,
      dpi: dpi(),
      active: active(),
      stations: stations(),
    });
  };

  return (
    <form class="form printer-form" data-testid="printer-form" onSubmit={submit}>
      <div class="field">
        <label class="field__label" for={id('name')}>
          {t('printers.name')}
        </label>
        <input
          id={id('name')}
          class="field__control"
          classList={{ 'field__control--invalid': invalid('name') }}
          aria-invalid={invalid('name')}
          value={name()}
          maxlength={60}
          data-testid="printer-name"
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label class="field__label" for={id('host')}>
          {t('printers.host')}
        </label>
        <input
          id={id('host')}
          class="field__control mono"
          classList={{ 'field__control--invalid': invalid('host') }}
          aria-invalid={invalid('host')}
          aria-describedby={`${id('host')}-hint`}
          value={host()}
          inputmode="url"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          data-testid="printer-host"
          onInput={(e) => setHost(e.currentTarget.value)}
        />
        <span class="small muted" id={`${id('host')}-hint`}>
          {t('printers.hostHint')}
        </span>
      </div>
      <div class="field">
        <label class="field__label" for={id('port')}>
          {t('printers.port')}
        </label>
        <input
          id={id('port')}
          class="field__control mono printer-form__port"
          classList={{ 'field__control--invalid': invalid('port') }}
          aria-invalid={invalid('port')}
          inputmode="numeric"
          value={port()}
          data-testid="printer-port"
          onInput={(e) => setPort(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label class="field__label" for={id('language')}>
          {t('printers.language')}
        </label>
        <select
          id={id('language')}
          class="field__control"
          data-testid="printer-language"
          value={language()}
          onChange={(e) => setLanguage(e.currentTarget.value === 'PDF' ? 'PDF' : 'ZPL')}
        >
          <option value="ZPL">{t('printers.languageZpl')}</option>
          <option value="PDF">{t('printers.languagePdf')}</option>
        </select>
      </div>
      <div class="field">
        <label class="field__label" for={id('size')}>
          {t('printers.labelSize')}
        </label>
        <select
          id={id('size')}
          class="field__control"
          classList={{ 'field__control--invalid': invalid('labelWidthMm') || invalid('labelHeightMm') }}
          data-testid="printer-size"
          value={size()}
          onChange={(e) => setSize(e.currentTarget.value)}
        >
          <For each={sizes()}>{(s) => <option value={s}>{s.replace('x', ' × ')} mm</option>}</For>
        </select>
      </div>
      <Show when={language() === 'ZPL'}>
        <div class="field">
          <label class="field__label" for={id('dpi')}>
            {t('printers.dpi')}
          </label>
          <select id={id('dpi')} class="field__control" data-testid="printer-dpi" value={String(dpi())} onChange={(e) => setDpi(Number(e.currentTarget.value))}>
            <option value="203">203 dpi</option>
            <option value="300">300 dpi</option>
          </select>
        </div>
      </Show>
      <fieldset class="printer-form__group">
        <legend class="field__label">{t('printers.stations')}</legend>
        <For each={PRINT_STATIONS}>
          {(station) => (
            <label class="radio" classList={{ 'radio--checked': stations().includes(station) }}>
              <input
                type="checkbox"
                value={station}
                checked={stations().includes(station)}
                data-testid="printer-station"
                onChange={(e) => setStations((all) => (e.currentTarget.checked ? [...all, station] : all.filter((s) => s !== station)))}
              />
              <span>{t(`printers.station.${station}`)}</span>
            </label>
          )}
        </For>
      </fieldset>
      <label class="radio" classList={{ 'radio--checked': active() }}>
        <input type="checkbox" checked={active()} data-testid="printer-active" onChange={(e) => setActive(e.currentTarget.checked)} />
        <span>{t('printers.active')}</span>
      </label>
      <UserErrorList errors={props.errors} data-testid="printer-errors" />
      <div class="button-row">
        <button type="button" class="button" onClick={() => props.onCancel()}>
          {t('printers.cancel')}
        </button>
        <button type="submit" class="button button--primary" disabled={props.busy} data-testid="printer-save">
          {t('printers.save')}
        </button>
      </div>
    </form>
  );
}
