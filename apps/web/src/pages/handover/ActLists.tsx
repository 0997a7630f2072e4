import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { CarrierSelect } from '../../components/CarrierSelect';
import { DocumentPanel, PrintFallback } from '../../components/DocumentPanel';
import type { HandoverData } from './handover.graphql';
import type { ActReprint } from './useHandover';
import { CarrierName } from '../../components/carrierName';

type Summary = HandoverData['closed']['edges'][number]['node'];

/** A new act: for which carrier. */
export function NewAct(props: { carriers: { code: string; name: string }[]; carrier: string; onCarrier: (code: string) => void; onCreate: () => void }) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby="new-act-title">
      <h2 id="new-act-title" class="card__title">
        {t('handover.newAct')}
      </h2>
      <CarrierSelect carriers={props.carriers} value={props.carrier} onChange={props.onCarrier} data-testid="handover-carrier" />
      <button
        type="button"
        class="button button--primary button--wide button--tall"
        data-testid="handover-create"
        disabled={!props.carrier}
        onClick={() => props.onCreate()}
      >
        {t('handover.create')}
      </button>
    </section>
  );
}

/** The open acts (tap one to scan parcels onto it). */
export function OpenActs(props: { acts: Summary[] }) {
  const { t, tn, dateTime } = useI18n();
  return (
    <>
      <h2 class="section-title">{t('handover.openActs')}</h2>
      <Show when={props.acts.length > 0} fallback={<p class="muted">{t('handover.noOpenActs')}</p>}>
        <ul class="floor-list" data-testid="open-manifests">
          <For each={props.acts}>
            {(m) => (
              <li>
                <A href={`/handover/${encodeURIComponent(m.id)}`} class="floor-card floor-card__main" data-testid="open-manifest" data-carrier={m.carrier.code}>
                  <span class="floor-card__row">
                    <span class="floor-card__title">{t('handover.actNumber', { number: m.number })}</span>
                    <span class="badge tone-ready">
                      <CarrierName carrier={m.carrier} />
                    </span>
                  </span>
                  <span class="muted small">
                    {tn('handover.parcels', m.parcelCount)} · {dateTime(m.createdAt)}
                  </span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}

/** Acts closed lately: print one's act again. */
export function ClosedActs(props: { acts: Summary[]; reprint: ActReprint | undefined; onPrint: (id: string) => void; onOpenPdf: (id: string) => void }) {
  const { t, tn, dateTime } = useI18n();
  return (
    <Show when={props.acts.length > 0}>
      <h2 class="section-title">{t('handover.recentlyClosed')}</h2>
      <ul class="floor-list">
        <For each={props.acts}>
          {(m) => (
            <li class="floor-card" data-testid="closed-manifest">
              <span class="floor-card__main">
                <span class="floor-card__title">
                  {t('handover.actNumber', { number: m.number })} · <CarrierName carrier={m.carrier} />
                </span>
                <span class="muted small">
                  {tn('handover.parcels', m.parcelCount)} · {m.closedAt ? dateTime(m.closedAt) : ''}
                </span>
              </span>
              <button
                type="button"
                class="button button--small"
                data-testid="closed-manifest-print"
                disabled={props.reprint?.loading}
                onClick={() => props.onPrint(m.id)}
              >
                {t('handover.printAct')}
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.reprint?.document}>{(doc) => <DocumentPanel title={t('handover.act')} document={doc()} autoOpen data-testid="act-reprint" />}</Show>
      <Show when={props.reprint?.sentTo}>
        {(name) => (
          <p class="notice" role="status" data-testid="act-sent">
            {t('print.sentTo', { name: name() })}
          </p>
        )}
      </Show>
      <Show when={props.reprint?.notPrinted && props.reprint}>{(r) => <PrintFallback onOpenPdf={() => props.onOpenPdf(r().id)} />}</Show>
    </Show>
  );
}
