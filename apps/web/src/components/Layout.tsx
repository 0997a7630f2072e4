import { createEffect, For, Show, Suspense, type ParentProps } from 'solid-js';
import { A, useCurrentMatches, useLocation, useNavigate } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../i18n';
import { LOGIN_PATH, loginEnabled, setUnauthenticated, unauthenticated } from '../auth/session';
import { MeQuery } from '../pages/login/login.graphql';
import { LanguageSwitch } from './LanguageSwitch';
import { Spinner } from './StateMessage';
import { SyncStatus } from './SyncStatus';
import { UpdateToast } from './UpdateToast';
import { MORE_TAB, NavIcon, navTabs } from './navTabs';

/** The warehouse-floor stations live under the Floor tab. */
const FLOOR_PATHS = /^\/(floor|pick|pack|handover|ship)(\/|$)/;

/**
 * App shell: header (brand, sync status, language switch), the current route, and a bottom tab bar
 * (Today · Orders · Floor · Stock · Settings) in thumb reach.
 */
export function Layout(props: ParentProps) {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();

  // An UNAUTHENTICATED answer from the API: log in, then come back here.
  createEffect(() => {
    if (!unauthenticated() || !loginEnabled) return;
    if (location.pathname === LOGIN_PATH) return;
    setUnauthenticated(false);
    navigate(`${LOGIN_PATH}?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });

  // The viewer's permissions decide the tabs; not asked on the screens that need no session (login, outbox, not found).
  const matches = useCurrentMatches();
  const isPublic = () => matches().some((m) => m.route.info?.public === true);
  const [me] = createQuery({ query: MeQuery, requestPolicy: 'cache-first', pause: isPublic });
  const nav = () => navTabs(me.data?.me?.permissions);
  const moreActive = () => location.pathname === '/more' || nav().more.some((tab) => location.pathname.startsWith(tab.href));

  const ordersActive = () => location.pathname === '/' || location.pathname.startsWith('/orders');
  const floorActive = () => FLOOR_PATHS.test(location.pathname);

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="app-header" data-testid="app-header">
        <A href="/" class="brand" end>
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span class="brand__name">{t('app.name')}</span>
        </A>
        <span class="app-header__spacer" />
        <SyncStatus />
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
      <Show when={location.pathname !== LOGIN_PATH}>
        <nav class="tabbar" aria-label={t('nav.main')} data-testid="tabbar">
          <For each={nav().tabs}>
            {(tab) => (
              <A
                href={tab.href}
                end={tab.end}
                class="tabbar__tab"
                activeClass="is-active"
                // The Orders tab stays lit on /orders/:id too (A's own matching covers only "/").
                classList={
                  tab.href === '/'
                    ? { 'is-active': ordersActive() }
                    : tab.href === '/floor'
                      ? { 'is-active': floorActive() }
                      : tab === MORE_TAB
                        ? { 'is-active': moreActive() }
                        : undefined
                }
                data-testid={tab.testid}
              >
                <NavIcon icon={tab.icon} />
                <span class="tabbar__label">{t(tab.key)}</span>
              </A>
            )}
          </For>
        </nav>
      </Show>
      <UpdateToast />
    </div>
  );
}
