import { createEffect, createSignal, For, Show } from 'solid-js';
import { useI18n, type TextKey } from '../../i18n';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import type { PackRequirements } from './pack.graphql';

/** What a requirement action came to: applied, queued (offline, sent later), or refused with the API's code. */
export type MarkingResult = { kind: 'ok' } | { kind: 'queued' } | { kind: 'refused'; code: string; message: string };

export interface DetailsInput {
  customsDeclaration?: string | null;
  noCustomsDeclaration?: boolean | null;
  countryOfOrigin?: string | null;
}

export interface MarkingCodesProps {
  posting: PackRequirements;
  /** The order's lines (for product names). */
  lines: { sku: string; name: string }[];
  /** Codes and details may still change (the posting is not shipped). */
  editable: boolean;
  onScan: (code: string, sku: string | null) => Promise<MarkingResult>;
  onRemove: (code: string) => Promise<MarkingResult>;
  onDetails: (sku: string, input: DetailsInput) => Promise<MarkingResult>;
}

type State = PackRequirements['requirementStates'][number];
type Item = State['items'][number];

const knownErrors = new Set(['INVALID_MARKING_CODE', 'DUPLICATE_MARKING_CODE', 'OVER_PACK', 'WRONG_ITEM', 'INVALID_INPUT']);

/**
 * What Ozon asks before it takes the posting, at the pack station: per product that needs
 * "Честный ЗНАК" marking, one slot per unit filled by scanning its DataMatrix code (refused codes
 * shown with Ozon's reason, removable); the customs declaration number (or "none") and the country
 * of origin where asked; what is still missing, in the floor's language.
 */
export function MarkingCodes(props: MarkingCodesProps) {
  const { t, number } = useI18n();
  const [chosen, setChosen] = createSignal<string | null>(null);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string; code?: string }>();

  const states = () => props.posting.requirementStates;
  const marking = () => states().find((s) => s.code === 'MARKING_CODES');
  const openMarked = () => (marking()?.items ?? []).filter((i) => i.missing > 0);
  const nameOf = (sku: string) => props.lines.find((l) => l.sku === sku)?.name ?? sku;
  const codesOf = (sku: string) => props.posting.markingCodes.filter((c) => c.sku === sku);
  const allMet = () => states().every((s) => !s.enforced || s.met);

  const say = (result: MarkingResult, ok: string) => {
    if (result.kind === 'refused') {
      const text = knownErrors.has(result.code) ? t(`marking.error.${result.code}` as TextKey) : t('marking.error.other', { message: result.message });
      setMessage({ kind: 'error', text, code: result.code });
    } else setMessage({ kind: 'ok', text: ok });
    return result.kind !== 'refused';
  };

  const onScan = async (raw: string): Promise<ScanVerdict> => {
    // Several marked products still open: the chosen one (the API finds it by GTIN otherwise).
    const sku = openMarked().length > 1 ? chosen() : null;
    const target = sku ?? openMarked()[0]?.sku ?? '';
    return say(await props.onScan(raw, sku), t('marking.scanned', { sku: target })) ? 'ok' : 'error';
  };

  const missingText = (state: State, item: Item) =>
    state.code === 'MARKING_CODES'
      ? t('marking.codesMissing', { sku: item.sku, count: number(item.missing) })
      : state.code === 'CUSTOMS_DECLARATION'
        ? t('marking.gtdMissing', { sku: item.sku })
        : state.enforced
          ? t('marking.countryMissing', { sku: item.sku })
          : t('marking.notHere', { sku: item.sku });

  return (
    <section class="card" aria-labelledby="marking-title" data-testid="marking-codes" data-met={allMet() ? 'true' : 'false'}>
      <h2 id="marking-title" class="card__title">
        {t('marking.title')}
      </h2>
      <Show
        when={!allMet()}
        fallback={
          <p class="small" data-testid="marking-all-met">
            ✓ {t('marking.allMet')}
          </p>
        }
      >
        <p class="small">{t('marking.missingSummary')}</p>
        <ul data-testid="marking-missing">
          <For each={states().flatMap((s) => s.items.filter((i) => i.missing > 0).map((i) => ({ s, i })))}>
            {({ s, i }) => (
              <li data-testid="marking-missing-item" data-code={s.code} data-sku={i.sku}>
                {missingText(s, i)}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.posting.exemplarStatus === 'ship_not_available'}>
        <p class="small" role="alert" data-testid="marking-ozon-refused">
          {t('marking.ozonRefused')}
        </p>
      </Show>

      <For each={marking()?.items ?? []}>
        {(item) => (
          <div class="field" data-testid="marking-product" data-sku={item.sku}>
            <span class="field__label">
              {t('marking.codes', { sku: item.sku, done: number(item.done), required: number(item.required) })}
              <span class="small muted"> {nameOf(item.sku)}</span>
            </span>
            <ol class="pack-lines">
              <For each={Array.from({ length: Math.max(item.required, codesOf(item.sku).length) }, (_, n) => n)}>
                {(n) => {
                  const code = () => codesOf(item.sku)[n];
                  const refused = () => (code()?.ozonErrors.length ?? 0) > 0;
                  return (
                    <li
                      class="pack-line"
                      classList={{ 'pack-line--done': !!code() && !refused() }}
                      data-testid="marking-unit"
                      data-sku={item.sku}
                      data-state={!code() ? 'waiting' : refused() ? 'refused' : 'scanned'}
                    >
                      <span class="pack-line__item">
                        <span>{t('marking.unit', { n: number(n + 1) })}</span>
                        <Show when={code()} fallback={<span class="small muted">{t('marking.unitWaiting')}</span>}>
                          {(c) => (
                            <span class="mono small">
                              {refused() ? '✗ ' : '✓ '}
                              {c().code}
                            </span>
                          )}
                        </Show>
                        <Show when={refused()}>
                          <span class="small" role="alert">
                            {t('marking.refused', { errors: code()!.ozonErrors.join(', ') })}
                          </span>
                        </Show>
                      </span>
                      <Show when={code() && props.editable}>
                        <button
                          type="button"
                          class="button"
                          style={{ 'min-height': '48px' }}
                          data-testid="marking-remove"
                          onClick={() => void props.onRemove(code()!.code).then((r) => say(r, t('marking.saved')))}
                        >
                          {t('marking.remove')}
                        </button>
                      </Show>
                    </li>
                  );
                }}
              </For>
            </ol>
          </div>
        )}
      </For>

      <Show when={props.editable && openMarked().length > 0}>
        <Show when={openMarked().length > 1}>
          <div class="field">
            <span class="field__label">{t('marking.forProduct')}</span>
            <div class="box-chooser" role="radiogroup" aria-label={t('marking.forProduct')}>
              <For each={openMarked()}>
                {(item) => (
                  <button
                    type="button"
                    role="radio"
                    class="box-chooser__item"
                    aria-checked={chosen() === item.sku}
                    data-testid="marking-product-choice"
                    data-sku={item.sku}
                    onClick={() => setChosen(item.sku)}
                  >
                    <strong>{item.sku}</strong>
                    <span class="small">{nameOf(item.sku)}</span>
                  </button>
                )}
              </For>
            </div>
          </div>
        </Show>
        <ScanInput label={t('marking.scanLabel')} placeholder={t('marking.scanPlaceholder')} onScan={onScan} data-testid="marking-scan" />
      </Show>
      <Show when={message()}>
        {(m) => (
          <p class="small" role={m().kind === 'error' ? 'alert' : 'status'} data-testid="marking-message" data-kind={m().kind} data-code={m().code ?? ''}>
            {m().text}
          </p>
        )}
      </Show>

      <For each={states().filter((s) => s.code !== 'MARKING_CODES' && s.enforced)}>
        {(state) => (
          <For each={state.items}>
            {(item) => (
              <DetailField
                state={state}
                item={item}
                editable={props.editable}
                onSave={(input) => props.onDetails(item.sku, input).then((r) => say(r, t('marking.saved')))}
              />
            )}
          </For>
        )}
      </For>
    </section>
  );
}

