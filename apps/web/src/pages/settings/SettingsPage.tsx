import { createSignal, For, Show } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { LogoutMutation, MeQuery } from '../login/login.graphql';
import { LOCALES, LOCALE_AUTONYMS, useI18n } from '../../i18n';
import { isLocale } from '../../i18n/detect';
import { LABEL_FORMATS, labelFormat, PACKING_SLIP_LOCALES, packingSlipLocale, setLabelFormat, setPackingSlipLocale } from '../../lib/settings';
import { clearSavedResponses, savedResponseCount } from '../../offline/responseCache';
import { useOutbox } from '../../offline/outbox';
import { forgetSignedIn } from '../../components/SessionGate';
import { PrintersSection } from './PrintersSection';
import { MarketplaceSection } from './MarketplaceSection';

/** Settings (route /settings): language, label format and printers for the printing screens, offline data. */
export default function SettingsPage() {
  const { t, tn, locale, setLocale } = useI18n();
  const outbox = useOutbox();
  const [saved, setSaved] = createSignal(savedResponseCount());
  const [confirming, setConfirming] = createSignal(false);
  const [cleared, setCleared] = createSignal(false);
  const client = useClient();
  const navigate = useNavigate();
  const [me] = createQuery({ query: MeQuery, requestPolicy: 'cache-and-network', context: { persist: false } });
  const [confirmLogout, setConfirmLogout] = createSignal(false);
  const logout = async () => {
    if (outbox.pendingCount() > 0 && !confirmLogout()) return setConfirmLogout(true);
    await client.mutation(LogoutMutation, {}).toPromise();
    forgetSignedIn();
    // What this user looked at stays on the device no longer than the session.
    clearSavedResponses();
    // A full page load in the app also empties the in-memory query cache (the next user sees nothing of this one's).
    if (import.meta.env.PROD) window.location.replace('/login');
    else navigate('/login', { replace: true });
  };

  const clear = async () => {
    clearSavedResponses();
    // Conflicts and failures are cleared too; changes not sent yet are kept unless confirmed.
    if (outbox.pendingCount() === 0 || confirming()) await outbox.clear();
    else for (const item of outbox.items().filter((i) => i.status !== 'pending')) await outbox.dismiss(item.seq!);
    setSaved(savedResponseCount());
    setConfirming(false);
    setCleared(true);
  };

  return (
    <section class="page settings" data-testid="settings-page">
      <div class="page-head">
        <h1 class="page-title">{t('settings.title')}</h1>
      </div>

      <Show when={me.data?.me}>
        {(who) => (
          <section class="card" data-testid="settings-account">
            <h2 class="card__title">{t('settings.account')}</h2>
            <p>
              <strong data-testid="settings-user-name">{who().user?.name ?? who().actor}</strong>
              <Show when={who().user?.email}>
                <span class="muted"> · {who().user?.email}</span>
              </Show>
            </p>
            <Show when={confirmLogout()}>
              <p class="notice notice--warning" role="alert">
                {tn('settings.logoutPendingWarning', outbox.pendingCount())}
              </p>
            </Show>
            <button type="button" class="button button--wide" data-testid="logout" onClick={() => void logout()}>
              {confirmLogout() ? t('settings.logoutAnyway') : t('settings.logout')}
            </button>
          </section>
        )}
      </Show>

      <section class="card">
        <h2 class="card__title">{t('language.label')}</h2>
        <div class="radio-list" role="radiogroup" aria-label={t('language.label')} data-testid="settings-language">
          <For each={LOCALES}>
            {(code) => (
              <label class="radio" classList={{ 'radio--checked': locale() === code }}>
                <input
                  type="radio"
                  name="locale"
                  value={code}
                  checked={locale() === code}
                  data-testid="settings-locale"
                  onChange={(e) => isLocale(e.currentTarget.value) && void setLocale(e.currentTarget.value).catch(() => {})}
                />
                <span lang={code}>{LOCALE_AUTONYMS[code]}</span>
              </label>
            )}
          </For>
        </div>
      </section>

      <section class="card">
        <h2 class="card__title">{t('settings.labelFormat')}</h2>
        <p class="muted">{t('settings.labelFormatHint')}</p>
        <div class="radio-list" role="radiogroup" aria-label={t('settings.labelFormat')} data-testid="settings-label-format">
          <For each={LABEL_FORMATS}>
            {(format) => (
              <label class="radio" classList={{ 'radio--checked': labelFormat() === format }}>
                <input
                  type="radio"
                  name="labelFormat"
                  value={format}
                  checked={labelFormat() === format}
                  data-testid="label-format"
                  onChange={() => setLabelFormat(format)}
                />
                <span>
                  <strong>{format}</strong> — {format === 'PDF' ? t('settings.labelPdf') : t('settings.labelZpl')}
                </span>
              </label>
            )}
          </For>
        </div>
      </section>

      <Show when={me.data?.me?.permissions.includes('documents:print')}>
        <PrintersSection canManage={!!me.data?.me?.permissions.includes('printers:manage')} />
      </Show>

      <Show when={me.data?.me?.permissions.includes('marketplaces:manage')}>
        <MarketplaceSection />
      </Show>

      <section class="card">
        <h2 class="card__title">{t('settings.packingSlip')}</h2>
        <p class="muted">{t('settings.packingSlipHint')}</p>
        <div class="radio-list" role="radiogroup" aria-label={t('settings.packingSlip')} data-testid="settings-packing-slip">
          <For each={PACKING_SLIP_LOCALES}>
            {(code) => (
              <label class="radio" classList={{ 'radio--checked': packingSlipLocale() === code }}>
                <input
                  type="radio"
                  name="packingSlipLocale"
                  value={code}
                  checked={packingSlipLocale() === code}
                  data-testid="packing-slip-locale"
                  onChange={() => setPackingSlipLocale(code)}
                />
                <span lang={code === 'zh_CN' ? 'zh-CN' : code}>{LOCALE_AUTONYMS[code === 'zh_CN' ? 'zh-CN' : code]}</span>
              </label>
            )}
          </For>
        </div>
      </section>

      <section class="card">
        <h2 class="card__title">{t('settings.offline')}</h2>
        <p data-testid="settings-offline-summary">
          {tn('settings.savedResponses', saved())} · {tn('sync.pending', outbox.pendingCount())}
        </p>
        <A href="/sync" class="button button--wide" data-testid="settings-open-sync">
          {t('sync.title')}
        </A>
        <Show
          when={confirming()}
          fallback={
            <button
              type="button"
              class="button button--danger-outline button--wide"
              data-testid="clear-offline"
              onClick={() => (outbox.pendingCount() > 0 ? setConfirming(true) : void clear())}
            >
              {t('settings.clearOffline')}
            </button>
          }
        >
          <div class="notice notice--warning" role="alertdialog" data-testid="clear-offline-confirm">
            <p>{tn('settings.clearPendingWarning', outbox.pendingCount())}</p>
            <div class="button-row">
              <button type="button" class="button" onClick={() => setConfirming(false)}>
                {t('action.back')}
              </button>
              <button type="button" class="button button--danger" data-testid="clear-offline-yes" onClick={() => void clear()}>
                {t('settings.clearOfflineConfirm')}
              </button>
            </div>
          </div>
        </Show>
        <Show when={cleared()}>
          <p class="notice notice--success" role="status" data-testid="offline-cleared">
            ✓ {t('settings.cleared')}
          </p>
        </Show>
      </section>
    </section>
  );
}
