import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import type { BinLevel, StockLevel, StockProduct } from './stock.graphql';

/** A product's levels per warehouse (available / on hand / reserved / picked) and bins, with adjust and receive. */
export function ProductStock(props: { product: StockProduct; busy: boolean; onAdjust: (level: StockLevel) => void; onReceive: (level: StockLevel) => void }) {
  const { t, number, money, dateTime } = useI18n();
  const levels = () => props.product.inventory ?? [];
  return (
    <article class="card" data-testid="stock-product" data-sku={props.product.sku}>
      <h2 class="card__title stock__name">{props.product.name}</h2>
      <p class="stock__codes">
        <span class="mono" data-testid="stock-sku">
          {props.product.sku}
        </span>
        <For each={props.product.barcodes}>{(barcode) => <span class="mono muted"> · {barcode}</span>}</For>
        <span class="muted"> · {money(props.product.price)}</span>
      </p>
      <Show when={levels().length === 0}>
        <p class="muted">{t('stock.noLevels')}</p>
      </Show>
      <For each={levels()}>
        {(level) => (
          <div class="stock-level" data-testid="stock-level" data-warehouse={level.warehouse.code}>
            <p class="stock-level__warehouse">
              <span class="mono">{level.warehouse.code}</span> {level.warehouse.name}
            </p>
            <div class="stat-grid">
              <div class="stat" classList={{ 'stat--low': level.available <= props.product.lowStockThreshold }}>
                <span class="stat__value" data-testid="stock-available">
                  {number(level.available)}
                </span>
                <span class="stat__label">{t('stock.available')}</span>
              </div>
              <div class="stat">
                <span class="stat__value" data-testid="stock-on-hand">
                  {number(level.onHand)}
                </span>
                <span class="stat__label">{t('stock.onHand')}</span>
              </div>
              <div class="stat">
                <span class="stat__value" data-testid="stock-reserved">
                  {number(level.reserved)}
                </span>
                <span class="stat__label">{t('stock.reserved')}</span>
              </div>
              <div class="stat">
                <span class="stat__value" data-testid="stock-picked">
                  {number(level.picked)}
                </span>
                <span class="stat__label">{t('stock.picked')}</span>
              </div>
              {/* Damaged units (returns inspected DAMAGED) sit apart from on hand until written off. */}
              <Show when={level.damaged > 0}>
                <div class="stat" data-testid="stock-damaged-stat">
                  <span class="stat__value" data-testid="stock-damaged">
                    {number(level.damaged)}
                  </span>
                  <span class="stat__label">{t('stock.damaged')}</span>
                </div>
              </Show>
            </div>
            <Show when={level.bins.length > 0}>
              <h3 class="stock-level__bins-title">{t('stock.bins')}</h3>
              <ul class="bins" data-testid="stock-bins">
                <For each={level.bins}>
                  {(bin) => (
                    <li class="bins__bin" data-testid="stock-bin" data-bin={bin.location.code}>
                      <span class="mono">{bin.location.code}</span>
                      <strong>{number(bin.quantity)}</strong>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <p class="muted small">{t('stock.updated', { time: dateTime(level.updatedAt) })}</p>
            <div class="button-row">
              <button type="button" class="button" data-testid="stock-adjust" disabled={props.busy} onClick={() => props.onAdjust(level)}>
                {t('stock.adjust')}
              </button>
              <button type="button" class="button button--primary" data-testid="stock-receive" disabled={props.busy} onClick={() => props.onReceive(level)}>
                {t('stock.receive')}
              </button>
            </div>
          </div>
        )}
      </For>
    </article>
  );
}

/** The products in one bin (tap one to see its stock). */
export function BinContents(props: { code: string; levels: BinLevel[]; onOpen: (sku: string) => void }) {
  const { t, number } = useI18n();
  const inBin = (level: (typeof props.levels)[number]) => level.bins.find((b) => b.location.code === props.code)?.quantity ?? 0;
  return (
    <article class="card" data-testid="stock-bin-contents">
      <h2 class="card__title">{t('stock.binContents', { bin: props.code })}</h2>
      <ul class="bin-products">
        <For each={props.levels}>
          {(level) => (
            <li>
              <button type="button" class="bin-product" data-testid="bin-product" onClick={() => level.product && props.onOpen(level.product.sku)}>
                <span class="bin-product__name">
                  <span class="mono">{level.product?.sku}</span> {level.product?.name}
                </span>
                <span class="bin-product__qty">
                  <strong>{number(inBin(level))}</strong> · {t('stock.available')} {number(level.available)}
                </span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </article>
  );
}
