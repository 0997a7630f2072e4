import { For, Show } from 'solid-js';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import type { TextKey } from '../../i18n';
import { isOrderEventType } from '../../graphql/types';
import { OrderMarketplacePostingQuery, type MarketplacePosting } from './marketplacePosting.graphql';
import { ozonCodeLabel, ozonStateText } from './ozonStatus';
import { PostingMarkingUnits } from './PostingMarkingUnits';

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

/** One of Ozon's status codes in the floor's language; a code not known here as a generic label with the code in small print. */
function OzonCode(props: { kind: 'status' | 'substatus'; code: string }) {
  const { t } = useI18n();
  return (
    <span data-code={props.code}>
      <Show
        when={ozonCodeLabel(t, props.kind, props.code)}
        fallback={
          <>
            {t('ozon.statusUnknown')} <small class="mono">{props.code}</small>
          </>
        }
      >
        {(label) => label()}
      </Show>
    </span>
  );
}

/** Ozon's status with its substatus (when it has one). */
function OzonState(props: { status: string; substatus: string | null | undefined }) {
  return (
    <>
      <OzonCode kind="status" code={props.status} />
      <Show when={props.substatus}>
        {(substatus) => (
          <>
            {' · '}
            <OzonCode kind="substatus" code={substatus()} />
          </>
        )}
      </Show>
    </>
  );
}

/**
 * An Ozon order's posting (order detail): its number, Ozon's status and substatus (in the floor's
 * language), the cut-off, what Ozon still wants before it takes the parcel, the marking code of each
 * unit and whether Ozon has it, the parts of a split, and the sync history —
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
      from: ozonStateText(t, data.from, data.fromSubstatus),
      to: change === 'state' ? ozonStateText(t, data.status, data.substatus) : ozonStateText(t, data.to, data.toSubstatus),
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
            <dd data-testid="posting-status">
              <OzonState status={p().status} substatus={p().substatus} />
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
          <PostingMarkingUnits posting={p()} />
          <Show when={p().parts.length > 0}>
            <h3 class="marketplace-posting__subtitle">{t('ozon.parts')}</h3>
            <ul data-testid="posting-parts">
              <For each={p().parts}>
                {(part) => (
                  <li>
                    <span class="mono">{part.postingNumber}</span> · <OzonState status={part.status} substatus={part.substatus} />
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
