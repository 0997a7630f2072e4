import { For } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@solidjs/testing-library';
import { createI18n, I18nProvider } from '../i18n';
import { createMockFetch, makeOrder, ordersPage, statusCounts } from '../test/graphqlMock';
import { renderApp } from '../test/renderApp';
import { CutoffBadge, type CutoffState } from './CutoffBadge';

function badges(states: (CutoffState | null)[], locale: 'en' | 'ru' | 'zh-CN' = 'en', hint = false) {
  const i18n = createI18n(locale);
  render(() => (
    <I18nProvider i18n={i18n}>
      <For each={states}>{(state) => <CutoffBadge state={state} hint={hint} />}</For>
    </I18nProvider>
  ));
  return screen.queryAllByTestId('cutoff-badge');
}

describe('CutoffBadge', () => {
  it('warns only when the cut-off is near or past', () => {
    const shown = badges(['OK', null, 'SOON', 'PAST']);
    expect(shown.map((el) => [el.dataset.state, el.textContent])).toEqual([
      ['SOON', '⏱Cut-off soon'],
      ['PAST', '⛔Past cut-off'],
    ]);
    expect(shown[1]!.className).toContain('cutoff-badge--past');
  });

  it('says what to do in the floor’s language', () => {
    expect(badges(['PAST'], 'zh-CN', true)[0]!.textContent).toBe('⛔已过截单 — 已过截单时间：拣货前请先与主管确认。');
  });

  it('shows on the order queue’s rows, so the floor works those first', async () => {
    const api = createMockFetch({
      OrderQueue: () =>
        ordersPage([
          makeOrder({ number: 1, status: 'CONFIRMED', cutoffState: 'PAST' }),
          makeOrder({ number: 2, status: 'CONFIRMED', cutoffState: 'SOON' }),
          makeOrder({ number: 3, status: 'NEW', cutoffState: 'OK' }),
        ]),
      OrderStatusCounts: () => statusCounts({ CONFIRMED: 2, NEW: 1 }),
    });
    renderApp({ fetch: api.fetch, locale: 'ru' });
    await screen.findAllByTestId('cutoff-badge', {}, { timeout: 5000 });
    expect(screen.getAllByTestId('cutoff-badge').map((el) => [el.dataset.state, el.textContent])).toEqual([
      ['PAST', '⛔Cut-off прошёл'],
      ['SOON', '⏱Скоро cut-off'],
    ]);
  });
});
