import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { OfflineBanner } from '../../components/OfflineBanner';
import { ScanInput } from '../../components/ScanInput';
import { LoadError, LoadingState } from '../../components/QueryStates';
import { Spinner, StateMessage } from '../../components/StateMessage';
import { UserErrorList } from '../../components/UserErrors';
import type { UserError } from '../../graphql/types';
import { newIdempotencyKey } from '../../offline/ids';
import { useOutbox, type SubmitOutcome } from '../../offline/outbox';
import { AdjustSheet, ReceiveSheet, type AdjustInput, type ReceiveInput } from './StockSheets';
import { AdjustStockMutation, BinStockQuery, ProductStockQuery, ReceiveStockMutation, type StockLevel, type StockProduct } from './stock.graphql';

interface StockAttempt {
  op: 'adjustStock' | 'receiveStock';
  variables: Record<string, unknown>;
  product: StockProduct;
  outcome?: SubmitOutcome;
}

/**
 * Stock by scan (route /stock, ?code=…): scan or type a barcode, SKU or bin code → the product's
 * levels per warehouse (available / on hand / reserved / picked) and bins, or the products in the
 * bin. Adjust (count correction with a reason) and receive, through the outbox.
 */
export default function StockPage() {
  const { t } = useI18n();
  const client = useClient();
  const outbox = useOutbox();
  const [params, setParams] = useSearchParams<{ code?: string }>();
  const code = () => (params.code ?? '').trim();

  // A scan fetches once (onScan); the page then reads the cache. Products first; a code that is no
  // product is looked up as a bin.
  const [result, reexecute] = createQuery({
    query: ProductStockQuery,
    variables: () => ({ code: code() }),
    pause: () => !code(),
    requestPolicy: 'cache-first',
  });
  const [bin] = createQuery({
    query: BinStockQuery,
    variables: () => ({ code: code() }),
    pause: () => !code() || !result.data || !!result.data.productByCode,
    requestPolicy: 'cache-first',
  });

  const onScan = async (scanned: string) => {
    const answer = await client.query(ProductStockQuery, { code: scanned }, { requestPolicy: 'network-only' }).toPromise();
    let found = !!answer.data?.productByCode;
    if (answer.data && !found) {
      const inBin = await client.query(BinStockQuery, { code: scanned }, { requestPolicy: 'network-only' }).toPromise();
      found = (inBin.data?.inventoryLevels.edges.length ?? 0) > 0;
    }
    setAttempt(undefined);
    setParams({ code: scanned }, { replace: true });
    return found ? ('ok' as const) : ('error' as const);
  };

  const [sheet, setSheet] = createSignal<{ kind: 'adjust' | 'receive'; level: StockLevel; product: StockProduct }>();
  const [attempt, setAttempt] = createSignal<StockAttempt>();
  const [busy, setBusy] = createSignal(false);

  const send = async (next: StockAttempt) => {
    setBusy(true);
    setSheet(undefined);
    setAttempt(next);
    const outcome = await outbox.submit({
      op: next.op,
      query: next.op === 'adjustStock' ? AdjustStockMutation : ReceiveStockMutation,
      variables: next.variables,
      entity: { type: 'Product', id: next.product.id, label: next.product.sku },
    });
    setAttempt({ ...next, outcome });
    setBusy(false);
    // No refetch here: the payload's Order / InventoryLevel makes urql's cache refetch the page's query.
  };
  const adjust = (product: StockProduct, level: StockLevel, input: AdjustInput) =>
    void send({
      op: 'adjustStock',
      product,
      variables: {
        input: { code: product.sku, warehouseCode: level.warehouse.code, locationCode: input.locationCode, delta: input.delta, reason: input.reason },
        idempotencyKey: newIdempotencyKey(),
      },
    });
  const receive = (product: StockProduct, level: StockLevel, input: ReceiveInput) =>
    void send({
      op: 'receiveStock',
      product,
      variables: {
        input: { code: product.sku, warehouseCode: level.warehouse.code, locationCode: input.locationCode, quantity: input.quantity, reference: input.reference },
        idempotencyKey: newIdempotencyKey(),
      },
    });

  return (
    <section class="page stock" data-testid="stock-page">
      <PageHead title={t('stock.title')} subtitle={t('stock.subtitle')} />
      <ScanInput label={t('stock.scanLabel')} placeholder={t('stock.scanPlaceholder')} captureKeys onScan={onScan} data-testid="stock-scan" />
      <Show when={code()}>
        <OfflineBanner result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
        <Show when={attempt()}>{(a) => <StockOutcome attempt={a()} onRetry={() => void send({ ...a(), outcome: undefined })} />}</Show>
        <Switch>
          <Match when={result.data?.productByCode}>
            {(product) => (
              <ProductStock
                product={product()}
                busy={busy()}
                onAdjust={(level) => setSheet({ kind: 'adjust', level, product: product() })}
                onReceive={(level) => setSheet({ kind: 'receive', level, product: product() })}
              />
            )}
          </Match>
          <Match when={bin.data && bin.data.inventoryLevels.edges.length > 0}>
            <BinContents code={code()} levels={bin.data!.inventoryLevels.edges.map((e) => e.node)} onOpen={(sku) => setParams({ code: sku })} />
          </Match>
          <Match when={result.data && bin.data}>
            <StateMessage icon="?" title={t('stock.notFound', { code: code() })} body={t('stock.notFoundBody')} data-testid="stock-not-found" />
          </Match>
          <Match when={result.error}>
            <LoadError title={t('stock.error')} onRetry={() => reexecute({ requestPolicy: 'network-only' })} data-testid="stock-error" />
          </Match>
          <Match when={result.fetching || bin.fetching}>
            <LoadingState />
          </Match>
        </Switch>
      </Show>
      <Show when={!code()}>
        <p class="hint" data-testid="stock-hint">
          {t('stock.hint')}
        </p>
      </Show>
      <Show when={sheet()}>
        {(s) =>
          s().kind === 'adjust' ? (
            <AdjustSheet level={s().level} onClose={() => setSheet(undefined)} onSubmit={(input) => adjust(s().product, s().level, input)} />
          ) : (
            <ReceiveSheet level={s().level} onClose={() => setSheet(undefined)} onSubmit={(input) => receive(s().product, s().level, input)} />
          )
        }
      </Show>
    </section>
  );
}

