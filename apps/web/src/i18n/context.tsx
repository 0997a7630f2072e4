import { createContext, createEffect, createSignal, useContext, type Accessor, type ParentProps } from 'solid-js';
import { loadedMessages, loadMessages, type Messages, type PluralKey, type TextKey } from './messages';
import { formatDateTime, formatDuration, formatMoney, formatNumber, formatRelativeTime, pluralCategory, type MoneyValue } from './format';
import { saveLocale } from './detect';
import type { Locale, PluralMessage } from './types';

export type Params = Record<string, string | number>;

export interface I18n {
  locale: Accessor<Locale>;
  /**
   * Changes the UI language and remembers it in localStorage. The language's dictionary is loaded
   * first when needed (import()): the UI switches once it is there (the promise resolves then).
   */
  setLocale(locale: Locale): Promise<void>;
  /** Translates a plain message; `{name}` placeholders are filled from params. */
  t(key: TextKey, params?: Params): string;
  /** Translates a plural message for `count` (Intl.PluralRules of the current locale). */
  tn(key: PluralKey, count: number, params?: Params): string;
  number(value: number): string;
  money(value: MoneyValue): string;
  dateTime(value: Date | string, now?: Date): string;
  relativeTime(value: Date | string, now?: Date): string;
  /** The time between now and `value`, no direction: "6 hours", "6 часов", "6小时". */
  duration(value: Date | string, now?: Date): string;
}

function interpolate(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Creates the reactive i18n state. Everything reading `t()` etc. re-renders when the locale changes.
 * The initial language's dictionary must be loaded already (`loadMessages(locale)` before rendering,
 * see src/index.tsx); other languages are loaded when switched to.
 */
export function createI18n(initial: Locale, options: { persist?: boolean } = {}): I18n {
  const first = loadedMessages(initial);
  if (!first) throw new Error(`createI18n: the ${initial} dictionary is not loaded (await loadMessages('${initial}') first)`);
  const [locale, setLocaleSignal] = createSignal<Locale>(initial);
  const [messages, setMessages] = createSignal<Messages>(first);
  let requested = initial;
  // Plain functions, no memos: safe to create outside a reactive root (src/index.tsx does).
  return {
    locale,
    async setLocale(next) {
      requested = next;
      if (options.persist !== false) saveLocale(next);
      const dictionary = loadedMessages(next) ?? (await loadMessages(next));
      if (requested !== next) return; // another language was chosen meanwhile
      setMessages(() => dictionary);
      setLocaleSignal(() => next);
    },
    t: (key, params) => interpolate(messages()[key], params),
    tn(key, count, params) {
      const forms: PluralMessage = messages()[key];
      const template = forms[pluralCategory(count, locale())] ?? forms.other;
      return interpolate(template, { ...params, count: formatNumber(count, locale()) });
    },
    number: (value) => formatNumber(value, locale()),
    money: (value) => formatMoney(value, locale()),
    dateTime: (value, now) => formatDateTime(value, locale(), now),
    relativeTime: (value, now) => formatRelativeTime(value, locale(), now),
    duration: (value, now) => formatDuration(value, locale(), now),
  };
}

const I18nContext = createContext<I18n>();

export function I18nProvider(props: ParentProps<{ i18n: I18n }>) {
  // Keep <html lang> in sync: screen readers and CJK font selection depend on it.
  createEffect(() => {
    if (typeof document !== 'undefined') document.documentElement.lang = props.i18n.locale();
  });
  // eslint-disable-next-line solid/reactivity -- the app makes one I18n for its lifetime; what changes (the locale) is a signal inside it.
  return <I18nContext.Provider value={props.i18n}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() must be used inside <I18nProvider>');
  return i18n;
}
