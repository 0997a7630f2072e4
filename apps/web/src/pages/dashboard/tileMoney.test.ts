import { describe, expect, it } from 'vitest';
import { formatTileMoney } from './tileMoney';

// Intl separates groups and the currency with no-break spaces (U+00A0, U+202F): compare with plain ones.
const tile = (minorUnits: number, currency: string, locale: 'ru' | 'en' | 'zh-CN') => formatTileMoney({ minorUnits, currency }, locale).replace(/[\u00a0\u202f]/g, ' ');

describe('formatTileMoney', () => {
  it('keeps small amounts exact, drops kopecks from 1,000 and goes compact from a million, per locale', () => {
    expect(tile(99_950, 'RUB', 'ru')).toBe('999,50 ₽');
    expect(tile(12_345_678, 'RUB', 'ru')).toBe('123 457 ₽');
    expect(tile(123_456_789_012, 'RUB', 'ru')).toBe('1,2 млрд ₽');
    expect(tile(1_234_567_800, 'RUB', 'en')).toBe('₽12.3M');
    expect(tile(1_234_567_800, 'CNY', 'zh-CN')).toBe('¥1234.6万');
    // 999,999.99 rounds to a million: compact, not "1 000 000 ₽".
    expect(tile(99_999_999, 'RUB', 'ru')).toBe('1 млн ₽');
  });

  it('shows a code Intl does not know after the number', () => {
    expect(tile(500_000_000, 'XYZ1', 'en')).toBe('5M XYZ1');
  });
});
