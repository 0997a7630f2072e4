import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { online } from '../../offline/network';
import { useOutbox } from '../../offline/outbox';
import type { OutboxItem } from '../../offline/outboxStore';
import { opLabel } from '../../components/opLabel';
import { useRefusalText } from '../../offline/conflicts';

/**
 * Sync (route /sync, opened from the header pill): changes waiting to be sent, in order, and the
 * ones that need attention — refused by the API (conflicts: the order changed or was cancelled
 * meanwhile) or failed — until a person dismisses them. Nothing disappears silently. A refusal says
 * why in the worker's words (mapped from the API's code and message), which order it was about, and
 * what to do now with the goods in hand (offline/conflicts.ts).
 */
export default function SyncPage() {
  const { t, tn, dateTime } = useI18n();
  const outbox = useOutbox();
  const refusal = useRefusalText();
  const pending = () => outbox.items().filter((i) => i.status === 'pending');
  const attention = () => outbox.items().filter((i) => i.status !== 'pending');

  const subjectHref = (entity: NonNullable<OutboxItem['entity']>) => {
    const id = encodeURIComponent(entity.id);
    switch (entity.type) {
      case 'Order':
        return `/orders/${id}`;
      case 'PickList':
        return `/pick/${id}`;
      case 'Manifest':
        return `/handover/${id}`;
      case 'PurchaseOrder':
        return `/receive/${id}`;
      case 'Review':
        return `/reviews/${id}`;
      case 'Product':
        return `/stock?code=${encodeURIComponent(entity.label)}`;
      default:
        return undefined;
    }
  };
  /** The order an item was about (scans name it in their meta; order actions are about one). */
  const orderOf = (item: OutboxItem): { id?: string; number: number } | undefined => {
    const number = item.meta?.orderNumber;
    if (typeof number !== 'number') return undefined;
    const id = typeof item.meta?.orderId === 'string' ? item.meta.orderId : undefined;
    return { id, number };
  };
  /** The subject's name: a pick list is "List #3" (a bare "#3" reads as an order number). */
  const subjectLabel = (entity: NonNullable<OutboxItem['entity']>) =>
    entity.type === 'PickList' ? t('pick.listTitle', { number: entity.label.replace(/^#/, '') }) : entity.label;
  /** What was scanned (scans look alike otherwise). */
  const scanned = (item: OutboxItem) => {
    const code = item.variables.code ?? item.variables.parcelCode;
    return typeof code === 'string' ? code : '';
  };

  const Subject = (props: { item: OutboxItem }) => (
    <Show when={props.item.entity} fallback={<span />}>
      {(entity) => (
        <Show when={subjectHref(entity())} fallback={<span class="sync-item__subject mono">{subjectLabel(entity())}</span>}>
          {(href) => (
            <A href={href()} class="sync-item__subject" classList={{ mono: entity().type === 'Product' }}>
              {subjectLabel(entity())}
            </A>
          )}
        </Show>
      )}
    </Show>
  );

  return (
    <section class="page sync" data-testid="sync-page">
      <div class="page-head">
        <div>
          <h1 class="page-title">{t('sync.title')}</h1>
          <p class="page-subtitle">{online() ? t('sync.online') : t('sync.offlineLong')}</p>
        </div>
        <button type="button" class="button" data-testid="sync-now" disabled={!online() || outbox.syncing()} onClick={() => void outbox.flush()}>
          {t('sync.now')}
        </button>
      </div>

      <section class="card" aria-labelledby="attention-title">
        <h2 id="attention-title" class="card__title">
          {t('sync.attentionTitle')} <span class="muted">· {attention().length}</span>
        </h2>
        <Show when={attention().length > 0} fallback={<p class="muted">{t('sync.attentionNone')}</p>}>
          <ul class="sync-list" data-testid="sync-attention">
            <For each={attention()}>
              {(item) => (
                <li class="sync-item sync-item--attention" data-testid="sync-attention-item" data-op={item.op} data-status={item.status}>
                  <div class="sync-item__head">
                    <strong>{opLabel(t, item.op)}</strong>
                    <Subject item={item} />
                  </div>
                  <p class="muted small">
                    {dateTime(item.createdAt)}
                    <Show when={scanned(item)}>
                      {' '}
                      · <span class="mono">{scanned(item)}</span>
                    </Show>
                  </p>
                  <Show when={orderOf(item)}>
                    {(order) => (
                      <p class="sync-item__order" data-testid="sync-attention-order">
                        <Show when={order().id} fallback={t('order.number', { number: order().number })}>
                          {(id) => <A href={`/orders/${encodeURIComponent(id())}`}>{t('order.number', { number: order().number })}</A>}
                        </Show>
                      </p>
                    )}
                  </Show>
                  <ul class="notice__list">
                    <For each={item.userErrors ?? []}>
                      {(error) => {
                        const why = () => refusal(item, error);
                        return (
                          <li data-testid="sync-attention-error" data-code={error.code}>
                            <span data-testid="sync-attention-reason">{why().reason}</span>
                            <Show when={why().next}>
                              {(next) => (
                                <strong class="sync-item__next" data-testid="sync-attention-next">
                                  {t('sync.nextStep')} {next()}
                                </strong>
                              )}
                            </Show>
                            <Show when={error.code !== 'SHORTAGE' && error.message}>
                              <span class="muted small sync-item__server" data-testid="sync-attention-server">
                                {t('sync.serverSaid', { message: error.message })}
                              </span>
                            </Show>
                          </li>
                        );
                      }}
                    </For>
                    <Show when={item.status === 'failed'}>
                      <li>
                        {t('detail.failed')} <span class="muted">({item.lastError})</span>
                      </li>
                    </Show>
                  </ul>
                  <div class="button-row">
                    <Show when={item.status === 'failed'}>
                      <button type="button" class="button" onClick={() => void outbox.retry(item.seq!)}>
                        {t('queue.error.retry')}
                      </button>
                    </Show>
                    <button type="button" class="button" data-testid="sync-dismiss" onClick={() => void outbox.dismiss(item.seq!)}>
                      {(item.userErrors ?? []).some((e) => refusal(item, e).next) ? t('sync.dismissDone') : t('sync.dismiss')}
                    </button>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <section class="card" aria-labelledby="pending-title">
        <h2 id="pending-title" class="card__title">
          {tn('sync.pending', pending().length)}
        </h2>
        <Show
          when={pending().length > 0}
          fallback={
            <p class="muted" data-testid="sync-all-sent">
              {t('sync.allSent')}
            </p>
          }
        >
          <ol class="sync-list" data-testid="sync-pending">
            <For each={pending()}>
              {(item) => (
                <li class="sync-item" data-testid="sync-pending-item" data-op={item.op}>
                  <div class="sync-item__head">
                    <strong>{opLabel(t, item.op)}</strong>
                    <Subject item={item} />
                  </div>
                  <p class="muted small">
                    {dateTime(item.createdAt)}
                    <Show when={scanned(item)}>
                      {' '}
                      · <span class="mono">{scanned(item)}</span>
                    </Show>
                    {item.attempts > 0 ? ` · ${tn('sync.attempts', item.attempts)}` : ''}
                  </p>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>
    </section>
  );
}
