export const LOCALES = ['zh-CN', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's own name (autonym): shown as-is in the language switch whatever the UI language. */
export const LOCALE_AUTONYMS: Record<Locale, string> = {
  'zh-CN': '简体中文',
  ru: 'Русский',
  en: 'English',
};

/**
 * Plural message: one form per CLDR plural category the language uses (Intl.PluralRules);
 * `other` is required. `{count}` is replaced by the locale-formatted number.
 * en: one/other; ru: one/few/many/other; zh-CN: other only.
 */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export type MessageValue = string | PluralMessage;
