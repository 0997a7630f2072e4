import { createMemo, For, Show } from 'solid-js';
import { useI18n, type TextKey } from '../../i18n';
import type { OrderEventNode, OrderNotification } from './orderDetail.graphql';

const STATUS_TONE: Record<OrderNotification['status'], string> = { SENT: 'done', QUEUED: 'new', FAILED_RETRYING: 'alert' };
/** The notifier ports we ship (the API's BuyerNotifier names); any other is shown as named. */
const KNOWN_CHANNELS = ['smtp', 'log', 'ozon'] as const;
const CONTACT_TEMPLATES = ['DELIVERY_DELAYED', 'DELIVERY_CHECK', 'ADDRESS_CHECK', 'PICKUP_REMINDER', 'CLAIM_UPDATE', 'RESHIP_SENT'] as const;

/**
 * Which channel each notice went out by (or last failed on): the timeline's BUYER_NOTIFIED and
 * NOTIFICATION_FAILED entries name it (`via`) with the notice's id. Unknown until the first try.
 */
export function channelsByNotice(events: readonly OrderEventNode[]): Map<string, string> {
  const channels = new Map<string, string>();
  for (const event of events) {
    if (event.type !== 'BUYER_NOTIFIED' && event.type !== 'NOTIFICATION_FAILED') continue;
    const data = event.data as { notificationId?: unknown; via?: unknown } | null;
    if (typeof data?.notificationId === 'string' && typeof data.via === 'string') channels.set(data.notificationId, data.via);
  }
  return channels;
}

/**
 * The notices sent to the buyer about this order (shipped, delay, pickup reminder, claim and
 * reship news, staff messages): what, by which channel, when, and how sending went — a failed one
 * says how often it failed, when it is tried again and the kind of error. Nothing about the buyer
 * (the API gives no address or text here).
 */
export function OrderNotifications(props: { notifications: readonly OrderNotification[] | undefined; events: readonly OrderEventNode[]; now: Date }) {
  const { t, tn, dateTime, relativeTime } = useI18n();
  const channels = createMemo(() => channelsByNotice(props.events));
  const what = (n: OrderNotification) =>
    n.kind === 'CONTACT_BUYER' && (CONTACT_TEMPLATES as readonly string[]).includes(n.template)
      ? t(`contactTemplate.${n.template as (typeof CONTACT_TEMPLATES)[number]}`)
      : t(`notice.kind.${n.kind}`);
  const channel = (id: string) => {
    const via = channels().get(id);
    if (!via) return undefined;
    return (KNOWN_CHANNELS as readonly string[]).includes(via) ? t(`notice.channel.${via}` as TextKey) : via;
  };
  return (
    <Show when={(props.notifications ?? []).length > 0}>
      <section class="card" aria-labelledby="order-notices-title" data-testid="order-notifications">
        <h2 id="order-notices-title" class="card__title">
          {t('notice.title')}
        </h2>
        <ul class="plain-list">
          <For each={[...(props.notifications ?? [])].reverse()}>
            {(notice) => (
              <li class="evidence" data-testid="order-notification" data-kind={notice.kind} data-template={notice.template} data-status={notice.status}>
                <div class="order-row__head">
                  <strong data-testid="notification-what">{what(notice)}</strong>
                  <span class="order-row__spacer" />
                  <span class={`badge tone-${STATUS_TONE[notice.status]}`} data-testid="notification-status">
                    {t(`notice.status.${notice.status}`)}
                  </span>
                </div>
                <p class="muted" data-testid="notification-when">
                  <Show
                    when={notice.sentAt}
                    fallback={
                      <time datetime={notice.queuedAt} title={dateTime(notice.queuedAt, props.now)}>
                        {t('notice.queuedAt', { time: relativeTime(notice.queuedAt, props.now) })}
                      </time>
                    }
                  >
                    {(sentAt) => (
                      <time datetime={sentAt()} title={dateTime(sentAt(), props.now)}>
                        {t('notice.sentAt', { time: relativeTime(sentAt(), props.now) })}
                      </time>
                    )}
                  </Show>
                  <Show when={channel(notice.id)}>
                    {(via) => (
                      <>
                        {' · '}
                        <span data-testid="notification-channel">{t('notice.via', { channel: via() })}</span>
                      </>
                    )}
                  </Show>
                </p>
                <Show when={notice.status === 'FAILED_RETRYING'}>
                  <p class="notification-retry" data-testid="notification-retry">
                    {tn('notice.attempts', notice.attempts)}
                    <Show when={notice.nextAttemptAt}>{(at) => ` · ${t('notice.nextAttempt', { time: relativeTime(at(), props.now) })}`}</Show>
                    <Show when={notice.lastError}>
                      {(error) => (
                        <>
                          {' · '}
                          <span class="mono" data-testid="notification-error">
                            {error()}
                          </span>
                        </>
                      )}
                    </Show>
                  </p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
