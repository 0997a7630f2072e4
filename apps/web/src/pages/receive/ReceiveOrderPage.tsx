import { Show } from 'solid-js';
import { useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { DetailPage, type DetailShell } from '../../components/DetailPage';
import { PurchaseOrderStatusBadge, ReceivedProgress } from './PurchaseOrderRows';
import { ReceiveCounter } from './ReceiveCounter';
import { ReceivePurchaseOrderQuery } from './receive.graphql';

const SHELL: DetailShell = { class: 'page receive', testId: 'receive-order-page', part: 'receive', permission: 'receiving', back: '/receive', notFoundBack: true };

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
    <DetailPage
      shell={SHELL}
      backLabel={t('receive.back')}
      query={{ result, entity: () => result.data?.purchaseOrder, refetch: reload }}
      errorTitle={t('receive.loadError')}
      notFoundTitle={t('receive.notFound')}
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
    </DetailPage>
  );
}
