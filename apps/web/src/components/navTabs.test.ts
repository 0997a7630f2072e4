import { describe, expect, it } from 'vitest';
import { navTabs } from './navTabs';

const ids = (tabs: { testid: string }[]) => tabs.map((tab) => tab.testid);

describe('navTabs', () => {
  it('shows everything when five tabs fit (no Problems for a picker)', () => {
    const { tabs, more } = navTabs(['orders:read', 'picking']);
    expect(ids(tabs)).toEqual(['nav-today', 'nav-orders', 'nav-floor', 'nav-stock', 'nav-settings']);
    expect(more).toEqual([]);
  });

  it('folds the last destinations behind "More" when a manager has six', () => {
    const { tabs, more } = navTabs(['orders:read', 'exceptions:read']);
    expect(ids(tabs)).toEqual(['nav-today', 'nav-orders', 'nav-problems', 'nav-floor', 'nav-more']);
    expect(ids(more)).toEqual(['nav-stock', 'nav-settings']);
  });

  it('puts Returns behind "More" for those who decide returns', () => {
    expect(ids(navTabs(['orders:read', 'exceptions:read', 'returns:manage']).more)).toEqual(['nav-stock', 'nav-settings', 'nav-returns']);
    expect(ids(navTabs(['orders:read', 'packing', 'returns:receive']).tabs)).not.toContain('nav-returns');
  });

  it('puts Reviews behind "More" for those who read reviews (managers, support)', () => {
    expect(ids(navTabs(['orders:read', 'exceptions:read', 'reviews:read']).more)).toEqual(['nav-stock', 'nav-settings', 'nav-reviews']);
    expect(ids([...navTabs(['orders:read', 'packing']).tabs, ...navTabs(['orders:read', 'packing']).more])).not.toContain('nav-reviews');
  });
});
