import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n, type TextKey } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { useViewer, type Permission } from '../../auth/viewer';
import { OfflineBanner } from '../../components/OfflineBanner';
import { createLiveRefetch } from '../../graphql/live';
import { OrderQueueChangedSubscription } from '../../graphql/subscriptions';
import { OrderStatusCountsQuery } from '../orders/orderQueue.graphql';

interface Station {
  href: string;
  title: TextKey;
  hint: TextKey;
  /** Orders waiting here (their status). */
  status: string[];
  permission: Permission;
  testid: string;
  icon: string;
}

const STATIONS: Station[] = [
  { href: '/pick', title: 'floor.pick', hint: 'floor.pickHint', status: ['CONFIRMED'], permission: 'picking', testid: 'floor-pick', icon: '⇢' },
  { href: '/pack', title: 'floor.pack', hint: 'floor.packHint', status: ['PICKED', 'PACKED'], permission: 'packing', testid: 'floor-pack', icon: '▣' },
  { href: '/handover', title: 'floor.handover', hint: 'floor.handoverHint', status: ['READY_TO_SHIP'], permission: 'shipping', testid: 'floor-handover', icon: '⇄' },
  { href: '/ship', title: 'floor.ship', hint: 'floor.shipHint', status: ['READY_TO_SHIP'], permission: 'shipping', testid: 'floor-ship', icon: '✈' },
  // Cross-border: the consolidation warehouse scans domestic (China) parcels in (no status count: parcels, not orders, wait there).
  { href: '/consolidate', title: 'floor.consolidate', hint: 'floor.consolidateHint', status: [], permission: 'shipping', testid: 'floor-consolidate', icon: '⇲' },
  // Returns: parcels coming back are received and checked here (counted by return, not order: no status count).
  { href: '/returns', title: 'nav.returns', hint: 'floor.returnsHint', status: [], permission: 'returns:receive', testid: 'floor-returns', icon: '↩' },
  // Goods in: supplier deliveries counted against their purchase orders (no order status count: purchase orders wait there).
  { href: '/receive', title: 'floor.receive', hint: 'floor.receiveHint', status: [], permission: 'receiving', testid: 'floor-receive', icon: '⇩' },
];

/**
 * The floor (route /floor, a tab): one big tile per station the user may work at — pick, pack,
 * hand over, ship — with how many orders wait there. Live: the counts follow the queue.
 */
export default function FloorPage() {
  const { t, number } = useI18n();
  const viewer = useViewer();
  const [counts, reexecute] = createQuery({ query: OrderStatusCountsQuery, requestPolicy: 'cache-and-network' });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  createLiveRefetch(OrderQueueChangedSubscription, () => ({}), refetch, 500);
  const waiting = (station: Station) => (counts.data?.orderStatusCounts ?? []).filter((c) => station.status.includes(c.status)).reduce((sum, c) => sum + c.count, 0);
  const stations = () => STATIONS.filter((s) => viewer.can(s.permission));
  return (
    <section class="page floor" data-testid="floor-page">
      <PageHead title={t('floor.title')} subtitle={t('floor.subtitle')} />
      <OfflineBanner result={counts} onRetry={refetch} />
      <Show when={stations().length > 0} fallback={<p class="hint">{t('floor.nothingAllowed')}</p>}>
        <ul class="stations">
          <For each={stations()}>
            {(station) => (
              <li>
                <A href={station.href} class="station" data-testid={station.testid}>
                  <span class="station__icon" aria-hidden="true">
                    {station.icon}
                  </span>
                  <span class="station__text">
                    <span class="station__title">{t(station.title)}</span>
                    <span class="station__hint">{t(station.hint)}</span>
                  </span>
                  <Show when={station.status.length > 0}>
                    <span class="station__count" data-testid="station-count">
                      {counts.data ? number(waiting(station)) : '…'}
                    </span>
                  </Show>
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
