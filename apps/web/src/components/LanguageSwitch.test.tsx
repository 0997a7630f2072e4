import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@solidjs/testing-library';
import { createI18n, I18nProvider, LOCALE_STORAGE_KEY } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { StatusBadge } from './StatusBadge';
import { ChannelBadge } from './ChannelBadge';

function setup(locale: 'en' | 'ru' | 'zh-CN' = 'en') {
  const i18n = createI18n(locale);
  render(() => (
    <I18nProvider i18n={i18n}>
      <LanguageSwitch />
      <StatusBadge status="READY_TO_SHIP" />
      <ChannelBadge channel="manual" />
    </I18nProvider>
  ));
  return i18n;
}

describe('LanguageSwitch', () => {
  it('shows the current language and switches every translated string', () => {
    setup('en');
    const select = screen.getByTestId('language-switch') as HTMLSelectElement;
    expect(select.value).toBe('en');
    expect(screen.getByTestId('status-badge').textContent).toBe('Ready to ship');
    expect(screen.getByTestId('order-channel').textContent).toBe('Manual');
    expect(document.documentElement.lang).toBe('en');

    fireEvent.change(select, { target: { value: 'ru' } });
    expect(screen.getByTestId('status-badge').textContent).toBe('Готов к отгрузке');
    expect(screen.getByTestId('order-channel').textContent).toBe('Вручную');
    expect(document.documentElement.lang).toBe('ru');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('ru');

    fireEvent.change(select, { target: { value: 'zh-CN' } });
    expect(screen.getByTestId('status-badge').textContent).toBe('待发货');
    expect(screen.getByTestId('order-channel').textContent).toBe('手工订单');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
  });

  it('labels the options with each language’s own name', () => {
    setup('ru');
    const options = [...(screen.getByTestId('language-switch') as HTMLSelectElement).options];
    expect(options.map((o) => [o.value, o.textContent])).toEqual([
      ['zh-CN', '简体中文'],
      ['ru', 'Русский'],
      ['en', 'English'],
    ]);
    expect(screen.getByLabelText('Язык')).toBe(screen.getByTestId('language-switch'));
  });
});

describe('StatusBadge', () => {
  it('falls back to the raw value for a status this client does not know', () => {
    const i18n = createI18n('en', { persist: false });
    render(() => (
      <I18nProvider i18n={i18n}>
        <StatusBadge status="LOST_IN_SPACE" />
      </I18nProvider>
    ));
    expect(screen.getByTestId('status-badge').textContent).toBe('LOST_IN_SPACE');
    expect(screen.getByTestId('status-badge').className).toContain('tone-muted');
  });
});
