import { For, Match, Show, Switch } from 'solid-js';
import { useI18n, type TextKey } from '../../i18n';
import { Outcome } from '../../components/Outcome';
import { UserErrorList } from '../../components/UserErrors';
import type { UserError } from '../../graphql/types';
import type { Attempt } from '../../lib/outboxAction';
import type { ConfirmPayload, OrderDetail, OrderDetailLine } from './orderDetail.graphql';

export type OrderOp = 'confirmOrder' | 'placeHold' | 'releaseHold' | 'cancelOrder' | 'cancelOrderLines';

const DONE_KEYS: Record<OrderOp, TextKey> = {
  confirmOrder: 'detail.done.confirmOrder',
  placeHold: 'detail.done.placeHold',
  releaseHold: 'detail.done.releaseHold',
  cancelOrder: 'detail.done.cancelOrder',
  cancelOrderLines: 'detail.done.cancelOrderLines',
};

/**
 * What became of an order action (components/Outcome), and what confirming may add: prices that
 * changed since the order came in (accept them and confirm), or lines short of stock.
 */
export function OrderOutcome(props: { attempt: Attempt<OrderOp>; order: OrderDetail; onReload: () => void; onRetry: () => void; onAcceptPrices: () => void }) {
  const { t, money } = useI18n();
  const outcome = () => props.attempt.outcome;
  const payload = () => (outcome()?.kind === 'done' ? ((outcome() as { payload: unknown }).payload as ConfirmPayload | null) : null);
  const userErrors = (): UserError[] => (outcome()?.kind === 'done' ? (outcome() as { userErrors: UserError[] }).userErrors : []);
  const shortages = () => payload()?.shortages ?? [];
  const priceErrors = () => userErrors().filter((e) => e.code === 'PRICE_MISMATCH');
  /** PRICE_MISMATCH errors point at lines by index: ["lines", "0", "unitPrice"]. */
  const mismatchedLines = () =>
    priceErrors()
      .map((e) => props.order.lines.find((l) => l.position === Number(e.field?.[1]) + 1))
      .filter((l): l is OrderDetailLine => !!l);
  return (
    <Outcome
      outcome={outcome()}
      done={t(DONE_KEYS[props.attempt.op])}
      onRetry={props.onRetry}
      onReload={props.onReload}
      data-testid="action-outcome"
      data-op={props.attempt.op}
      part="action"
      retryTestId="action-retry"
      custom={priceErrors().length > 0 || (userErrors().length === 0 && shortages().length > 0)}
    >
      <Switch>
        <Match when={priceErrors().length > 0}>
          <div class="notice notice--warning" role="alert" data-testid="price-mismatch">
            <p>
              <strong>{t('userError.PRICE_MISMATCH')}</strong>
            </p>
            <table class="mini-table">
              <thead>
                <tr>
                  <th>{t('detail.sku')}</th>
                  <th>{t('detail.orderedPrice')}</th>
                  <th>{t('detail.catalogPrice')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={mismatchedLines()}>
                  {(line) => (
                    <tr data-testid="price-mismatch-line">
                      <td class="mono">{line.sku}</td>
                      <td>{money(line.unitPrice)}</td>
                      <td>
                        <Show when={line.product}>{(product) => money(product().price)}</Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <button type="button" class="button button--primary button--wide" data-testid="accept-prices" onClick={() => props.onAcceptPrices()}>
              {t('action.acceptPrices')}
            </button>
          </div>
          <UserErrorList errors={userErrors().filter((e) => e.code !== 'PRICE_MISMATCH')} onReload={props.onReload} />
        </Match>
        <Match when={shortages().length > 0}>
          <div class="notice notice--warning" role="alert" data-testid="shortages">
            <p>
              <strong>{t('detail.shortageTitle')}</strong>
            </p>
            <p>{t('detail.shortageBody')}</p>
            <ul class="notice__list">
              <For each={shortages()}>
                {(s) => (
                  <li data-testid="shortage-line">
                    <span class="mono">{s.line.sku}</span> — {t('detail.shortageLine', { requested: s.requested, available: s.available })}
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Match>
      </Switch>
    </Outcome>
  );
}
