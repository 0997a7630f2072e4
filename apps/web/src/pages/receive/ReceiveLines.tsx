import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { lineSku, type ReceiveLine } from './receive.graphql';
import type { ReceiveCount } from './useReceiveCount';

/** "− 1" on a counted line: a mistaken scan taken back (48 px, named for screen readers). */
function TakeOne(props: { label: string; onClick: () => void; testid: string }) {
  return (
    <button type="button" class="button button--icon" aria-label={props.label} title={props.label} data-testid={props.testid} onClick={() => props.onClick()}>
      −
    </button>
  );
}

/**
 * The PO's lines as the worker counts them: the units counted now (big), what was ordered, received
 * and is still expected (queued receipts included), a mark when the count goes past the order; then
 * the codes noted as not on the PO.
 */
export function ReceiveLines(props: { lines: ReceiveLine[]; count: ReceiveCount }) {
  const { t, tn, number } = useI18n();
  const unexpected = () => Object.entries(props.count.draft().unexpected);
  return (
    <section class="card" aria-labelledby="receive-lines-title">
      <h2 id="receive-lines-title" class="card__title">
        {t('receive.lines')}
      </h2>
      <ul class="pack-lines" data-testid="receive-lines">
        <For each={props.lines}>
          {(line) => {
            const counted = () => props.count.counted(line.id);
            const left = () => props.count.left(line);
            return (
              <li
                class="pack-line"
                classList={{ 'pack-line--done': counted() > 0 && counted() >= left() }}
                data-testid="receive-line"
                data-sku={lineSku(line)}
                data-counted={counted()}
                data-left={left()}
              >
                <span class="pack-line__item">
                  <span class="pack-line__name">{line.product?.name}</span>
                  <span class="mono small muted">{lineSku(line)}</span>
                  <span class="small muted" data-testid="receive-line-facts">
                    {t('receive.lineFacts', { ordered: number(line.quantity), received: number(line.receivedQuantity), left: number(left()) })}
                  </span>
                  <Show when={props.count.queued(line.id) > 0}>
                    <span class="small notice--pending">{tn('receive.pending', props.count.queued(line.id))}</span>
                  </Show>
                  <Show when={props.count.isOver(line)}>
                    <span class="small tone-hold" data-testid="receive-line-over">
                      {t('receive.overNote')}
                    </span>
                  </Show>
                </span>
                <span class="pack-line__counts">
                  <span class="pack-line__packed">
                    <span class="visually-hidden">{t('receive.countNow')}: </span>
                    <span data-testid="receive-line-count">{number(counted())}</span>
                  </span>
                  <Show when={counted() > 0}>
                    <TakeOne label={t('receive.takeOne', { sku: lineSku(line) })} onClick={() => props.count.takeOne(line.id)} testid="receive-take-one" />
                  </Show>
                </span>
              </li>
            );
          }}
        </For>
      </ul>
      <Show when={unexpected().length > 0}>
        <h3 class="section-title">{t('receive.unexpectedTitle')}</h3>
        <ul class="pack-lines" data-testid="receive-unexpected">
          <For each={unexpected()}>
            {([code, quantity]) => (
              <li class="pack-line" data-testid="receive-unexpected-item" data-code={code} data-quantity={quantity}>
                <span class="pack-line__item mono">{code}</span>
                <span class="pack-line__counts">
                  <span class="pack-line__packed">{number(quantity)}</span>
                  <TakeOne label={t('receive.takeOne', { sku: code })} onClick={() => props.count.takeOneUnexpected(code)} testid="receive-unexpected-take-one" />
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

/** A scan past the order: said plainly, with the choice to count the units anyway or not. */
export function OverReceiptAsk(props: { count: ReceiveCount }) {
  const { t } = useI18n();
  return (
    <Show when={props.count.overAsk()}>
      {(asked) => (
        <div class="notice notice--warning" role="alert" data-testid="receive-over-ask">
          <p>{t('receive.overWarn', { sku: lineSku(asked().line), left: String(Math.max(0, props.count.left(asked().line) - props.count.counted(asked().line.id))) })}</p>
          <div class="button-row">
            <button type="button" class="button button--primary button--tall" data-testid="receive-over-confirm" onClick={() => props.count.confirmOver()}>
              {t('receive.overConfirm')}
            </button>
            <button type="button" class="button button--tall" data-testid="receive-over-cancel" onClick={() => props.count.cancelOver()}>
              {t('receive.overCancel')}
            </button>
          </div>
        </div>
      )}
    </Show>
  );
}
