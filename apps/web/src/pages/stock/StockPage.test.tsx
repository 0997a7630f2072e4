import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, userErrors } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const level = (onHand: number, damaged = 0) => ({
  __typename: 'InventoryLevel',
  id: 'SW52OjE=',
  available: onHand - 8,
  onHand,
  reserved: 8,
  picked: 0,
  damaged,
  updatedAt: '2025-12-05T09:00:00.000Z',
  warehouse: { __typename: 'Warehouse', code: 'MSK-1', name: 'Склад Москва' },
  bins: [{ __typename: 'BinStock', quantity: onHand, location: { __typename: 'Location', code: 'A-01-1-1' } }],
});

function stockApi(options: { adjust?: () => unknown; damaged?: number } = {}) {
  let onHand = 50;
  const product = () => ({
    __typename: 'Product',
    id: 'UHJvZHVjdDox',
    sku: 'TWS-PRO-53',
    name: 'Беспроводные наушники TWS Pro 5.3 / 无线蓝牙耳机',
    barcodes: ['4607000010013'],
    price: { __typename: 'Money', minorUnits: 199000, currency: 'RUB' },
    lowStockThreshold: 10,
    inventory: [level(onHand, options.damaged)],
  });
  return createMockFetch({
    ProductStock: ({ variables }) => ({ data: { productByCode: ['TWS-PRO-53', '4607000010013'].includes(String(variables.code)) ? product() : null } }),
    BinStock: ({ variables }) => ({
      data: {
        inventoryLevels: {
          __typename: 'QueryInventoryLevelsConnection',
          edges:
            variables.code === 'A-01-1-1'
              ? [
                  {
                    __typename: 'QueryInventoryLevelsConnectionEdge',
                    node: { ...level(onHand), product: { __typename: 'Product', id: 'UHJvZHVjdDox', sku: 'TWS-PRO-53', name: 'Наушники' } },
                  },
                ]
              : [],
        },
      },
    }),
    AdjustStock: ({ variables }) => {
      if (options.adjust) return options.adjust();
      onHand += Number((variables.input as { delta: number }).delta);
      return { data: { adjustStock: { __typename: 'InventoryPayload', inventoryLevel: level(onHand), userErrors: [] } } };
    },
    ReceiveStock: ({ variables }) => {
      onHand += Number((variables.input as { quantity: number }).quantity);
      return { data: { receiveStock: { __typename: 'InventoryPayload', inventoryLevel: level(onHand), userErrors: [] } } };
    },
  });
}

