import { describe, expect, it } from 'vitest';
import { createRoot } from 'solid-js';
import { createI18n } from './context';
import { detectLocale, LOCALE_STORAGE_KEY, readSavedLocale } from './detect';
import { formatDateTime, formatDuration, formatMoney, formatRelativeTime } from './format';
import { ALL_DICTIONARIES as DICTIONARIES } from './messages/all';
import { LOCALES } from './types';

/** Intl uses (narrow) no-break spaces in ru; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats minor units with the currency, per locale', () => {
    const rub = { minorUnits: 123456, currency: 'RUB' };
    expect(plain(formatMoney(rub, 'ru'))).toBe('1 234,56 ₽');
    // The symbol people see on price tags (issue 12: not "RUB 1,234.56" in Chinese).
    expect(plain(formatMoney(rub, 'en'))).toBe('₽1,234.56');
    expect(plain(formatMoney(rub, 'zh-CN'))).toBe('₽1,234.56');
    expect(formatMoney({ minorUnits: 9900, currency: 'CNY' }, 'zh-CN')).toBe('¥99.00');
    expect(plain(formatMoney({ minorUnits: 9900, currency: 'CNY' }, 'ru'))).toBe('99,00 ¥');
    expect(formatMoney({ minorUnits: 1999, currency: 'USD' }, 'en')).toBe('$19.99');
  });

  it('uses the currency’s own number of minor digits', () => {
    expect(formatMoney({ minorUnits: 1500, currency: 'JPY' }, 'en')).toBe('¥1,500');
    expect(plain(formatMoney({ minorUnits: 5, currency: 'RUB' }, 'en'))).toBe('₽0.05');
  });

  it('does not throw on an unknown currency code', () => {
    expect(formatMoney({ minorUnits: 1050, currency: 'XX1' }, 'en')).toBe('10.50 XX1');
  });
});

describe('dates', () => {
  const now = new Date('2025-12-05T10:00:00Z'); // vitest.config sets TZ=UTC

  it('formats ship-by date and time per locale', () => {
    const shipBy = '2025-12-05T14:30:00Z';
    expect(plain(formatDateTime(shipBy, 'en', now))).toBe('Dec 5, 2:30 PM');
    expect(formatDateTime(shipBy, 'ru', now)).toBe('5 дек., 14:30');
    expect(formatDateTime(shipBy, 'zh-CN', now)).toBe('12月5日 14:30');
    // another year: the year is shown
    expect(formatDateTime('2026-01-02T08:00:00Z', 'ru', now)).toBe('2 янв. 2026 г., 8:00');
  });

  it('formats relative time per locale, future and past', () => {
    expect(formatRelativeTime('2025-12-05T13:00:00Z', 'en', now)).toBe('in 3 hours');
    expect(formatRelativeTime('2025-12-05T13:00:00Z', 'ru', now)).toBe('через 3 часа');
    expect(formatRelativeTime('2025-12-05T13:00:00Z', 'zh-CN', now)).toBe('3小时后');
    expect(formatRelativeTime('2025-12-05T09:15:00Z', 'en', now)).toBe('45 minutes ago');
    expect(formatRelativeTime('2025-12-05T09:15:00Z', 'ru', now)).toBe('45 минут назад');
    expect(formatRelativeTime('2025-12-08T10:00:00Z', 'zh-CN', now)).toBe('3天后');
    expect(formatRelativeTime('2025-12-06T10:00:00Z', 'en', now)).toBe('tomorrow');
  });
});

describe('createI18n', () => {
  it('translates, interpolates and switches language', () => {
    createRoot((dispose) => {
      const i18n = createI18n('en', { persist: false });
      expect(i18n.t('status.PICKING')).toBe('Picking');
      expect(i18n.t('queue.empty.bodyFiltered', { status: 'Packed' })).toBe('No orders with the status “Packed”.');
      i18n.setLocale('ru');
      expect(i18n.locale()).toBe('ru');
      expect(i18n.t('status.PICKING')).toBe('Сборка');
      i18n.setLocale('zh-CN');
      expect(i18n.t('status.PICKING')).toBe('拣货中');
      dispose();
    });
  });

  it('picks the plural form of the locale', () => {
    const i18n = createI18n('ru', { persist: false });
    expect(i18n.tn('order.items', 1)).toBe('1 товар');
    expect(i18n.tn('order.items', 3)).toBe('3 товара');
    expect(i18n.tn('order.items', 5)).toBe('5 товаров');
    expect(i18n.tn('order.items', 21)).toBe('21 товар');
    expect(plain(i18n.tn('order.items', 1234))).toBe('1 234 товара');
    i18n.setLocale('en');
    expect(i18n.tn('order.items', 1)).toBe('1 item');
    expect(i18n.tn('order.items', 2)).toBe('2 items');
    i18n.setLocale('zh-CN');
    expect(i18n.tn('order.items', 2)).toBe('2 件商品');
  });

  it('remembers the chosen language in localStorage', () => {
    const i18n = createI18n('en');
    i18n.setLocale('ru');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('ru');
    expect(readSavedLocale()).toBe('ru');
  });
});

describe('detectLocale', () => {
  it('prefers the saved choice', () => {
    expect(detectLocale('ru', ['zh-CN', 'en'])).toBe('ru');
  });
  it('ignores an invalid saved value and falls back to the browser languages', () => {
    expect(detectLocale('de', ['de-DE', 'zh-Hans-CN', 'en'])).toBe('zh-CN');
    expect(detectLocale(null, ['ru-RU'])).toBe('ru');
    expect(detectLocale(null, ['zh-TW'])).toBe('zh-CN');
    expect(detectLocale(null, ['en-GB', 'ru'])).toBe('en');
  });
  it('defaults to English', () => {
    expect(detectLocale(undefined, ['fr-FR', 'de'])).toBe('en');
    expect(detectLocale(null, [])).toBe('en');
  });
});

describe('dictionaries', () => {
  it('have no empty strings and keep every placeholder of the English text', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
    for (const locale of LOCALES) {
      for (const [key, value] of Object.entries(DICTIONARIES[locale])) {
        const reference = (DICTIONARIES.en as Record<string, unknown>)[key];
        const forms = typeof value === 'string' ? [value] : Object.values(value);
        const referenceForm = typeof reference === 'string' ? reference : (reference as { other: string }).other;
        for (const form of forms) {
          expect(form.trim(), `${locale} ${key}`).not.toBe('');
          expect(placeholders(form), `${locale} ${key}`).toBe(placeholders(referenceForm));
        }
      }
    }
  });
});

describe('formatDuration', () => {
  const now = new Date('2026-12-05T12:00:00Z');
  const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
  it('says how long, without "in" or "ago", for "Ship within …" / "Overdue by …"', () => {
    expect(formatDuration(at(6), 'en', now)).toBe('6 hours');
    expect(formatDuration(at(-1), 'en', now)).toBe('1 hour');
    expect(formatDuration(at(-1), 'ru', now)).toBe('1 час');
    expect(formatDuration(at(5), 'ru', now)).toBe('5 часов');
    expect(formatDuration(at(6), 'zh-CN', now)).toBe('6小时');
    expect(formatDuration(at(0.25), 'en', now)).toBe('15 minutes');
    expect(formatDuration(at(-72), 'en', now)).toBe('3 days');
  });
});
