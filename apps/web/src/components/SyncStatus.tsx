import { Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../i18n';
import { online } from '../offline/network';
import { useOutbox } from '../offline/outbox';

/**
 * Header pill: offline, changes waiting to sync (count), changes that need attention. Opens /sync.
 * Its accessible name is what shows, then the whole sentence (hidden): the visible words stay in it.
 */
export function SyncStatus() {
  const { t, tn, number } = useI18n();
  const outbox = useOutbox();
  const visible = () => !online() || outbox.pendingCount() > 0 || outbox.attentionCount() > 0;
  const label = () =>
    [
      !online() ? t('sync.offline') : '',
      outbox.pendingCount() ? tn('sync.pending', outbox.pendingCount()) : '',
      outbox.attentionCount() ? tn('sync.attention', outbox.attentionCount()) : '',
    ]
      .filter(Boolean)
      .join(', ');
  return (
    <Show when={visible()}>
      <A
        href="/sync"
        class="sync-status"
        classList={{ 'sync-status--offline': !online(), 'sync-status--attention': outbox.attentionCount() > 0 }}
        data-testid="sync-status"
        title={label()}
      >
        <Show when={!online()}>
          <span class="sync-status__offline" data-testid="offline-indicator">
            {t('sync.offlineShort')}
          </span>
        </Show>
        <Show when={outbox.pendingCount() > 0}>
          <span class="sync-status__count" data-testid="sync-pending-count">
            <span aria-hidden="true">⇅</span>
            {number(outbox.pendingCount())}
          </span>
        </Show>
        <Show when={outbox.attentionCount() > 0}>
          <span class="sync-status__attention" data-testid="sync-attention-count">
            <span aria-hidden="true">!</span>
            {number(outbox.attentionCount())}
          </span>
        </Show>
        <span class="visually-hidden">{`: ${label()}`}</span>
      </A>
    </Show>
  );
}
