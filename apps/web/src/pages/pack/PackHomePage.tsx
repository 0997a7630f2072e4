import { Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { useViewer } from '../../auth/viewer';
import { StateMessage } from '../../components/StateMessage';
import { FloorQueue } from './FloorQueue';

/** Pack mode, start (route /pack): scan an order (number, posting no., parcel label) or pick one. */
export default function PackHomePage() {
  const { t } = useI18n();
  const viewer = useViewer();
  return (
    <section class="page pack-home" data-testid="pack-home">
      <PageHead title={t('pack.title')} subtitle={t('pack.subtitle')} floorLink />
      <Show when={viewer.can('packing')} fallback={<StateMessage icon="!" title={t('error.forbidden')} data-testid="pack-forbidden" />}>
        <FloorQueue
          scanLabel={t('floor.scanOrder')}
          accepts={['PICKED', 'PACKED', 'READY_TO_SHIP']}
          href={(id) => `/pack/${encodeURIComponent(id)}`}
          sections={[
            { title: t('pack.toPack'), status: ['PICKED'], testid: 'pack-queue' },
            { title: t('pack.toLabel'), status: ['PACKED'], testid: 'label-queue' },
          ]}
          data-testid="pack-finder"
        />
      </Show>
    </section>
  );
}
