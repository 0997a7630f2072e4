import type { Locale, PluralMessage } from '../types';
import type { en } from './en';

/** The shape every dictionary must have: exactly the keys of `en`, same value kinds. */
export type Messages = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : PluralMessage };
export type MessageKey = keyof Messages;
/** Keys of plain messages: use with `t()`. */
export type TextKey = { [K in MessageKey]: Messages[K] extends string ? K : never }[MessageKey];
/** Keys of plural messages: use with `tn()`. */
export type PluralKey = Exclude<MessageKey, TextKey>;

/**
 * Each dictionary is its own chunk, loaded with import() when its language is needed: the initial
 * bundle carries only the language the app starts in (the service worker precaches all three, so
 * switching works offline too). Only the type of `en` is imported here, never its text.
 */
const loaders: Record<Locale, () => Promise<Messages>> = {
  en: () => import('./en').then((m) => m.en),
  ru: () => import('./ru').then((m) => m.ru),
  'zh-CN': () => import('./zh-CN').then((m) => m.zhCN),
};

const loaded: Partial<Record<Locale, Messages>> = {};
const loading: Partial<Record<Locale, Promise<Messages>>> = {};

/** The dictionary if it is already loaded (synchronous), else undefined. */
export function loadedMessages(locale: Locale): Messages | undefined {
  return loaded[locale];
}

/** Loads a language's dictionary (once; later calls share the same promise). */
export function loadMessages(locale: Locale): Promise<Messages> {
  const ready = loaded[locale];
  if (ready) return Promise.resolve(ready);
  return (loading[locale] ??= loaders[locale]().then(
    (messages) => (loaded[locale] = messages),
    (error: unknown) => {
      delete loading[locale]; // offline before the service worker cached it: try again next time
      throw error;
    },
  ));
}

/** Tests (and tools): make dictionaries available synchronously. */
export function provideMessages(dictionaries: Partial<Record<Locale, Messages>>): void {
  Object.assign(loaded, dictionaries);
}
