import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, MANAGER_PERMISSIONS, meResponse } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { daysBetween } from './DashboardPage';

const dashboard = (days: string[]) => ({
  data: {
    dashboard: {
      __typename: 'Dashboard',
      ordersPerDay: [
        { __typename: 'DashboardOrdersPerDay', day: days[0], channel: 'ozon', orders: 3 },
        { __typename: 'DashboardOrdersPerDay', day: days[0], channel: 'manual', orders: 1 },
        { __typename: 'DashboardOrdersPerDay', day: days.at(-1), channel: 'ozon', orders: 2 },
      ],
      orders: 6,
      revenue: [{ __typename: 'MoneySum', minorUnits: 1_234_00, currency: 'RUB' }],
      onTimeRate: 0.75,
      shippedOnTime: 3,
      shipDue: 4,
      lateRiskNow: 2,
      openExceptions: 0,
      ratingTrendUnit: 'DAY',
      ratingTrend: [
        { __typename: 'DashboardRatingPoint', period: days[0], averageRating: 4.5, reviews: 2 },
        { __typename: 'DashboardRatingPoint', period: days.at(-1), averageRating: 3, reviews: 1 },
      ],
      topProductsBySales: [{ __typename: 'DashboardProductSales', productId: 'p1', sku: 'MUG', name: 'Mug', units: 5 }],
      returns: {
        __typename: 'ReturnStats',
        returnRate: 0.1,
        topReasons: [{ __typename: 'ReturnReasonCount', reason: 'DEFECTIVE', units: 2 }],
        topProducts: [{ __typename: 'ReturnedProduct', sku: 'MUG', name: 'Mug', units: 2 }],
      },
      promotions: [
        { __typename: 'PromotionResult', promotionId: 'pr1', name: 'Spring sale', orders: 3, discount: { __typename: 'MoneySum', minorUnits: 45000, currency: 'RUB' } },
      ],
    },
  },
});

const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function api(permissions = [...MANAGER_PERMISSIONS, 'dashboard:read']) {
  return createMockFetch({
    Me: () => meResponse({ roles: ['MANAGER'], permissions }),
    Dashboard: ({ variables }) => {
      const range = variables.range as { from: string; to: string };
      return dashboard(daysBetween(isoDay(new Date(range.from)), isoDay(new Date(new Date(range.to).getTime() - 1))));
    },
  });
}

describe('DashboardPage', () => {
  it('shows the figures and draws the charts for the last 30 days, and switches presets', async () => {
    const mock = api();
    renderApp({ fetch: mock.fetch, locale: 'en', path: '/dashboard' });
    const tiles = await screen.findByTestId('dashboard-tiles');
    expect(within(tiles).getByTestId('dashboard-orders').textContent).toBe('6Orders');
    expect(within(tiles).getByTestId('dashboard-on-time').textContent).toBe('75%Shipped on time');
    // Whole roubles on the tile, the exact amount read out.
    expect(within(tiles).getByTestId('dashboard-revenue').querySelector('[aria-hidden="true"]')!.textContent).toBe('₽1,234');
    expect(within(tiles).getByTestId('dashboard-revenue').querySelector('.visually-hidden')!.textContent).toBe('₽1,234.00');
    expect(within(tiles).getByTestId('dashboard-late-risk').className).toContain('dashboard__tile--alert');
    expect(within(tiles).getByTestId('dashboard-return-rate').textContent).toBe('10%Return rate');
    // Three stacked segments (ozon + manual on the first day, ozon on the last), two rating dots.
    const orders = screen.getByTestId('chart-orders');
    expect(orders.querySelectorAll('rect.chart__bar')).toHaveLength(3);
    expect(orders.getAttribute('aria-label')).toMatch(/^6 orders from /);
    expect(screen.getByTestId('chart-rating').querySelectorAll('circle')).toHaveLength(2);
    expect(screen.getByTestId('dashboard-return-reasons').textContent).toContain('Defective');
    expect(screen.getByTestId('dashboard-top-sales').textContent).toContain('5 units');
    expect(screen.getByTestId('dashboard-promotions').textContent).toMatch(/Spring sale.*3 orders · .*450.* off/);

    const first = mock.requests.find((r) => r.operationName === 'Dashboard')!;
    const range = first.variables.range as { from: string; to: string };
    expect(Math.round((new Date(range.to).getTime() - new Date(range.from).getTime()) / 86_400_000)).toBe(30);
    fireEvent.click(screen.getAllByTestId('dashboard-preset').find((b) => b.dataset.days === '7')!);
    await waitFor(() => {
      const last = mock.requests.filter((r) => r.operationName === 'Dashboard').at(-1)!;
      const r = last.variables.range as { from: string; to: string };
      expect(Math.round((new Date(r.to).getTime() - new Date(r.from).getTime()) / 86_400_000)).toBe(7);
    });
  });

  it('is forbidden without dashboard:read', async () => {
    renderApp({ fetch: api([...MANAGER_PERMISSIONS]).fetch, locale: 'ru', path: '/dashboard' });
    expect(await screen.findByTestId('dashboard-forbidden')).toBeTruthy();
  });
});