/** The customs declaration number (or "none") or the country of origin of one product. */
function DetailField(props: { state: State; item: Item; editable: boolean; onSave: (input: DetailsInput) => Promise<boolean> }) {
  const { t } = useI18n();
  const gtd = () => props.state.code === 'CUSTOMS_DECLARATION';
  const [value, setValue] = createSignal('');
  const [none, setNone] = createSignal(false);
  // What the API has (after a save or a reload) fills the field.
  createEffect(() => {
    const given = props.item.value;
    setValue(given && given !== 'none' ? given : '');
    setNone(given === 'none');
  });
  const id = () => `marking-${props.state.code}-${props.item.sku}`;
  const save = () =>
    void props.onSave(gtd() ? (none() ? { noCustomsDeclaration: true } : { customsDeclaration: value().trim() }) : { countryOfOrigin: value().trim().toUpperCase() });
  return (
    <form
      class="field"
      data-testid={gtd() ? 'marking-gtd' : 'marking-country'}
      data-sku={props.item.sku}
      data-done={props.item.missing === 0 ? 'true' : 'false'}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label class="field__label" for={id()}>
        {props.item.missing === 0 ? '✓ ' : ''}
        {gtd() ? t('marking.gtd', { sku: props.item.sku }) : t('marking.country', { sku: props.item.sku })}
      </label>
      <input
        id={id()}
        class="input"
        style={{ 'min-height': '48px' }}
        value={value()}
        disabled={!props.editable || (gtd() && none())}
        placeholder={gtd() ? t('marking.gtdPlaceholder') : t('marking.countryPlaceholder')}
        maxLength={gtd() ? 40 : 2}
        autocapitalize={gtd() ? 'off' : 'characters'}
        onInput={(e) => setValue(e.currentTarget.value)}
        data-testid="marking-detail-input"
      />
      <Show when={gtd()}>
        <label class="small" style={{ 'min-height': '48px', display: 'flex', 'align-items': 'center', gap: '8px' }}>
          <input type="checkbox" checked={none()} disabled={!props.editable} onChange={(e) => setNone(e.currentTarget.checked)} data-testid="marking-no-gtd" />
          {t('marking.noGtd')}
        </label>
      </Show>
      <Show when={props.editable}>
        <button type="submit" class="button" style={{ 'min-height': '48px' }} data-testid="marking-detail-save">
          {t('marking.save')}
        </button>
      </Show>
    </form>
  );
}