function ProductStock(props: { product: StockProduct; busy: boolean; onAdjust: (level: StockLevel) => void; onReceive: (level: StockLevel) => void }) {
  const { t, number, money, dateTime } = useI18n();
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
      <Show when={props.product.inventory.length === 0}>
        <p class="muted">{t('stock.noLevels')}</p>
      </Show>
      <For each={props.product.inventory}>
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

function BinContents(props: { code: string; levels: { id: string; available: number; product: { sku: string; name: string }; bins: { quantity: number; location: { code: string } }[] }[]; onOpen: (sku: string) => void }) {
  const { t, number } = useI18n();
  const inBin = (level: (typeof props.levels)[number]) => level.bins.find((b) => b.location.code === props.code)?.quantity ?? 0;
  return (
    <article class="card" data-testid="stock-bin-contents">
      <h2 class="card__title">{t('stock.binContents', { bin: props.code })}</h2>
      <ul class="bin-products">
        <For each={props.levels}>
          {(level) => (
            <li>
              <button type="button" class="bin-product" data-testid="bin-product" onClick={() => props.onOpen(level.product.sku)}>
                <span class="bin-product__name">
                  <span class="mono">{level.product.sku}</span> {level.product.name}
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

function StockOutcome(props: { attempt: StockAttempt; onRetry: () => void }) {
  const { t } = useI18n();
  const outcome = () => props.attempt.outcome;
  const userErrors = (): UserError[] => (outcome()?.kind === 'done' ? (outcome() as { userErrors: UserError[] }).userErrors : []);
  return (
    <div class="outcome" data-testid="stock-outcome" data-kind={outcome()?.kind ?? 'sending'}>
      <Switch>
        <Match when={!outcome()}>
          <div class="notice">
            <Spinner label={t('action.sending')} />
          </div>
        </Match>
        <Match when={outcome()?.kind === 'queued'}>
          <div class="notice notice--pending" role="status" data-testid="stock-queued">
            {t('detail.queued')}
          </div>
        </Match>
        <Match when={outcome()?.kind === 'failed'}>
          <div class="notice notice--error" role="alert" data-testid="stock-failed">
            <p>{(outcome() as { code?: string }).code === 'FORBIDDEN' ? t('error.forbidden') : t('detail.failed')}</p>
            <button type="button" class="button button--primary" onClick={() => props.onRetry()}>
              {t('queue.error.retry')}
            </button>
          </div>
        </Match>
        <Match when={userErrors().length > 0}>
          <UserErrorList errors={userErrors()} />
        </Match>
        <Match when={true}>
          <div class="notice notice--success" role="status" data-testid="stock-done">
            ✓ {props.attempt.op === 'adjustStock' ? t('stock.adjusted') : t('stock.received')}
          </div>
        </Match>
      </Switch>
    </div>
  );
}
