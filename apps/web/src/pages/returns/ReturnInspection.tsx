import { createSignal, For, Index, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { FieldError, errorsFor } from '../../components/FieldErrors';
import { UserErrorList } from '../../components/UserErrors';
import type { UserError } from '../../graphql/types';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { productMatches } from '../../lib/scan';
import { ReturnPhotoButton } from './ReturnPhoto';
import { ITEM_CONDITIONS, type ItemCondition, type ReturnDetail, type ReturnLineData } from './returns.graphql';

export interface UnitCheck {
  returnLineId: string;
  condition: ItemCondition;
  locationCode: string | null;
  note: string | null;
}

/** The unit in hand: the line its scan matched and which of the line's units it is (1-based). */
export interface ScannedUnit {
  lineId: string;
  unit: number;
}

interface LinesProps {
  ret: ReturnDetail;
  /** The last scanned unit: its line shows the condition form until that unit is checked. */
  scanned: ScannedUnit | undefined;
  /** Checks of a line still in the outbox (offline): counted as done so nobody checks a unit twice. */
  pending: (lineId: string) => number;
  /** May check units now (the parcel was received and the user is a receiver). */
  canInspect: boolean;
  /** The refusals of the last check, shown at the line it was about. */
  errors: readonly UserError[];
  errorLine: string | undefined;
  busy: boolean;
  /** The bin of the last resellable unit: the next one usually goes into the same. */
  lastBin: string;
  onCheck: (check: UnitCheck) => void;
  /** May add photos (the parcel is here: received or checked). */
  canPhoto: boolean;
  onPhotoAdded: () => void;
}

/** The return's lines: what was checked so far (condition, bin), and for each unit still to check its form. */
export function ReturnLines(props: LinesProps) {
  const { t, tn } = useI18n();
  const photos = (lineId: string | null) => props.ret.photos.filter((photo) => (photo.returnLineId ?? null) === lineId).length;
  const PhotoCount = (count: { of: string | null }) => (
    <Show when={photos(count.of) > 0}>
      <p class="muted small" data-testid="return-photo-count">
        {tn('returns.photos', photos(count.of))}
      </p>
    </Show>
  );
  return (
    <section aria-labelledby="return-lines-title" data-testid="return-lines">
      <h2 id="return-lines-title" class="section-title">
        {t('returns.lines')}
      </h2>
      <PhotoCount of={null} />
      <Show when={props.canPhoto}>
        <ReturnPhotoButton returnId={props.ret.id} returnLineId={null} label={t('returns.photo.parcel')} onAdded={props.onPhotoAdded} testid="parcel-photo" />
      </Show>
      <ul class="plain-list">
        {/* By position, not by object: a reload (live update, a photo) keeps each unit's form as the worker left it. */}
        <Index each={props.ret.lines}>
          {(line) => {
            const done = () => line().quantityInspected + props.pending(line().id);
            return (
              <li class="card" data-testid="return-line" data-sku={line().sku} data-left={line().quantity - done()}>
                <div class="line__head">
                  <span class="line__sku">{line().sku}</span>
                  <span data-testid="return-line-checked">{t('returns.checked', { done: done(), total: line().quantity })}</span>
                </div>
                <p class="line__name">{line().name}</p>
                <Show when={props.pending(line().id) > 0}>
                  <p class="notice notice--pending">{t('detail.queued')}</p>
                </Show>
                <Show when={line().inspections.length > 0}>
                  <ul class="plain-list small">
                    <For each={line().inspections}>
                      {(inspection) => (
                        <li data-testid="return-inspection" data-condition={inspection.condition}>
                          {inspection.quantity} × {t(`itemCondition.${inspection.condition}`)}
                          <Show when={inspection.location}>{(bin) => <> {t('returns.toBin', { bin: bin().code })}</>}</Show>
                          <Show when={inspection.note}>{(note) => <span class="muted"> · {note()}</span>}</Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <PhotoCount of={line().id} />
                <Show when={props.canPhoto}>
                  <ReturnPhotoButton returnId={props.ret.id} returnLineId={line().id} label={t('returns.photo.add')} onAdded={props.onPhotoAdded} testid="unit-photo" />
                </Show>
                <Show when={props.canInspect && done() < line().quantity}>
                  {/* Keyed by the unit's number: a fresh form (no condition chosen) for each scanned unit. */}
                  <Show
                    when={props.scanned?.lineId === line().id && props.scanned.unit === done() + 1 && done() + 1}
                    keyed
                    fallback={
                      <button
                        type="button"
                        class="button button--ghost button--wide"
                        data-testid="unit-missing"
                        disabled={props.busy}
                        onClick={() => props.onCheck({ returnLineId: line().id, condition: 'MISSING', locationCode: null, note: null })}
                      >
                        {t('returns.missing')}
                      </button>
                    }
                  >
                    <UnitForm
                      line={line()}
                      errors={props.errorLine === line().id ? props.errors : []}
                      busy={props.busy}
                      lastBin={props.lastBin}
                      onCheck={props.onCheck}
                    />
                  </Show>
                </Show>
              </li>
            );
          }}
        </Index>
      </ul>
    </section>
  );
}

/**
 * One unit in hand: its condition (big choices), and for a resellable one the bin it goes back
 * into — the scanner types the bin's code into the field and its Enter saves the unit.
 */
function UnitForm(props: { line: ReturnLineData; errors: readonly UserError[]; busy: boolean; lastBin: string; onCheck: (check: UnitCheck) => void }) {
  const { t } = useI18n();
  const [condition, setCondition] = createSignal<ItemCondition>();
  // eslint-disable-next-line solid/reactivity -- the last bin is a starting value; the worker may scan another
  const [bin, setBin] = createSignal(props.lastBin);
  const [note, setNote] = createSignal('');
  const id = () => `unit-${props.line.id}`;
  const binInvalid = () => errorsFor(props.errors, 'locationCode').length > 0;
  const others = () => props.errors.filter((e) => errorsFor([e], 'locationCode').length === 0);
  return (
    <form
      class="form"
      data-testid="unit-form"
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = condition();
        if (!chosen) return;
        props.onCheck({ returnLineId: props.line.id, condition: chosen, locationCode: chosen === 'RESELLABLE' ? bin().trim() : null, note: note().trim() || null });
      }}
    >
      <fieldset class="fieldset">
        <legend class="field__label">{t('returns.conditionOf', { sku: props.line.sku })}</legend>
        <div class="radio-list">
          <For each={ITEM_CONDITIONS}>
            {(value) => (
              <label class="radio radio--tall" classList={{ 'radio--checked': condition() === value }}>
                <input
                  type="radio"
                  name={`${id()}-condition`}
                  value={value}
                  checked={condition() === value}
                  data-testid="unit-condition"
                  onChange={() => setCondition(value)}
                />
                {t(`itemCondition.${value}`)}
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <Show when={condition() === 'RESELLABLE'}>
        <label class="field">
          <span class="field__label">{t('returns.bin')}</span>
          <input
            class="field__control"
            classList={{ 'field__control--invalid': binInvalid() }}
            placeholder={t('returns.binPlaceholder')}
            autocomplete="off"
            autocapitalize="characters"
            enterkeyhint="done"
            data-testid="unit-bin"
            // The bin's scan is this field's own: the page's unit scan does not take it.
            data-scan-field
            value={bin()}
            aria-invalid={binInvalid()}
            aria-describedby={binInvalid() ? `${id()}-bin-error` : undefined}
            onInput={(e) => setBin(e.currentTarget.value)}
            ref={(el) => queueMicrotask(() => el.focus())}
          />
          <FieldError errors={props.errors} name="locationCode" id={`${id()}-bin-error`} />
        </label>
      </Show>
      <Show when={condition() && condition() !== 'RESELLABLE'}>
        <label class="field">
          <span class="field__label">{t('returns.note')}</span>
          <input class="field__control" autocomplete="off" data-testid="unit-note" value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
      </Show>
      <UserErrorList errors={others()} data-testid="unit-errors" />
      <button type="submit" class="button button--primary button--wide button--tall" data-testid="unit-save" disabled={!condition() || props.busy}>
        {t('returns.save')}
      </button>
    </form>
  );
}

/**
 * Scan-first checking: the receiver scans each unit (a barcode or the SKU); the line it belongs to
 * opens its condition form. A code of no line, or of a line whose units are all checked (an extra
 * unit), is refused in red and nothing opens.
 */
export function UnitScan(props: { ret: ReturnDetail; done: (lineId: string) => number; onScanned: (unit: ScannedUnit) => void }) {
  const { t } = useI18n();
  const [notice, setNotice] = createSignal<ScanNotice>();
  const onScan = (code: string): ScanVerdict => {
    const matching = props.ret.lines.filter((line) => productMatches(code, { sku: line.sku, barcodes: line.orderLine?.product?.barcodes ?? [] }));
    const open = matching.find((line) => props.done(line.id) < line.quantity);
    if (open) {
      props.onScanned({ lineId: open.id, unit: props.done(open.id) + 1 });
      setNotice({ kind: 'ok', text: t('returns.unitFound', { sku: open.sku }), code });
      return 'ok';
    }
    const extra = matching[0];
    setNotice({
      kind: 'error',
      code: extra ? 'EXTRA_UNIT' : 'NOT_IN_RETURN',
      text: extra ? t('returns.unitExtra', { sku: extra.sku, total: extra.quantity }) : t('returns.unitNotInReturn', { code }),
      next: t('returns.unitAside'),
    });
    return 'error';
  };
  return (
    <>
      <p class="hint">{t('returns.scanUnitHint')}</p>
      <ScanInput label={t('returns.scanUnit')} placeholder={t('returns.scanUnitPlaceholder')} captureKeys dock onScan={onScan} data-testid="unit-scan" />
      <ScanMessage notice={notice()} data-testid="unit-scan-notice" />
    </>
  );
}
