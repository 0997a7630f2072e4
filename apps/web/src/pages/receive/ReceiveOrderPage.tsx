import { Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { QueryPage } from '../../components/QueryPage';
import { StateMessage } from '../../components/StateMessage';
import { PurchaseOrderStatusBadge, ReceivedProgress } from './PurchaseOrderRows';
import { ReceiveCounter } from './ReceiveCounter';
import { ReceivePurchaseOrderQuery } from './receive.graphql';

/**
 * One purchase order at the Receive station (route /receive/:id): its head (number, status,
 * supplier, units received of ordered) and the count (ReceiveCounter).
 */
export default function ReceiveOrderPage() {
  const { t } = useI18n();
  const params = useParams<{ id: string }>();
  const [result, reexecute] = createQuery({
    query: ReceivePurchaseOrderQuery,
    variables: () => ({ id: decodeURIComponent(params.id) }),
    requestPolicy: 'cache-and-network',
  });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <section class="page receive" data-testid="receive-order-page">
      <A href="/receive" class="back-link">
        ← {t('receive.back')}
      </A>
      <QueryPage
        permission="receiving"
        forbiddenTestId="receive-forbidden"
        result={result}
        entity={result.data?.purchaseOrder}
        onRetry={reload}
        errorTitle={t('receive.loadError')}
        notFound={
          <StateMessage icon="?" title={t('receive.notFound')} data-testid="receive-not-found">
            <A href="/receive" class="button button--primary">
              {t('receive.back')}
            </A>
          </StateMessage>
        }
      >
        {(po) => (
          <>
            <div class="page-head">
              <div>
                <h1 class="page-title" data-testid="receive-po-number">
                  {po().number}
                </h1>
                <p class="page-subtitle">{t('receive.from', { supplier: po().supplierName, warehouse: po().warehouse.code })}</p>
              </div>
              <PurchaseOrderStatusBadge status={po().status} data-testid="receive-po-status" />
            </div>
            <ReceivedProgress received={po().receivedQuantity} total={po().totalQuantity} data-testid="receive-progress" />
            {/* One count per purchase order: opening another starts its own. */}
            <Show when={po().id} keyed>
              {(_id) => <ReceiveCounter po={po()} onReceived={reload} />}
            </Show>
          </>
        )}
      </QueryPage>
    </section>
  );
}
