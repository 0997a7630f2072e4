import { Suspense, type ParentProps } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { Spinner } from './StateMessage';
import { UpdateToast } from './UpdateToast';

/** App shell: header (brand, navigation, language switch) + the current route. */
export function Layout(props: ParentProps) {
  const { t } = useI18n();
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="app-header" data-testid="app-header">
        <A href="/" class="brand" end>
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>{t('app.name')}</span>
        </A>
        <nav class="app-nav" aria-label={t('nav.main')}>
          <A href="/" end activeClass="is-active" data-testid="nav-orders">
            {t('nav.orders')}
          </A>
        </nav>
        <LanguageSwitch />
      </header>
      <main id="main" class="app-main" tabindex="-1">
        <Suspense
          fallback={
            <div class="route-loading" data-testid="route-loading">
              <Spinner label={t('app.loading')} />
            </div>
          }
        >
          {props.children}
        </Suspense>
      </main>
      <UpdateToast />
    </div>
  );
}
