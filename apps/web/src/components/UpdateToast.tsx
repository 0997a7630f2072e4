import { Show } from 'solid-js';
import { useI18n } from '../i18n';
import { dismissUpdate, needRefresh, updateApp } from '../pwa/state';

/** Shown when a new app version is waiting: the user decides when to reload (never mid-task). */
export function UpdateToast() {
  const { t } = useI18n();
  return (
    <Show when={needRefresh()}>
      <div class="toast" role="status" data-testid="update-toast">
        <span class="toast__text">{t('pwa.updateAvailable')}</span>
        <div class="toast__actions">
          <button type="button" class="button button--ghost" onClick={dismissUpdate}>
            {t('pwa.later')}
          </button>
          <button type="button" class="button button--primary" data-testid="update-app" onClick={() => void updateApp()}>
            {t('pwa.update')}
          </button>
        </div>
      </div>
    </Show>
  );
}
