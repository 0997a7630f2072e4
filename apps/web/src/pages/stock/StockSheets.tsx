import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { Sheet } from '../../components/Sheet';
import { ADJUST_REASONS, type AdjustReason, type StockLevel } from './stock.graphql';

function BinSelect(props: { level: StockLevel; value: string; onChange: (value: string) => void; testid: string; allowNew?: boolean }) {
  const { t } = useI18n();
  const listId = () => `bins-${props.testid}`;
  return (
    <label class="field">
      <span class="field__label">{t('stock.bin')}</span>
      <Show
        when={props.allowNew}
        fallback={
          <select class="field__control" data-testid={props.testid} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
            <option value="">{t('stock.noBin')}</option>
            <For each={props.level.bins}>{(bin) => <option value={bin.location.code}>{bin.location.code}</option>}</For>
          </select>
        }
      >
        <input
          class="field__control mono"
          list={listId()}
          data-testid={props.testid}
          value={props.value}
          autocapitalize="characters"
          placeholder={t('stock.binPlaceholder')}
          onInput={(e) => props.onChange(e.currentTarget.value.trim())}
        />
        <datalist id={listId()}>
          <For each={props.level.bins}>{(bin) => <option value={bin.location.code} />}</For>
        </datalist>
      </Show>
    </label>
  );
}

function Stepper(props: { value: number; onChange: (value: number) => void; min?: number; label: string; testid: string }) {
  const { t } = useI18n();
  const set = (value: number) => props.onChange(Math.max(props.min ?? -1_000_000, Math.round(value) || 0));
  return (
    <div class="field">
      <span class="field__label">{props.label}</span>
      <div class="stepper" role="group" aria-label={props.label}>
        <button type="button" class="button button--icon" aria-label={t('form.decrease')} data-testid={`${props.testid}-minus`} onClick={() => set(props.value - 1)}>
          −
        </button>
        <input
          class="stepper__value"
          type="number"
          inputmode="numeric"
          value={props.value}
          data-testid={props.testid}
          onInput={(e) => set(Number(e.currentTarget.value))}
        />
        <button type="button" class="button button--icon" aria-label={t('form.increase')} data-testid={`${props.testid}-plus`} onClick={() => set(props.value + 1)}>
          +
        </button>
      </div>
    </div>
  );
}

export interface AdjustInput {
  delta: number;
  reason: string;
  locationCode: string | null;
}

/** Correct the count: units to add or remove (±), why, which bin. */
export function AdjustSheet(props: { level: StockLevel; onClose: () => void; onSubmit: (input: AdjustInput) => void }) {
  const { t, number } = useI18n();
  const [delta, setDelta] = createSignal(-1);
  const [reason, setReason] = createSignal<AdjustReason>('COUNT');
  const [note, setNote] = createSignal('');
  // eslint-disable-next-line solid/reactivity -- the first bin only pre-fills the field.
  const [bin, setBin] = createSignal(props.level.bins[0]?.location.code ?? '');
  return (
    <Sheet title={t('stock.adjust')} closeLabel={t('action.close')} onClose={props.onClose} data-testid="adjust-sheet">
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (delta() === 0) return;
          props.onSubmit({ delta: delta(), reason: note().trim() ? `${reason()}: ${note().trim()}` : reason(), locationCode: bin() || null });
        }}
      >
        <Stepper label={t('stock.delta')} value={delta()} onChange={setDelta} testid="adjust-delta" />
        <p class="muted" data-testid="adjust-preview">
          {t('stock.onHandAfter', { before: number(props.level.onHand), after: number(props.level.onHand + delta()) })}
        </p>
        <label class="field">
          <span class="field__label">{t('form.reason')}</span>
          <select class="field__control" data-testid="adjust-reason" value={reason()} onChange={(e) => setReason(e.currentTarget.value as AdjustReason)}>
            <For each={ADJUST_REASONS}>{(r) => <option value={r}>{t(`adjustReason.${r}`)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field__label">{t('form.note')}</span>
          <input class="field__control" data-testid="adjust-note" value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <BinSelect level={props.level} value={bin()} onChange={setBin} testid="adjust-bin" />
        <button type="submit" class="button button--primary button--wide" data-testid="adjust-submit" disabled={delta() === 0}>
          {t('stock.adjustSubmit')}
        </button>
      </form>
    </Sheet>
  );
}

export interface ReceiveInput {
  quantity: number;
  locationCode: string | null;
  reference: string | null;
}

/** Goods arrived: how many, into which bin, delivery note. */
export function ReceiveSheet(props: { level: StockLevel; onClose: () => void; onSubmit: (input: ReceiveInput) => void }) {
  const { t } = useI18n();
  const [quantity, setQuantity] = createSignal(1);
  // eslint-disable-next-line solid/reactivity -- the first bin only pre-fills the field.
  const [bin, setBin] = createSignal(props.level.bins[0]?.location.code ?? '');
  const [reference, setReference] = createSignal('');
  return (
    <Sheet title={t('stock.receive')} closeLabel={t('action.close')} onClose={props.onClose} data-testid="receive-sheet">
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit({ quantity: quantity(), locationCode: bin() || null, reference: reference().trim() || null });
        }}
      >
        <Stepper label={t('stock.quantity')} value={quantity()} min={1} onChange={setQuantity} testid="receive-quantity" />
        <BinSelect level={props.level} value={bin()} onChange={setBin} testid="receive-bin" allowNew />
        <label class="field">
          <span class="field__label">{t('stock.reference')}</span>
          <input class="field__control" data-testid="receive-reference" value={reference()} onInput={(e) => setReference(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button button--primary button--wide" data-testid="receive-submit">
          {t('stock.receiveSubmit')}
        </button>
      </form>
    </Sheet>
  );
}
