import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import type { UserError } from '../../graphql/types';
import { UserErrorList } from '../../components/UserErrors';
import { FormField } from '../../components/FormField';
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
      <FormField id={id('name')} label={t('printers.name')} invalid={invalid('name')}>
        {(control) => <input {...control} value={name()} maxlength={60} data-testid="printer-name" onInput={(e) => setName(e.currentTarget.value)} />}
      </FormField>
      <FormField id={id('host')} label={t('printers.host')} hint={t('printers.hostHint')} invalid={invalid('host')} controlClass="mono">
        {(control) => (
          <input
            {...control}
            value={host()}
            inputmode="url"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            data-testid="printer-host"
            onInput={(e) => setHost(e.currentTarget.value)}
          />
        )}
      </FormField>
      <FormField id={id('port')} label={t('printers.port')} invalid={invalid('port')} controlClass="mono printer-form__port">
        {(control) => <input {...control} inputmode="numeric" value={port()} data-testid="printer-port" onInput={(e) => setPort(e.currentTarget.value)} />}
      </FormField>
      <FormField id={id('language')} label={t('printers.language')}>
        {(control) => (
          <select {...control} data-testid="printer-language" value={language()} onChange={(e) => setLanguage(e.currentTarget.value === 'PDF' ? 'PDF' : 'ZPL')}>
            <option value="ZPL">{t('printers.languageZpl')}</option>
            <option value="PDF">{t('printers.languagePdf')}</option>
          </select>
        )}
      </FormField>
      <FormField id={id('size')} label={t('printers.labelSize')} invalid={invalid('labelWidthMm') || invalid('labelHeightMm')}>
        {(control) => (
          // Not spread: a spread sets `value` before the options below exist, and the choice is lost.
          <select
            id={control.id}
            class={control.class}
            classList={control.classList}
            aria-invalid={control['aria-invalid']}
            aria-describedby={control['aria-describedby']}
            data-testid="printer-size"
            value={size()}
            onChange={(e) => setSize(e.currentTarget.value)}
          >
            <For each={sizes()}>{(s) => <option value={s}>{s.replace('x', ' × ')} mm</option>}</For>
          </select>
        )}
      </FormField>
      <Show when={language() === 'ZPL'}>
        <FormField id={id('dpi')} label={t('printers.dpi')}>
          {(control) => (
            <select {...control} data-testid="printer-dpi" value={String(dpi())} onChange={(e) => setDpi(Number(e.currentTarget.value))}>
              <option value="203">203 dpi</option>
              <option value="300">300 dpi</option>
            </select>
          )}
        </FormField>
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
