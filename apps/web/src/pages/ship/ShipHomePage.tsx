import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { Guarded } from '../../components/Guarded';
import { FloorQueue } from '../pack/FloorQueue';

/** Ship (route /ship): orders ready to ship; scan one (order / posting number, parcel label) or tap it. */
export default function ShipHomePage() {
  const { t } = useI18n();
  return (
    <section class="page ship-home" data-testid="ship-home">
      <PageHead title={t('ship.title')} subtitle={t('ship.subtitle')} floorLink />
      <Guarded permission="shipping" data-testid="ship-forbidden">
        <FloorQueue
          scanLabel={t('floor.scanOrder')}
          accepts={['READY_TO_SHIP', 'SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED']}
          href={(id) => `/ship/${encodeURIComponent(id)}`}
          sections={[{ title: t('ship.ready'), status: ['READY_TO_SHIP'], testid: 'ship-queue' }]}
          data-testid="ship-finder"
        />
      </Guarded>
    </section>
  );
}
