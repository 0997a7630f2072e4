import { createEffect, For, Show, Suspense, type JSX, type ParentProps } from 'solid-js';
import { A, useCurrentMatches, useLocation, useNavigate } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../i18n';
import type { TextKey } from '../i18n';
import { LOGIN_PATH, loginEnabled, setUnauthenticated, unauthenticated } from '../auth/session';
import type { Permission } from '../auth/viewer';
import { MeQuery } from '../pages/login/login.graphql';
import { LanguageSwitch } from './LanguageSwitch';
import { Spinner } from './StateMessage';
import { SyncStatus } from './SyncStatus';
import { UpdateToast } from './UpdateToast';

const ICONS: Record<string, JSX.Element> = {
  today: <path d="M4 6h16v14H4zM4 10h16M8 3v5M16 3v5" />,
  orders: <path d="M5 4h14v16H5zM8 8h8M8 12h8M8 16h5" />,
  stock: <path d="M3 8l9-5 9 5v12H3zM7 20v-7h10v7M7 16h10" />,
  floor: <path d="M3 7h10v10H3zM13 10h4l4 4v3h-8M7 20a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM17 20a2 2 0 1 0 0-4 2 2 0 0 0 0 4" />,
  problems: <path d="M12 3l10 18H2zM12 10v5M12 18v.01" />,
  settings: (
    <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 13a7.5 7.5 0 0 0 0-2l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-1.7-1L15 3h-4l-.4 2.6a7.5 7.5 0 0 0-1.7 1l-2.4-1-2 3.4 2 1.6a7.5 7.5 0 0 0 0 2l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 1.7 1L11 21h4l.4-2.6a7.5 7.5 0 0 0 1.7-1l2.4 1 2-3.4z" />
  ),
};

/** A tab with a `permission` shows only to those who have it (Problems: managers and support). */
const TABS: { href: string; key: TextKey; icon: string; testid: string; end?: boolean; permission?: Permission }[] = [
  { href: '/today', key: 'nav.today', icon: 'today', testid: 'nav-today' },
  { href: '/', key: 'nav.orders', icon: 'orders', testid: 'nav-orders', end: true },
  { href: '/problems', key: 'nav.problems', icon: 'problems', testid: 'nav-problems', permission: 'exceptions:read' },
  { href: '/floor', key: 'nav.floor', icon: 'floor', testid: 'nav-floor' },
  { href: '/stock', key: 'nav.stock', icon: 'stock', testid: 'nav-stock' },
  { href: '/settings', key: 'nav.settings', icon: 'settings', testid: 'nav-settings' },
];

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
  const tabs = () => TABS.filter((tab) => !tab.permission || (me.data?.me?.permissions.includes(tab.permission) ?? false));

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
          <For each={tabs()}>
            {(tab) => (
              <A
                href={tab.href}
                end={tab.end}
                class="tabbar__tab"
                activeClass="is-active"
                // The Orders tab stays lit on /orders/:id too (A's own matching covers only "/").
                classList={tab.href === '/' ? { 'is-active': ordersActive() } : tab.href === '/floor' ? { 'is-active': floorActive() } : undefined}
                data-testid={tab.testid}
              >
                <svg
                  viewBox="0 0 24 24"
                  width="24"
                  height="24"
                  aria-hidden="true"
                  fill="none"
                  stroke="currentColor"
                  stroke-width="2"
                  stroke-linejoin="round"
                  stroke-linecap="round"
                >
                  {ICONS[tab.icon]}
                </svg>
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
