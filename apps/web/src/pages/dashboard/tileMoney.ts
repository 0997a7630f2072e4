import { currencyDigits, formatMoney, type MoneyValue } from '../../i18n/format';
import type { Locale } from '../../i18n';

/**
 * An amount short enough for a dashboard tile on a 360 px phone: whole units from 1,000 up
 * ("123 457 ₽"), the locale's compact notation from a million ("1,2 млн ₽", "₽1.2M", "¥123.5万");
 * below 1,000 the exact amount. The exact amount stays in formatMoney (the tile reads it out).
 */
export function formatTileMoney(money: MoneyValue, locale: Locale): string {
  const currency = money.currency.toUpperCase();
  const amount = money.minorUnits / 10 ** currencyDigits(currency);
  if (Math.abs(amount) < 1000) return formatMoney(money, locale);
  const compact = Math.round(Math.abs(amount)) >= 1_000_000;
  const options: Intl.NumberFormatOptions = compact ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 0 };
  try {
    return new Intl.NumberFormat(locale, { ...options, style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: 0 }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(locale, options).format(amount)} ${money.currency}`;
  }
}
