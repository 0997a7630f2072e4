import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@solidjs/testing-library';
import { createI18n, I18nProvider } from '../i18n';
import { setNeedRefresh, setUpdateHandler } from '../pwa/state';
import { UpdateToast } from './UpdateToast';

describe('UpdateToast', () => {
  it('appears when a new version waits and applies it on request', async () => {
    const update = vi.fn(() => Promise.resolve());
    setUpdateHandler(update);
    render(() => (
      <I18nProvider i18n={createI18n('ru', { persist: false })}>
        <UpdateToast />
      </I18nProvider>
    ));
    expect(screen.queryByTestId('update-toast')).toBeNull();

    setNeedRefresh(true);
    const toast = screen.getByTestId('update-toast');
    expect(toast.textContent).toContain('Доступна новая версия Orderly.');
    fireEvent.click(screen.getByTestId('update-app'));
    expect(update).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('update-toast')).toBeNull();
  });

  it('can be postponed', () => {
    render(() => (
      <I18nProvider i18n={createI18n('zh-CN', { persist: false })}>
        <UpdateToast />
      </I18nProvider>
    ));
    setNeedRefresh(true);
    fireEvent.click(screen.getByText('稍后'));
    expect(screen.queryByTestId('update-toast')).toBeNull();
  });
});
