import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { AddedEvidence } from './AddedEvidence';
import type { AddedEvidence as AddedEvidenceItem, ExceptionParcel } from './exception.graphql';

/**
 * What backs a claim or a dispute, parcel by parcel: the packing photo, the weight at packing, the
 * label printed and the hand-over act the driver signed; then what staff added by hand (photos,
 * documents, notes: the exception's actions add them).
 */
export function Evidence(props: { parcels: readonly ExceptionParcel[]; added?: readonly AddedEvidenceItem[]; now: Date }) {
  const { t, tn, number, dateTime } = useI18n();
  return (
    <section class="card" aria-labelledby="evidence-title" data-testid="evidence">
      <h2 id="evidence-title" class="card__title">
        {t('evidence.title')}
      </h2>
      <Show when={props.parcels.length > 0} fallback={<p class="muted">{t('evidence.none')}</p>}>
        <ul class="evidence-list">
          <For each={props.parcels}>
            {(parcel) => (
              <li class="evidence" data-testid="evidence-parcel" data-code={parcel.code}>
                <h3 class="evidence__title">
                  {t('tracking.parcel', { n: parcel.sequence })} · <span class="mono">{parcel.code}</span>
                </h3>
                <Show
                  when={parcel.photo}
                  fallback={
                    <p class="muted" data-testid="evidence-no-photo">
                      {t('evidence.noPhoto')}
                    </p>
                  }
                >
                  {(photo) => (
                    <img
                      class="evidence__photo"
                      data-testid="evidence-photo"
                      src={`data:${photo().contentType};base64,${photo().content}`}
                      alt={t('evidence.photo', { n: parcel.sequence })}
                      loading="lazy"
                    />
                  )}
                </Show>
                <dl class="facts">
                  <div>
                    <dt>{t('evidence.weight')}</dt>
                    <dd data-testid="evidence-weight">
                      {parcel.weightGrams !== null ? t('evidence.kg', { kg: number(parcel.weightGrams / 1000) }) : t('tracking.unknown')}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('evidence.label')}</dt>
                    <dd data-testid="evidence-label">
                      <Show when={parcel.labels[0]} fallback={t('evidence.noLabel')}>
                        {(label) => `${label().format} · ${tn('evidence.printed', label().printCount)} · ${dateTime(label().createdAt, props.now)}`}
                      </Show>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('evidence.act')}</dt>
                    <dd data-testid="evidence-act">
                      <Show when={parcel.manifest} fallback={t('evidence.noAct')}>
                        {(act) => `${t('evidence.actNumber', { number: act().number })}${act().closedAt ? ` · ${dateTime(act().closedAt!, props.now)}` : ''}`}
                      </Show>
                    </dd>
                  </div>
                </dl>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <AddedEvidence items={props.added ?? []} now={props.now} />
    </section>
  );
}
