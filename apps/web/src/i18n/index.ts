export { createI18n, I18nProvider, useI18n, type I18n, type Params } from './context';
export { detectLocale, browserLanguages, readSavedLocale, LOCALE_STORAGE_KEY } from './detect';
export { formatMoney, formatDateTime, formatRelativeTime, formatDuration, formatNumber, type MoneyValue } from './format';
export { LOCALES, LOCALE_AUTONYMS, type Locale } from './types';
export type { MessageKey, TextKey, PluralKey, Messages } from './messages';
export { loadMessages, loadSection, type Section } from './messages';
