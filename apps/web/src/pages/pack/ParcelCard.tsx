import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { CarrierSelect } from '../../components/CarrierSelect';
import { labelFormat, lastCarrier } from '../../lib/settings';
import { CloseParcelForm, type CloseInput } from './CloseParcelForm';
import type { Carrier, PackOrder, PackParcel } from './pack.graphql';
import { useBoxLabel, useCarrierName } from '../../components/carrierName';

/** The carrier a parcel's label goes with: its own, the last one used for the channel, the channel's, the first. */
export function defaultCarrier(order: PackOrder, carriers: Carrier[], parcel: PackParcel) {
  const remembered = lastCarrier(order.channel);
  return (
    parcel.carrier?.code ??
    (remembered && carriers.some((c) => c.code === remembered) ? remembered : undefined) ??
    carriers.find((c) => c.code === order.channel)?.code ??
    carriers[0]?.code ??
    ''
  );
}

/**
 * One parcel: its items (take one out while open), close it (weight, dimensions, photo), then the
 * label (carrier, print / reprint) or reopen it.
 */
export function ParcelCard(props: {
  parcel: PackParcel;
  current: boolean;
  carriers: Carrier[];
  presetDims: { lengthMm: number; widthMm: number; heightMm: number; tareGrams: number } | undefined;
  photoUrl: string | undefined;
  photoPending: boolean;
  canLabel: boolean;
  defaultCarrier: string;
  onUnpack: (line: { id: string; sku: string }) => void;
  onClose: (input: CloseInput) => void;
  onReopen: () => void;
  onPhoto: (file: File) => void;
  onPrint: (carrierCode: string) => void;
  /** The network printer labels go to from this device (Settings → Printers); none: the document opens here. */
  printer?: string | null;
}) {
  const { t, number } = useI18n();
  const carrierName = useCarrierName();
  const boxLabel = useBoxLabel();
  const [carrier, setCarrier] = createSignal(props.defaultCarrier);
  const status = () => props.parcel.status;
  const labelled = () => status() !== 'OPEN' && status() !== 'PACKED';
  const facts = () =>
    [
      props.parcel.boxPreset ? `${t('pack.box')}: ${boxLabel(props.parcel.boxPreset.code)}` : '',
      props.parcel.weightGrams ? `${number(props.parcel.weightGrams)} ${t('pack.grams')}` : '',
      props.parcel.hasPhoto && status() !== 'OPEN' ? t('pack.photoSaved') : '',
      carrierName(props.parcel.carrier),
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <article class="card parcel" classList={{ 'parcel--current': props.current }} data-testid="parcel" data-code={props.parcel.code} data-status={status()}>
      <div class="parcel__head">
        <h2 class="card__title mono" data-testid="parcel-code">
          {props.parcel.code}
        </h2>
        <span class="badge tone-work" data-testid="parcel-status">
          {t(`parcelStatus.${status()}`)}
        </span>
      </div>
      <Show when={facts()}>
        <p class="small muted" data-testid="parcel-facts">
          {facts()}
        </p>
      </Show>
      <Show when={props.parcel.items.length > 0} fallback={<p class="muted small">{t('pack.parcelEmpty')}</p>}>
        <ul class="parcel__items">
          <For each={props.parcel.items}>
            {(item) => (
              <li class="parcel__item" data-testid="parcel-item" data-sku={item.orderLine?.sku}>
                <span class="mono">{item.orderLine?.sku}</span>
                <strong>× {number(item.quantity)}</strong>
                <Show when={status() === 'OPEN'}>
                  <button
                    type="button"
                    class="button button--small"
                    data-testid="parcel-unpack"
                    aria-label={`−1: ${t('pack.unpackOne', { sku: item.orderLine?.sku ?? '' })}`}
                    onClick={() => item.orderLine && props.onUnpack(item.orderLine)}
                  >
                    −1
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={status() === 'OPEN'}>
        <CloseParcelForm
          parcelId={props.parcel.id}
          empty={props.parcel.items.length === 0}
          dims={
            props.presetDims ??
            (props.parcel.lengthMm
              ? { lengthMm: props.parcel.lengthMm, widthMm: props.parcel.widthMm ?? 0, heightMm: props.parcel.heightMm ?? 0, tareGrams: 0 }
              : undefined)
          }
          photoUrl={props.photoUrl}
          photoPending={props.photoPending}
          hasPhoto={props.parcel.hasPhoto}
          onPhoto={props.onPhoto}
          onClose={props.onClose}
        />
      </Show>
      <Show when={status() === 'PACKED' || status() === 'LABELLED'}>
        <Show when={props.photoUrl}>
          <img class="parcel__thumb" src={props.photoUrl} alt={t('pack.photo')} data-testid="parcel-photo-thumb" />
        </Show>
        <Show when={props.canLabel}>
          <div class="label-print">
            <CarrierSelect
              carriers={props.carriers}
              value={carrier()}
              onChange={setCarrier}
              disabled={labelled() && !!props.parcel.carrier}
              data-testid="label-carrier"
            />
            <button
              type="button"
              class="button button--primary button--wide button--tall"
              data-testid="label-print"
              disabled={!carrier()}
              onClick={() => props.onPrint(carrier())}
            >
              {labelled() ? t('pack.reprintLabel') : t('pack.printLabel')} ({props.printer ?? labelFormat()})
            </button>
          </div>
        </Show>
        <Show when={status() === 'PACKED' && !labelled()}>
          <button type="button" class="button button--small" data-testid="parcel-reopen" onClick={() => props.onReopen()}>
            {t('pack.reopen')}
          </button>
        </Show>
      </Show>
    </article>
  );
}
