import { For, Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { DocumentPanel, PrintFallback } from '../../components/DocumentPanel';
import { FloorOrderHead } from '../../components/FloorOrderHead';
import { Outcome } from '../../components/Outcome';
import { ScanInput } from '../../components/ScanInput';
import { ScanMessage } from '../../components/ScanMessage';
import { DetailPage, type DetailShell } from '../../components/DetailPage';
import { Stepper } from '../../components/Stepper';
import { BoxChooser, PackLines } from './PackLines';
import { MarkingCodes } from './MarkingCodes';
import { createPackingSlip, SlipPanel } from './PackingSlip';
import { defaultCarrier, ParcelCard } from './ParcelCard';
import { PARCEL_DONE, usePackSession } from './usePackSession';

const SHELL: DetailShell = { class: 'page pack', testId: 'pack-page', part: 'pack', permission: 'packing', back: '/pack' };

/**
 * Pack mode for one order (route /pack/:orderId): the lines (picked / packed), scan items into the
 * current parcel (the quantity stepper covers multiples), choose the box, start another parcel
 * (split), take units out again, weigh (g or kg) with optional dimensions, photograph the parcel,
 * close it, and print its label (PDF or ZPL, as set in Settings) and the packing slip. Scans and
 * every other change go through the outbox (usePackSession); scans count at once (pending).
 */
export default function PackOrderPage() {
  const { t } = useI18n();
  const params = useParams<{ orderId: string }>();
  const viewer = useViewer();
  const pack = usePackSession(() => decodeURIComponent(params.orderId));
  const slip = createPackingSlip(() => pack.order()?.id, pack.printer);
  const boxPresets = () => pack.result.data?.boxPresets ?? [];
  const carriers = () => pack.result.data?.carriers ?? [];
  const scanTarget = () => {
    const parcel = pack.currentParcel();
    return parcel ? t('pack.scanInto', { parcel: parcel.code }) : pack.pendingOpen() ? t('pack.parcelOpening') : t('pack.firstScanOpens');
  };

  return (
    <DetailPage
      shell={SHELL}
      backLabel={t('pack.title')}
      query={{ result: pack.result, entity: pack.order, refetch: pack.reload }}
      errorTitle={t('detail.error')}
      notFoundTitle={t('detail.notFound')}
    >
      {(order) => (
        <>
          <FloorOrderHead order={order()} part="pack" />

          <PackLines order={order()} packed={pack.packed()} />

          {/* Ozon orders: what Ozon asks before it takes the posting (marking codes per unit, GTD, country). */}
          <Show when={order().marketplacePosting?.requirementStates.length ? order().marketplacePosting : null}>
            {(posting) => (
              <MarkingCodes
                posting={posting()}
                lines={order().lines}
                editable={pack.markingEditable()}
                onScan={pack.marking.scan}
                onRemove={pack.marking.remove}
                onDetails={pack.marking.details}
              />
            )}
          </Show>

          <Show when={pack.packable()}>
            <BoxChooser presets={boxPresets()} selected={pack.preset() ?? pack.currentParcel()?.boxPreset?.code} onSelect={pack.setPreset} />
            <Show when={!pack.allPacked()}>
              <Stepper label={t('pick.quantity')} value={pack.quantity()} onChange={pack.setQuantity} min={1} max={50} data-testid="pack-quantity" />
            </Show>
            <ScanInput
              label={t('pack.scanLabel')}
              placeholder={t('pack.scanPlaceholder')}
              captureKeys
              dock
              onScan={pack.onScan}
              onRepeat={pack.onRepeat}
              data-testid="pack-scan"
            />
            <ScanMessage notice={pack.notice()} />
            <p class="small muted" data-testid="pack-current-parcel">
              {scanTarget()}
            </p>
          </Show>

          {/* A printed label shows as the document itself (below), not as a second notice. */}
          <Show when={pack.attempt() && !(pack.attempt()!.op === 'printLabel' && pack.label())}>
            <Outcome
              outcome={pack.attempt()!.outcome}
              done={`${t(PARCEL_DONE[pack.attempt()!.op])} ${pack.attempt()!.label}`}
              onRetry={pack.retry}
              onReload={pack.reload}
              data-testid="pack-outcome"
            />
          </Show>
          <Show when={pack.label()}>
            {(l) => (
              <DocumentPanel title={t('pack.labelReady', { parcel: l().parcel })} document={l().document} sentTo={l().printer} autoOpen data-testid="label-document" />
            )}
          </Show>
          <Show when={pack.printerUnreachable()}>
            <PrintFallback onOpenPdf={pack.parcels.printPdf} />
          </Show>

          <For each={order().parcels}>
            {(parcel) => (
              <ParcelCard
                parcel={parcel}
                current={parcel === pack.currentParcel()}
                carriers={carriers()}
                presetDims={boxPresets().find((b) => b.code === (pack.preset() ?? parcel.boxPreset?.code))}
                photoUrl={pack.photos()[parcel.id]}
                photoPending={pack.photoPending(parcel)}
                canLabel={viewer.canAll('shipping', 'documents:print')}
                defaultCarrier={defaultCarrier(order(), carriers(), parcel)}
                onUnpack={(line) => pack.parcels.unpack(parcel, line)}
                onClose={(input) => pack.parcels.close(parcel, input)}
                onReopen={() => pack.parcels.reopen(parcel)}
                onPhoto={(file) => pack.parcels.photo(parcel, file)}
                onPrint={(carrier) => pack.parcels.printLabel(parcel, carrier)}
                printer={pack.printer()?.name}
              />
            )}
          </For>

          <div class="action-bar">
            <Show when={pack.packable()}>
              <button type="button" class="button" data-testid="pack-new-parcel" onClick={pack.parcels.open}>
                + {t('pack.newParcel')}
              </button>
            </Show>
            <Show when={viewer.can('documents:print')}>
              <button type="button" class="button" data-testid="pack-slip" disabled={slip.slip()?.loading} onClick={() => void slip.load()}>
                {t('pack.packingSlip')}
              </button>
            </Show>
            <Show when={order().status === 'READY_TO_SHIP' && viewer.can('shipping')}>
              <A href="/handover" class="button" data-testid="pack-to-handover">
                {t('floor.handover')}
              </A>
              <A href={`/ship/${encodeURIComponent(order().id)}`} class="button button--primary" data-testid="pack-to-ship">
                {t('floor.ship')}
              </A>
            </Show>
          </div>
          <SlipPanel slip={slip.slip()} onOpenPdf={() => void slip.openPdf()} />
        </>
      )}
    </DetailPage>
  );
}
