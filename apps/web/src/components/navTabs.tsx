import type { JSX } from 'solid-js';
import type { TextKey } from '../i18n';
import type { Permission } from '../auth/viewer';

const ICONS: Record<string, JSX.Element> = {
  more: <path d="M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h6v6h-6z" />,
  today: <path d="M4 6h16v14H4zM4 10h16M8 3v5M16 3v5" />,
  orders: <path d="M5 4h14v16H5zM8 8h8M8 12h8M8 16h5" />,
  stock: <path d="M3 8l9-5 9 5v12H3zM7 20v-7h10v7M7 16h10" />,
  floor: <path d="M3 7h10v10H3zM13 10h4l4 4v3h-8M7 20a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM17 20a2 2 0 1 0 0-4 2 2 0 0 0 0 4" />,
  problems: <path d="M12 3l10 18H2zM12 10v5M12 18v.01" />,
  returns: <path d="M9 14L4 9l5-5M4 9h11a5 5 0 0 1 0 10h-4" />,
  reviews: <path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z" />,
  dashboard: <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />,
  settings: (
    <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 13a7.5 7.5 0 0 0 0-2l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-1.7-1L15 3h-4l-.4 2.6a7.5 7.5 0 0 0-1.7 1l-2.4-1-2 3.4 2 1.6a7.5 7.5 0 0 0 0 2l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 1.7 1L11 21h4l.4-2.6a7.5 7.5 0 0 0 1.7-1l2.4 1 2-3.4z" />
  ),
};

export interface NavTab {
  href: string;
  key: TextKey;
  icon: string;
  testid: string;
  end?: boolean;
  permission?: Permission;
}

/** A tab with a `permission` shows only to those who have it (Problems: managers and support). */
const TABS: NavTab[] = [
  { href: '/today', key: 'nav.today', icon: 'today', testid: 'nav-today' },
  { href: '/', key: 'nav.orders', icon: 'orders', testid: 'nav-orders', end: true },
  { href: '/problems', key: 'nav.problems', icon: 'problems', testid: 'nav-problems', permission: 'exceptions:read' },
  { href: '/floor', key: 'nav.floor', icon: 'floor', testid: 'nav-floor' },
  { href: '/stock', key: 'nav.stock', icon: 'stock', testid: 'nav-stock' },
  { href: '/settings', key: 'nav.settings', icon: 'settings', testid: 'nav-settings' },
  // Managers and support decide returns; the floor reaches the returns station from the Floor tab.
  { href: '/returns', key: 'nav.returns', icon: 'returns', testid: 'nav-returns', permission: 'returns:manage' },
  // Managers' picture of the business (orders, shipping, returns, ratings); last, so the floor's tabs keep their places.
  // Managers and support answer buyers' reviews.
  { href: '/reviews', key: 'nav.reviews', icon: 'reviews', testid: 'nav-reviews', permission: 'reviews:read' },
  { href: '/dashboard', key: 'nav.dashboard', icon: 'dashboard', testid: 'nav-dashboard', permission: 'dashboard:read' },
];

/** Five tabs fit a 360 px screen in every language; with more, the last ones move behind "More". */
const MAX_TABS = 5;
export const MORE_TAB: NavTab = { href: '/more', key: 'nav.more', icon: 'more', testid: 'nav-more' };

/** The tabs a person sees (by permission) and the destinations folded behind "More". */
export function navTabs(permissions: readonly string[] | undefined): { tabs: NavTab[]; more: NavTab[] } {
  const allowed = TABS.filter((tab) => !tab.permission || (permissions?.includes(tab.permission) ?? false));
  if (allowed.length <= MAX_TABS) return { tabs: allowed, more: [] };
  return { tabs: [...allowed.slice(0, MAX_TABS - 1), MORE_TAB], more: allowed.slice(MAX_TABS - 1) };
}

export function NavIcon(props: { icon: string }) {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" stroke-linecap="round">
      {ICONS[props.icon]}
    </svg>
  );
}
