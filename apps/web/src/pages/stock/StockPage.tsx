import { createSignal, Match, Show, Switch } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { OfflineBanner } from '../../components/OfflineBanner';
import { Outcome } from '../../components/Outcome';
import { ScanInput } from '../../components/ScanInput';
import { LoadError, LoadingState } from '../../components/QueryStates';
import { StateMessage } from '../../components/StateMessage';
import { createOutboxAction, type Attempt } from '../../lib/outboxAction';
import { AdjustSheet, ReceiveSheet, type AdjustInput, type ReceiveInput } from './StockSheets';
import { BinContents, ProductStock } from './StockViews';
import { AdjustStockMutation, BinStockQuery, ProductStockQuery, ReceiveStockMutation, type StockLevel, type StockProduct } from './stock.graphql';

interface StockAttempt extends Attempt<'adjustStock' | 'receiveStock'> {
  product: StockProduct;
}

/**
 * Stock by scan (route /stock, ?code=…): scan or type a barcode, SKU or bin code → the product's
 * levels per warehouse (available / on hand / reserved / picked) and bins, or the products in the
 * bin. Adjust (count correction with a reason) and receive, through the outbox.
 */
export default function StockPage() {
  const { t } = useI18n();
  const client = useClient();
  const [params, setParams] = useSearchParams<{ code?: string }>();
  const code = () => (params.code ?? '').trim();

  // A scan fetches once (onScan); the page then reads the cache. Products first; a code that is no
  // product is looked up as a bin.
  const [result, reexecute] = createQuery({ query: ProductStockQuery, variables: () => ({ code: code() }), pause: () => !code(), requestPolicy: 'cache-first' });
  const [bin] = createQuery({
    query: BinStockQuery,
    variables: () => ({ code: code() }),
    pause: () => !code() || !result.data || !!result.data.productByCode,
    requestPolicy: 'cache-first',
  });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  const binLevels = () => bin.data?.inventoryLevels.edges.map((e) => e.node) ?? [];

  const [sheet, setSheet] = createSignal<{ kind: 'adjust' | 'receive'; level: StockLevel; product: StockProduct }>();
  const action = createOutboxAction<StockAttempt>((a) => ({
    query: a.op === 'adjustStock' ? AdjustStockMutation : ReceiveStockMutation,
    entity: { type: 'Product', id: a.product.id, label: a.product.sku },
  }));

  const onScan = async (scanned: string) => {
    const answer = await client.query(ProductStockQuery, { code: scanned }, { requestPolicy: 'network-only' }).toPromise();
    let found = !!answer.data?.productByCode;
    if (answer.data && !found) {
      const inBin = await client.query(BinStockQuery, { code: scanned }, { requestPolicy: 'network-only' }).toPromise();
      found = (inBin.data?.inventoryLevels.edges.length ?? 0) > 0;
    }
    action.setAttempt(undefined);
    setParams({ code: scanned }, { replace: true });
    return found ? ('ok' as const) : ('error' as const);
  };

  // No refetch after an action: the payload's InventoryLevel makes urql's cache refetch the page's query.
  const send = (op: StockAttempt['op'], product: StockProduct, input: Record<string, unknown>) => {
    setSheet(undefined);
    void action.send({ op, product, variables: { input: { code: product.sku, ...input } } });
  };
  const adjust = (product: StockProduct, level: StockLevel, input: AdjustInput) =>
    send('adjustStock', product, { warehouseCode: level.warehouse.code, locationCode: input.locationCode, delta: input.delta, reason: input.reason });
  const receive = (product: StockProduct, level: StockLevel, input: ReceiveInput) =>
    send('receiveStock', product, { warehouseCode: level.warehouse.code, locationCode: input.locationCode, quantity: input.quantity, reference: input.reference });

  return (
    <section class="page stock" data-testid="stock-page">
      <PageHead title={t('stock.title')} subtitle={t('stock.subtitle')} />
      <ScanInput label={t('stock.scanLabel')} placeholder={t('stock.scanPlaceholder')} captureKeys onScan={onScan} data-testid="stock-scan" />
      <Show when={code()}>
        <OfflineBanner result={result} onRetry={reload} />
        <Show when={action.attempt()}>
          {(a) => (
            <Outcome
              outcome={a().outcome}
              done={a().op === 'adjustStock' ? t('stock.adjusted') : t('stock.received')}
              onRetry={action.retry}
              data-testid="stock-outcome"
              part="stock"
            />
          )}
        </Show>
        <Switch>
          <Match when={result.data?.productByCode}>
            {(product) => (
              <ProductStock
                product={product()}
                busy={action.busy()}
                onAdjust={(level) => setSheet({ kind: 'adjust', level, product: product() })}
                onReceive={(level) => setSheet({ kind: 'receive', level, product: product() })}
              />
            )}
          </Match>
          <Match when={binLevels().length > 0}>
            <BinContents code={code()} levels={binLevels()} onOpen={(sku) => setParams({ code: sku })} />
          </Match>
          <Match when={result.data && bin.data}>
            <StateMessage icon="?" title={t('stock.notFound', { code: code() })} body={t('stock.notFoundBody')} data-testid="stock-not-found" />
          </Match>
          <Match when={result.error}>
            <LoadError title={t('stock.error')} onRetry={reload} data-testid="stock-error" />
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
