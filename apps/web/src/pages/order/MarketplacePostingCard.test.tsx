import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@solidjs/testing-library';
import axe from 'axe-core';
import { createMockFetch, makeOrderDetail } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const ID = 'T3JkZXI6ZGV0YWls';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const entry = (i: number, type: string, data: Record<string, unknown>) => ({ __typename: 'OrderEvent', id: `ev-${i}`, type, createdAt: hoursAgo(10 - i), data });

function posting(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'MarketplacePosting',
    marketplace: 'ozon',
    postingNumber: '87215400-0001-1',
    status: 'awaiting_deliver',
    substatus: 'posting_awaiting_passport_data',
    shipBy: hoursAgo(-5),
    pastCutoff: false,
    requirements: [{ __typename: 'MarketplaceRequirement', code: 'MARKING_CODES', skus: ['TWS-PRO-53'] }],
    parts: [],
    syncHistory: [
      entry(1, 'IMPORTED', { channel: 'ozon', externalId: '87215400-0001-1' }),
      entry(2, 'NOTE_ADDED', {
        source: 'ozon',
        change: 'ozon_status',
        from: 'awaiting_packaging',
        fromSubstatus: 'posting_created',
        to: 'awaiting_packaging',
        toSubstatus: 'posting_acceptance_in_progress',
      }),
      entry(3, 'NOTE_ADDED', { source: 'ozon', change: 'shipped', postingNumbers: ['87215400-0001-1'] }),
      entry(4, 'NOTE_ADDED', { source: 'ozon', change: 'label_fetched', postingNumber: '87215400-0001-1' }),
      entry(5, 'NOTE_ADDED', { source: 'ozon', change: 'act_ready', ozonActId: '5550001', postingNumbers: ['87215400-0001-1'] }),
    ],
    ...overrides,
  };
}

const render = (locale: 'en' | 'ru' | 'zh-CN', value: unknown) => {
  const api = createMockFetch({
    OrderDetail: () => ({ data: { order: makeOrderDetail() } }),
    OrderMarketplacePosting: (r) => ({ data: { order: { __typename: 'Order', id: r.variables.id, marketplacePosting: value } } }),
  });
  renderApp({ fetch: api.fetch, locale, path: `/orders/${ID}` });
  return api;
};

describe('MarketplacePostingCard', () => {
  it('shows the posting number, Ozon status and substatus, cut-off, requirements and the sync history, newest first — axe-clean', async () => {
    render('zh-CN', posting());
    const card = await screen.findByTestId('marketplace-posting');
    expect(within(card).getByTestId('posting-number').textContent).toBe('87215400-0001-1');
    expect(within(card).getByTestId('posting-status').textContent).toBe('awaiting_deliver / posting_awaiting_passport_data');
    expect(within(card).getByTestId('posting-cutoff')).toBeTruthy();
    expect(within(card).queryByTestId('posting-past-cutoff')).toBeNull();
    expect(within(card).getByTestId('posting-requirements').textContent).toBe('标识码（Честный ЗНАК），每件一个：TWS-PRO-53');
    const history = within(card).getAllByTestId('posting-history-entry');
    expect(history.map((h) => h.dataset.change)).toEqual(['act_ready', 'label_fetched', 'shipped', 'ozon_status', 'IMPORTED']);
    expect(history[0]!.textContent).toContain('Ozon 交接单 5550001 和运单已就绪');
    expect(history[2]!.textContent).toContain('已向 Ozon 报告发货：87215400-0001-1');
    expect(history[3]!.textContent).toContain('awaiting_packaging / posting_created → awaiting_packaging / posting_acceptance_in_progress');

    const results = await axe.run(card, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('flags a passed cut-off and lists the parts of a split, in Russian', async () => {
    render(
      'ru',
      posting({
        pastCutoff: true,
        status: 'awaiting_packaging',
        requirements: [],
        parts: [{ __typename: 'MarketplacePosting', postingNumber: '87215400-0001-2', status: 'awaiting_deliver', substatus: null }],
        syncHistory: [],
      }),
    );
    const card = await screen.findByTestId('marketplace-posting');
    expect(within(card).getByTestId('posting-past-cutoff').textContent).toBe('Срок отгрузки прошёл: передайте отправление сейчас.');
    expect(within(card).getByTestId('posting-parts').textContent).toContain('87215400-0001-2 · awaiting_deliver');
    expect(within(card).queryByTestId('posting-history')).toBeNull();
    expect(within(card).queryByTestId('posting-requirements')).toBeNull();
  });

  it('shows nothing for an order that did not come from a marketplace', async () => {
    const api = render('en', null);
    await screen.findByTestId('order-header');
    await waitFor(() => expect(api.requests.some((r) => r.operationName === 'OrderMarketplacePosting')).toBe(true));
    expect(screen.queryByTestId('marketplace-posting')).toBeNull();
  });
});
