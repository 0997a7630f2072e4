import { For } from 'solid-js';
import { LOCALES, LOCALE_AUTONYMS, useI18n } from '../i18n';
import { isLocale } from '../i18n/detect';

/** Native <select>: large, thumb-friendly and accessible on phones; names are autonyms. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div class="language-switch">
      <svg class="language-switch__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <g fill="none" stroke="currentColor" stroke-width="2">
          <circle cx="12" cy="12" r="9.5" />
          <path d="M2.5 12h19M12 2.5c-3.2 3.4-3.2 15.6 0 19M12 2.5c3.2 3.4 3.2 15.6 0 19" />
        </g>
      </svg>
      <select
        data-testid="language-switch"
        aria-label={t('language.label')}
        title={t('language.label')}
        value={locale()}
        onChange={(event) => {
          const select = event.currentTarget;
          const next = select.value;
          // The dictionary may need loading (offline before it was cached: stay on the current one).
          if (isLocale(next)) void setLocale(next).catch(() => (select.value = locale()));
        }}
      >
        <For each={LOCALES}>
          {(code) => (
            <option value={code} lang={code}>
              {LOCALE_AUTONYMS[code]}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}
