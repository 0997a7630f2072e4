import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { Sheet } from '../../components/Sheet';
import { CANCEL_REASONS, HOLD_REASONS, type CancelReason, type HoldReason } from '../../graphql/types';
import type { OrderDetailLine } from './orderDetail.graphql';

/** Place hold: why (required) and an optional note. */
export function HoldSheet(props: { onClose: () => void; onSubmit: (reason: HoldReason, note: string) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = createSignal<HoldReason>('AWAITING_BUYER');
  const [note, setNote] = createSignal('');
  return (
    <Sheet title={t('action.placeHold')} closeLabel={t('action.close')} onClose={props.onClose} data-testid="hold-sheet">
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit(reason(), note().trim());
        }}
      >
        <label class="field">
          <span class="field__label">{t('form.reason')}</span>
          <select class="field__control" data-testid="hold-reason" value={reason()} onChange={(e) => setReason(e.currentTarget.value as HoldReason)}>
            <For each={HOLD_REASONS}>{(r) => <option value={r}>{t(`holdReason.${r}`)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field__label">{t('form.note')}</span>
          <textarea class="field__control" rows="2" data-testid="hold-note" value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button button--primary button--wide" data-testid="hold-submit">
          {t('action.placeHold')}
        </button>
      </form>
    </Sheet>
  );
}

/** Cancel the order: reason + note, then an explicit "yes, cancel" step (it cannot be undone). */
export function CancelSheet(props: { orderLabel: string; onClose: () => void; onSubmit: (reason: CancelReason, note: string) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = createSignal<CancelReason>('BUYER_REQUEST');
  const [note, setNote] = createSignal('');
  const [confirming, setConfirming] = createSignal(false);
  return (
    <Sheet title={t('action.cancelOrder')} closeLabel={t('action.close')} onClose={props.onClose} data-testid="cancel-sheet">
      <Show
        when={confirming()}
        fallback={
          <form
            class="form"
            onSubmit={(event) => {
              event.preventDefault();
              setConfirming(true);
            }}
          >
            <label class="field">
              <span class="field__label">{t('form.reason')}</span>
              <select class="field__control" data-testid="cancel-reason" value={reason()} onChange={(e) => setReason(e.currentTarget.value as CancelReason)}>
                <For each={CANCEL_REASONS}>{(r) => <option value={r}>{t(`cancelReason.${r}`)}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span class="field__label">{t('form.note')}</span>
              <textarea class="field__control" rows="2" data-testid="cancel-note" value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
            <button type="submit" class="button button--danger button--wide" data-testid="cancel-next">
              {t('action.continue')}
            </button>
          </form>
        }
      >
        <div class="confirm" role="alertdialog" data-testid="cancel-confirm-step">
          <p class="confirm__text">{t('detail.cancelConfirm', { order: props.orderLabel })}</p>
          <p class="muted">
            {t(`cancelReason.${reason()}`)}
            {note().trim() ? ` — ${note().trim()}` : ''}
          </p>
          <div class="button-row">
            <button type="button" class="button" onClick={() => setConfirming(false)}>
              {t('action.back')}
            </button>
            <button type="button" class="button button--danger" data-testid="cancel-confirm" onClick={() => props.onSubmit(reason(), note().trim())}>
              {t('action.confirmCancel')}
            </button>
          </div>
        </div>
      </Show>
    </Sheet>
  );
}

/** Cancel some units of one line. */
export function CancelLineSheet(props: { line: OrderDetailLine; onClose: () => void; onSubmit: (quantity: number, reason: CancelReason, note: string) => void }) {
  const { t, number } = useI18n();
  const remaining = () => props.line.quantity - props.line.quantityCancelled;
  const [quantity, setQuantity] = createSignal(1);
  const [reason, setReason] = createSignal<CancelReason>('OUT_OF_STOCK');
  const [note, setNote] = createSignal('');
  const clamp = (value: number) => Math.max(1, Math.min(remaining(), Math.round(value) || 1));
  return (
    <Sheet title={t('action.cancelLine')} closeLabel={t('action.close')} onClose={props.onClose} data-testid="cancel-line-sheet">
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit(clamp(quantity()), reason(), note().trim());
        }}
      >
        <p class="sheet__subject">
          <span class="mono">{props.line.sku}</span> — {props.line.name}
        </p>
        <div class="field">
          <span class="field__label" id="cancel-line-qty">
            {t('detail.cancelUnits', { max: number(remaining()) })}
          </span>
          <div class="stepper" role="group" aria-labelledby="cancel-line-qty">
            <button type="button" class="button button--icon" aria-label={t('form.decrease')} onClick={() => setQuantity(clamp(quantity() - 1))}>
              −
            </button>
            <input
              class="stepper__value"
              type="number"
              inputmode="numeric"
              min="1"
              max={remaining()}
              value={quantity()}
              data-testid="cancel-line-quantity"
              onInput={(e) => setQuantity(clamp(Number(e.currentTarget.value)))}
            />
            <button type="button" class="button button--icon" aria-label={t('form.increase')} onClick={() => setQuantity(clamp(quantity() + 1))}>
              +
            </button>
          </div>
        </div>
        <label class="field">
          <span class="field__label">{t('form.reason')}</span>
          <select class="field__control" data-testid="cancel-line-reason" value={reason()} onChange={(e) => setReason(e.currentTarget.value as CancelReason)}>
            <For each={CANCEL_REASONS}>{(r) => <option value={r}>{t(`cancelReason.${r}`)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field__label">{t('form.note')}</span>
          <textarea class="field__control" rows="2" value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button button--danger button--wide" data-testid="cancel-line-submit">
          {t('action.cancelUnits', { count: number(clamp(quantity())) })}
        </button>
      </form>
    </Sheet>
  );
}
