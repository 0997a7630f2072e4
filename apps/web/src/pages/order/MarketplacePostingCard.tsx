import { For, Show } from 'solid-js';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import type { TextKey } from '../../i18n';
import { isOrderEventType } from '../../graphql/types';
import { OrderMarketplacePostingQuery, type MarketplacePosting } from './marketplacePosting.graphql';

type HistoryEntry = MarketplacePosting['syncHistory'][number];

const REQUIREMENTS = ['MARKING_CODES', 'CUSTOMS_DECLARATION', 'COUNTRY_OF_ORIGIN', 'CHANGE_COUNTRY_OF_ORIGIN', 'BATCH_REGISTRATION_NUMBER', 'JEWELLERY_ID'];
const CHANGES = [
  'ozon_status',
  'shipped',
  'label_fetched',
  'act_created',
  'act_ready',
  'tracking_number_sent',
  'cancel_sent',
  'cancel_already_on_ozon',
  'shipBy',
  'expectedDelivery',
  'state',
  'partCancelled',
];

/** Ozon's status with its substatus, as Ozon names them. */
const ozonState = (status: unknown, substatus: unknown) => [status, substatus].filter((s) => typeof s === 'string' && s).join(' / ');

/**
 * An Ozon order's posting (order detail): its number, Ozon's status and substatus, the cut-off,
 * what Ozon still wants before it takes the parcel, the parts of a split, and the sync history —
 * the order's timeline entries the connector wrote (import, Ozon's status changes, ship reported,
 * label fetched, act, tracking number, cancellation). Nothing for orders that did not come from Ozon.
 */
export function MarketplacePostingCard(props: { orderId: string; now: Date }) {
  const { t, dateTime, relativeTime } = useI18n();
  const [result] = createQuery({ query: OrderMarketplacePostingQuery, variables: () => ({ id: props.orderId }), requestPolicy: 'cache-and-network' });
  const posting = () => result.data?.order?.marketplacePosting ?? null;

  const describe = (entry: HistoryEntry) => {
    const data = (entry.data ?? {}) as Record<string, unknown>;
    const change = typeof data.change === 'string' ? data.change : null;
    if (!change || !CHANGES.includes(change)) return isOrderEventType(entry.type) ? t(`event.${entry.type}`) : entry.type;
    const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
    return t(`ozon.change.${change}` as TextKey, {
      from: ozonState(data.from, data.fromSubstatus),
      to: change === 'state' ? ozonState(data.status, data.substatus) : ozonState(data.to, data.toSubstatus),
      numbers: list(data.postingNumbers),
      act: String(data.ozonActId ?? ''),
      number: String(data.trackingNumber ?? ''),
    });
  };

  return (
    <Show when={posting()}>
      {(p) => (
        <section class="card marketplace-posting" data-testid="marketplace-posting" aria-labelledby="marketplace-posting-title">
          <h2 class="card__title" id="marketplace-posting-title">
            {t('ozon.title')}
          </h2>
          <dl class="marketplace-posting__facts">
            <dt>{t('ozon.postingNumber')}</dt>
            <dd class="mono" data-testid="posting-number">
              {p().postingNumber}
            </dd>
            <dt>{t('ozon.status')}</dt>
            <dd class="mono" data-testid="posting-status">
              {ozonState(p().status, p().substatus)}
            </dd>
            <Show when={p().shipBy}>
              {(shipBy) => (
                <>
                  <dt>{t('ozon.cutoff')}</dt>
                  <dd data-testid="posting-cutoff">
                    <time datetime={shipBy()}>{dateTime(shipBy(), props.now)}</time> ({relativeTime(shipBy(), props.now)})
                  </dd>
                </>
              )}
            </Show>
          </dl>
          <Show when={p().pastCutoff}>
            <p class="notice notice--error" role="alert" data-testid="posting-past-cutoff">
              {t('ozon.pastCutoff')}
            </p>
          </Show>
          <Show when={p().requirements.length > 0}>
            <h3 class="marketplace-posting__subtitle">{t('ozon.requirements')}</h3>
            <ul class="marketplace-posting__requirements" data-testid="posting-requirements">
              <For each={p().requirements}>
                {(r) => (
                  <li data-code={r.code}>
                    {REQUIREMENTS.includes(r.code) ? t(`ozon.req.${r.code}` as TextKey, { skus: r.skus.join(', ') }) : `${r.code}: ${r.skus.join(', ')}`}
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={p().parts.length > 0}>
            <h3 class="marketplace-posting__subtitle">{t('ozon.parts')}</h3>
            <ul data-testid="posting-parts">
              <For each={p().parts}>
                {(part) => (
                  <li class="mono">
                    {part.postingNumber} · {ozonState(part.status, part.substatus)}
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={p().syncHistory.length > 0}>
            <h3 class="marketplace-posting__subtitle">{t('ozon.history')}</h3>
            <ol class="timeline" data-testid="posting-history">
              <For each={[...p().syncHistory].reverse()}>
                {(entry) => (
                  <li
                    class="timeline__item"
                    data-testid="posting-history-entry"
                    data-change={String((entry.data as Record<string, unknown> | null)?.change ?? entry.type)}
                  >
                    <div class="timeline__head">
                      <span class="timeline__type">{describe(entry)}</span>
                      <time class="timeline__time" datetime={entry.createdAt} title={dateTime(entry.createdAt, props.now)}>
                        {relativeTime(entry.createdAt, props.now)}
                      </time>
                    </div>
                  </li>
                )}
              </For>
            </ol>
          </Show>
        </section>
      )}
    </Show>
  );
}
