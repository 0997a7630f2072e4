import { Show } from 'solid-js';
import { useI18n } from '../i18n';
import { offlineSavedAt } from '../graphql/client';

/** "Offline — showing saved data from <time>" above data that came from the offline cache. */
export function OfflineBanner(props: { result: { extensions?: Record<string, unknown> } | undefined; onRetry?: () => void }) {
  const { t, dateTime, relativeTime } = useI18n();
  return (
    <Show when={offlineSavedAt(props.result)}>
      {(savedAt) => (
        <div class="offline-banner" role="status" data-testid="offline-banner" data-saved-at={savedAt()}>
          <span aria-hidden="true">⚡</span>
          <span class="offline-banner__text">{t('offline.savedData', { time: dateTime(savedAt()), ago: relativeTime(savedAt()) })}</span>
          <Show when={props.onRetry}>
            <button type="button" class="button button--small" data-testid="offline-retry" onClick={() => props.onRetry?.()}>
              {t('queue.error.retry')}
            </button>
          </Show>
        </div>
      )}
    </Show>
  );
}
