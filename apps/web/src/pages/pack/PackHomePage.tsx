import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { Guarded } from '../../components/Guarded';
import { FloorQueue } from './FloorQueue';

/** Pack mode, start (route /pack): scan an order (number, posting no., parcel label) or pick one. */
export default function PackHomePage() {
  const { t } = useI18n();
  return (
    <section class="page pack-home" data-testid="pack-home">
      <PageHead title={t('pack.title')} subtitle={t('pack.subtitle')} floorLink />
      <Guarded permission="packing" data-testid="pack-forbidden">
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
      </Guarded>
    </section>
  );
}