function scan(code: string) {
  const input = screen.getByTestId('stock-scan') as HTMLInputElement;
  input.value = code;
  fireEvent.input(input);
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe('StockPage', () => {
  it('looks up a scanned barcode: levels per warehouse and bins, with green feedback', async () => {
    const api = stockApi();
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/stock' });
    const input = await screen.findByTestId('stock-scan');
    expect(document.activeElement).toBe(input); // ready for the scanner
    scan('4607000010013');
    const card = await screen.findByTestId('stock-product');
    expect(within(card).getByTestId('stock-sku').textContent).toBe('TWS-PRO-53');
    expect(within(card).getByTestId('stock-available').textContent).toBe('42');
    expect(within(card).getByTestId('stock-on-hand').textContent).toBe('50');
    expect(within(card).getByTestId('stock-reserved').textContent).toBe('8');
    expect(within(card).getByTestId('stock-bin').textContent).toBe('A-01-1-150');
    // No damaged units: no damaged figure.
    expect(within(card).queryByTestId('stock-damaged')).toBeNull();
    await waitFor(() => expect(history.get()).toBe('/stock?code=4607000010013'));
    await waitFor(() => expect(input.closest('.scan')!.getAttribute('data-scan-state')).toBe('ok'));
    // One request for the scan; the page reads it from the cache.
    expect(api.requests.filter((r) => r.operationName === 'ProductStock')).toHaveLength(1);
  });

  it('shows damaged units (kept apart, never available) when there are some', async () => {
    const api = stockApi({ damaged: 3 });
    renderApp({ fetch: api.fetch, locale: 'ru', path: '/stock' });
    await screen.findByTestId('stock-scan');
    scan('TWS-PRO-53');
    const card = await screen.findByTestId('stock-product');
    expect(within(card).getByTestId('stock-damaged').textContent).toBe('3');
    expect(within(card).getByTestId('stock-damaged-stat').textContent).toContain('Повреждено');
    expect(within(card).getByTestId('stock-available').textContent).toBe('42');
  });

  it('shows the products in a scanned bin, and a clear "not found" in red', async () => {
    const api = stockApi();
    renderApp({ fetch: api.fetch, locale: 'ru', path: '/stock' });
    await screen.findByTestId('stock-scan');
    scan('A-01-1-1');
    const bin = await screen.findByTestId('stock-bin-contents');
    expect(bin.textContent).toContain('В ячейке A-01-1-1');
    expect(within(bin).getByTestId('bin-product').textContent).toContain('TWS-PRO-53');

    scan('XXX-404');
    expect((await screen.findByTestId('stock-not-found')).textContent).toContain('По коду «XXX-404» ничего не найдено');
    await waitFor(() => expect(screen.getByTestId('stock-scan').closest('.scan')!.getAttribute('data-scan-state')).toBe('error'));
  });

  it('adjusts with a reason and an idempotency key, and shows the new level', async () => {
    const api = stockApi();
    renderApp({ fetch: api.fetch, locale: 'en', path: '/stock?code=TWS-PRO-53' });
    fireEvent.click(await screen.findByTestId('stock-adjust'));
    const sheet = await screen.findByTestId('adjust-sheet');
    fireEvent.click(within(sheet).getByTestId('adjust-delta-minus'));
    expect(within(sheet).getByTestId('adjust-preview').textContent).toBe('On hand: 50 → 48');
    fireEvent.change(within(sheet).getByTestId('adjust-reason'), { target: { value: 'DAMAGE' } });
    fireEvent.input(within(sheet).getByTestId('adjust-note'), { target: { value: 'wet box' } });
    fireEvent.click(within(sheet).getByTestId('adjust-submit'));
    expect((await screen.findByTestId('stock-done')).textContent).toContain('Stock corrected.');
    const request = api.requests.find((r) => r.operationName === 'AdjustStock')!;
    expect(request.variables).toMatchObject({
      input: { code: 'TWS-PRO-53', warehouseCode: 'MSK-1', locationCode: 'A-01-1-1', delta: -2, reason: 'DAMAGE: wet box' },
    });
    expect(String(request.variables.idempotencyKey)).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => expect(screen.getByTestId('stock-on-hand').textContent).toBe('48'));
  });

  it('receives goods into a bin', async () => {
    const api = stockApi();
    renderApp({ fetch: api.fetch, locale: 'zh-CN', path: '/stock?code=TWS-PRO-53' });
    fireEvent.click(await screen.findByTestId('stock-receive'));
    const sheet = await screen.findByTestId('receive-sheet');
    fireEvent.input(within(sheet).getByTestId('receive-quantity'), { target: { value: '12' } });
    fireEvent.input(within(sheet).getByTestId('receive-reference'), { target: { value: 'ТН-77' } });
    fireEvent.click(within(sheet).getByTestId('receive-submit'));
    expect((await screen.findByTestId('stock-done')).textContent).toContain('已入库。');
    expect(api.requests.find((r) => r.operationName === 'ReceiveStock')!.variables).toMatchObject({
      input: { code: 'TWS-PRO-53', quantity: 12, locationCode: 'A-01-1-1', reference: 'ТН-77' },
    });
    await waitFor(() => expect(screen.getByTestId('stock-on-hand').textContent).toBe('62'));
  });

  it('shows the API refusal translated (units reserved for orders cannot be removed)', async () => {
    const api = stockApi({
      adjust: () => ({
        data: {
          adjustStock: { __typename: 'InventoryPayload', inventoryLevel: null, userErrors: userErrors({ code: 'INSUFFICIENT_STOCK', field: ['input', 'delta'] }) },
        },
      }),
    });
    renderApp({ fetch: api.fetch, locale: 'ru', path: '/stock?code=TWS-PRO-53' });
    fireEvent.click(await screen.findByTestId('stock-adjust'));
    fireEvent.click(within(await screen.findByTestId('adjust-sheet')).getByTestId('adjust-submit'));
    expect((await screen.findByTestId('user-errors')).textContent).toContain('Не хватает товара.');
  });
});
