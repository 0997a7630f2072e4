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
    exemplarStatus: null,
    requirementStates: [],
    markingCodes: [],
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
  it('shows the posting number, Ozon status and substatus in the floor’s language, cut-off, requirements and the sync history, newest first — axe-clean', async () => {
    render('zh-CN', posting());
    // The first render loads the order page's chunks (slow on a busy machine).
    const card = await screen.findByTestId('marketplace-posting', {}, { timeout: 15_000 });
    expect(within(card).getByTestId('posting-number').textContent).toBe('87215400-0001-1');
    expect(within(card).getByTestId('posting-status').textContent).toBe('等待发运 · 等待护照信息');
    expect(within(card).getByTestId('posting-cutoff')).toBeTruthy();
    expect(within(card).queryByTestId('posting-past-cutoff')).toBeNull();
    expect(within(card).getByTestId('posting-requirements').textContent).toBe('标识码（Честный ЗНАК），每件一个：TWS-PRO-53');
    const history = within(card).getAllByTestId('posting-history-entry');
    expect(history.map((h) => h.dataset.change)).toEqual(['act_ready', 'label_fetched', 'shipped', 'ozon_status', 'IMPORTED']);
    expect(history[0]!.textContent).toContain('Ozon 交接单 5550001 和运单已就绪');
    expect(history[2]!.textContent).toContain('已向 Ozon 报告发货：87215400-0001-1');
    expect(history[3]!.textContent).toContain('Ozon 状态：等待备货 · 已创建 → 等待备货 · 验收中');

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
    expect(within(card).getByTestId('posting-parts').textContent).toContain('87215400-0001-2 · Ожидает отгрузки');
    expect(within(card).queryByTestId('posting-history')).toBeNull();
    expect(within(card).queryByTestId('posting-requirements')).toBeNull();
  });

  it('shows a status code it does not know as a generic label with the code in small print, in history too', async () => {
    render(
      'en',
      posting({
        status: 'awaiting_something_new',
        substatus: 'posting_in_carriage',
        requirements: [],
        syncHistory: [entry(1, 'NOTE_ADDED', { source: 'ozon', change: 'state', status: 'awaiting_something_new', substatus: null })],
      }),
    );
    const card = await screen.findByTestId('marketplace-posting');
    const status = within(card).getByTestId('posting-status');
    expect(status.textContent).toBe('Other Ozon status awaiting_something_new · in carriage');
    expect(status.querySelector('small')!.textContent).toBe('awaiting_something_new');
    expect(within(card).getByTestId('posting-history-entry').textContent).toContain('Ozon state: Other Ozon status (awaiting_something_new)');
  });

  it('shows each unit’s marking code: missing, scanned but not sent, accepted or refused by Ozon — axe-clean', async () => {
    const code = (n: number, ozonStatus: string | null, ozonErrors: string[] = []) => ({
      __typename: 'MarkingCode',
      code: `0104600000000012215ABC${n}`,
      sku: 'TWS-PRO-53',
      ozonStatus,
      ozonErrors,
    });
    const marking = (codes: ReturnType<typeof code>[], exemplarStatus: string | null) =>
      posting({
        exemplarStatus,
        requirementStates: [
          {
            __typename: 'MarketplaceRequirementState',
            code: 'MARKING_CODES',
            items: [{ __typename: 'MarketplaceRequirementItem', sku: 'TWS-PRO-53', required: 4, done: 2, missing: 2 }],
          },
        ],
        markingCodes: codes,
      });
    render('en', marking([code(1, 'passed'), code(2, null), code(3, 'refused', ['INVALID_MARK'])], null));
    const card = await screen.findByTestId('marketplace-posting');
    const product = within(card).getByTestId('posting-marking-product');
    expect(product.textContent).toContain('TWS-PRO-53: 2 / 4');
    const units = within(product).getAllByTestId('posting-marking-unit');
    expect(units.map((u) => u.dataset.state)).toEqual(['passed', 'notSent', 'refused', 'missing']);
    expect(units.map((u) => within(u).getByTestId('posting-marking-state').textContent)).toEqual([
      'accepted by Ozon',
      'scanned, not sent to Ozon yet',
      'refused by Ozon: INVALID_MARK',
      'no code yet',
    ]);
    expect(units[0]!.textContent).toContain('0104600000000012215ABC1');
    const results = await axe.run(card, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('says Ozon is checking codes sent while it validates them, in Chinese', async () => {
    render(
      'zh-CN',
      posting({
        exemplarStatus: 'validation_in_process',
        requirementStates: [
          {
            __typename: 'MarketplaceRequirementState',
            code: 'MARKING_CODES',
            items: [{ __typename: 'MarketplaceRequirementItem', sku: 'TWS-PRO-53', required: 1, done: 1, missing: 0 }],
          },
        ],
        markingCodes: [{ __typename: 'MarkingCode', code: '0104600000000012215XYZ', sku: 'TWS-PRO-53', ozonStatus: null, ozonErrors: [] }],
      }),
    );
    const unit = await screen.findByTestId('posting-marking-unit');
    expect(unit.dataset.state).toBe('checking');
    expect(within(unit).getByTestId('posting-marking-state').textContent).toBe('已发送，Ozon 审核中');
  });

  it('shows nothing for an order that did not come from a marketplace', async () => {
    const api = render('en', null);
    await screen.findByTestId('order-header');
    await waitFor(() => expect(api.requests.some((r) => r.operationName === 'OrderMarketplacePosting')).toBe(true));
    expect(screen.queryByTestId('marketplace-posting')).toBeNull();
  });
});
