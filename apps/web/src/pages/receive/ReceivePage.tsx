import { createSignal } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { Guarded } from '../../components/Guarded';
import { OfflineBanner } from '../../components/OfflineBanner';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { PurchaseOrderRows } from './PurchaseOrderRows';
import { isReceivable, OpenPurchaseOrdersQuery, PurchaseOrderByNumberQuery } from './receive.graphql';

/**
 * The Receive station (route /receive): scan the purchase order's barcode (or pick it from the ones
 * waiting: sent or partly received, by expected date) to count its delivery in.
 */
export default function ReceivePage() {
  const { t } = useI18n();
  const client = useClient();
  const navigate = useNavigate();
  const [open, reexecute] = createQuery({ query: OpenPurchaseOrdersQuery, requestPolicy: 'cache-and-network' });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  const [notice, setNotice] = createSignal<ScanNotice>();

  const onScan = async (code: string): Promise<ScanVerdict> => {
    // A PO on the list needs no lookup (works offline too).
    const listed = open.data?.purchaseOrders.edges.find((e) => e.node.number.toUpperCase() === code.toUpperCase())?.node;
    const answer = listed ? undefined : await client.query(PurchaseOrderByNumberQuery, { number: code }, { requestPolicy: 'network-only' }).toPromise();
    if (answer && !answer.data) {
      setNotice({ kind: 'error', text: t('receive.poFailed'), detail: code });
      return 'error';
    }
    const po = listed ?? answer?.data?.purchaseOrderByNumber;
    if (!po) {
      setNotice({ kind: 'error', code: 'NOT_FOUND', text: t('receive.poNone', { code }) });
      return 'error';
    }
    if (!isReceivable(po.status)) {
      setNotice({ kind: 'error', code: po.status, text: t('receive.poClosed', { number: po.number, status: t(`receive.status.${po.status}`) }) });
      return 'error';
    }
    setNotice(undefined);
    navigate(`/receive/${encodeURIComponent(po.id)}`);
    return 'ok';
  };

  return (
    <section class="page receive" data-testid="receive-page">
      <PageHead title={t('receive.title')} subtitle={t('receive.subtitle')} floorLink />
      <Guarded permission="receiving" data-testid="receive-forbidden">
        <OfflineBanner result={open} onRetry={refetch} />
        <ScanInput label={t('receive.scanPo')} placeholder={t('receive.scanPoPlaceholder')} captureKeys dock onScan={onScan} data-testid="receive-po-scan" />
        <ScanMessage notice={notice()} data-testid="receive-notice" />
        <h2 class="section-title">{t('receive.open')}</h2>
        <PurchaseOrderRows rows={open.data?.purchaseOrders.edges.map((e) => e.node)} error={open.error} onRetry={refetch} />
      </Guarded>
    </section>
  );
}
