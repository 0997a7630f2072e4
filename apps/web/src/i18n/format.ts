import type { Locale } from './types';

/** Money as the API sends it: integer minor units (kopecks, fen, cents) + ISO 4217 code. */
export interface MoneyValue {
  minorUnits: number;
  currency: string;
}

// Intl formatters are comparatively expensive to build: cache them per locale + options.
const cache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

export function pluralCategory(count: number, locale: Locale): Intl.LDMLPluralRule {
  return cached(`p|${locale}`, () => new Intl.PluralRules(locale)).select(count);
}

export function formatNumber(value: number, locale: Locale): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** Number of minor-unit digits of a currency (RUB/CNY/USD 2, JPY/KRW 0, BHD 3), per CLDR. */
export function currencyDigits(currency: string): number {
  return cached(`d|${currency}`, () => {
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      return 2;
    }
  });
}

export function formatMoney(money: MoneyValue, locale: Locale): string {
  const currency = money.currency.toUpperCase();
  const digits = currencyDigits(currency);
  const amount = money.minorUnits / 10 ** digits;
  try {
    return cached(
      `m|${locale}|${currency}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          // "₽" / "¥" rather than "RUB" / "CN¥" in every language: what people see on price tags.
          currencyDisplay: 'narrowSymbol',
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }),
    ).format(amount);
  } catch {
    // Not a currency code Intl knows: show the number and the raw code.
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount)} ${money.currency}`;
  }
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Short date + time in the device's time zone, e.g. "Dec 5, 2:30 PM", "5 дек., 14:30", "12月5日 14:30". */
export function formatDateTime(value: Date | string, locale: Locale, now: Date = new Date()): string {
  const date = toDate(value);
  const sameYear = date.getFullYear() === now.getFullYear();
  return cached(
    `dt|${locale}|${sameYear}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        year: sameYear ? undefined : 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      }),
  ).format(date);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 3 hours" / "через 3 часа" / "3小时后"; past: "2 hours ago" / "2 часа назад" / "2小时前". */
export function formatRelativeTime(value: Date | string, locale: Locale, now: Date = new Date()): string {
  const diff = toDate(value).getTime() - now.getTime();
  const rtf = cached(`rt|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const abs = Math.abs(diff);
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  return rtf.format(Math.round(diff / DAY), 'day');
}

/**
 * How long between now and `value`, without a direction: "6 hours" / "6 часов" / "6小时" (whole
 * minutes under an hour, hours under a day, then days). For sentences like "Ship within 6 hours"
 * and "Overdue by 1 hour", where a relative time ("in 6 hours", "1 hour ago") would read wrong.
 */
export function formatDuration(value: Date | string, locale: Locale, now: Date = new Date()): string {
  const abs = Math.abs(toDate(value).getTime() - now.getTime());
  const [amount, unit] = abs < HOUR ? [Math.max(1, Math.round(abs / MINUTE)), 'minute'] : abs < DAY ? [Math.round(abs / HOUR), 'hour'] : [Math.round(abs / DAY), 'day'];
  return cached(`du|${locale}|${unit}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' })).format(amount);
}
